package torch4j.examples;

import torch4j.Tensor;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.ReLU;

/**
 * The seeds' {@code OurNet}: a multi-layer perceptron with two hidden layers,
 * {@code Linear(input, hidden) - ReLU - Linear(hidden, hidden) - ReLU - Linear(hidden, classes)}.
 * Images are flattened to {@code [N, input]} first.
 *
 * <pre>{@code OurNet net = new OurNet(784, 128, 10); }</pre>
 */
public final class OurNet extends Module {
    final Linear layer1;
    final ReLU relu = registerModule("relu", new ReLU());
    final Linear layer2;
    final Linear outputLayer;
    private final int inputSize;

    public OurNet(int inputSize, int hiddenSize, int numClasses) {
        this.inputSize = inputSize;
        layer1 = registerModule("layer_1", new Linear(inputSize, hiddenSize));
        layer2 = registerModule("layer_2", new Linear(hiddenSize, hiddenSize));
        outputLayer = registerModule("output_layer", new Linear(hiddenSize, numClasses));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = layer1.forward(x.reshape(-1, inputSize));
        out = relu.forward(out);
        out = layer2.forward(out);
        out = relu.forward(out);
        return outputLayer.forward(out);
    }
}
