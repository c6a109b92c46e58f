package torch4j.vision.transforms;

import java.util.function.UnaryOperator;
import torch4j.Tensor;

/**
 * A user function as a transform ({@code transforms.Lambda}); any {@link Transform} lambda works
 * too, this one just prints as {@code Lambda()} in a {@link Compose}.
 *
 * <pre>{@code Transform flatten = new Lambda(x -> x.reshape(-1)); }</pre>
 */
public final class Lambda implements Transform {
    private final UnaryOperator<Tensor> fn;

    public Lambda(UnaryOperator<Tensor> fn) {
        this.fn = fn;
    }

    @Override
    public Tensor apply(Tensor image) {
        return fn.apply(image);
    }

    @Override
    public String toString() {
        return "Lambda()";
    }
}
