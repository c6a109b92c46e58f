package torch4j.examples;

import torch4j.Tensor;
import torch4j.nn.Linear;
import torch4j.nn.Module;

/**
 * The seeds' logistic regression: one {@code Linear(input, classes)} on flattened images; the
 * softmax is inside the cross-entropy loss.
 *
 * <pre>{@code LogisticRegression lr = new LogisticRegression(784, 10); }</pre>
 */
public final class LogisticRegression extends Module {
    final Linear linear;
    private final int inputSize;

    public LogisticRegression(int inputSize, int numClasses) {
        this.inputSize = inputSize;
        linear = registerModule("linear", new Linear(inputSize, numClasses));
    }

    @Override
    public Tensor forward(Tensor x) {
        return linear.forward(x.reshape(-1, inputSize));
    }
}
