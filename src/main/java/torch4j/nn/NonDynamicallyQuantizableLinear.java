package torch4j.nn;

/**
 * A {@link Linear} under another name, as PyTorch's {@code NonDynamicallyQuantizableLinear}: it is
 * {@link MultiheadAttention}'s {@code out_proj}, and the name shows in its printout.
 */
public class NonDynamicallyQuantizableLinear extends Linear {
    public NonDynamicallyQuantizableLinear(int inFeatures, int outFeatures, boolean bias) {
        super(inFeatures, outFeatures, bias);
    }
}
