package torch4j.examples;

import torch4j.Tensor;
import torch4j.nn.Conv2d;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.functional.F;

/**
 * The seeds' LeNet-style {@code Net}, for 28x28 inputs: two 5x5 convolutions each followed by ReLU
 * and 2x2 max pooling, then three linear layers. The seed's {@code fc1} takes {@code 16 * 5 * 5}
 * features because it assumes 32x32 images; Fashion-MNIST's 28x28 images leave a 4x4 map after the
 * second pooling (28 -5+1 = 24, /2 = 12, -5+1 = 8, /2 = 4), so {@code fc1} is {@code Linear(16 * 4 * 4, 120)}.
 *
 * <pre>{@code Net net = new Net(); Tensor logits = net.forward(images);  // [N, 1, 28, 28] -> [N, 10] }</pre>
 */
public final class Net extends Module {
    final Conv2d conv1 = registerModule("conv1", new Conv2d(1, 6, 5));
    final Conv2d conv2 = registerModule("conv2", new Conv2d(6, 16, 5));
    final Linear fc1 = registerModule("fc1", new Linear(16 * 4 * 4, 120));
    final Linear fc2 = registerModule("fc2", new Linear(120, 84));
    final Linear fc3 = registerModule("fc3", new Linear(84, 10));

    @Override
    public Tensor forward(Tensor x) {
        // Max pooling over a (2, 2) window
        x = F.maxPool2d(F.relu(conv1.forward(x)), 2);
        x = F.maxPool2d(F.relu(conv2.forward(x)), 2);
        x = x.reshape(-1, 16 * 4 * 4);
        x = F.relu(fc1.forward(x));
        x = F.relu(fc2.forward(x));
        return fc3.forward(x);
    }
}
