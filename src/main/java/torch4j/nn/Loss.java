package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.Reduction;

/**
 * Base of the loss modules: a {@link Reduction} and {@code forward(input, target)}.
 *
 * <pre>{@code Loss criterion = new CrossEntropyLoss(); Tensor loss = criterion.forward(logits, labels); }</pre>
 */
public abstract class Loss extends Module {
    public final Reduction reduction;

    protected Loss(String reduction) {
        this.reduction = Reduction.of(reduction);
    }

    /** The loss of {@code input} against {@code target}. */
    public abstract Tensor forward(Tensor input, Tensor target);

    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(name() + ".forward needs an input and a target: forward(input, target)");
    }
}
