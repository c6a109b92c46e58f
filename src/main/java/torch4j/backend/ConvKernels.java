package torch4j.backend;

/** What convolution and pooling need: im2col/col2im and pooling windows. */
public interface ConvKernels {
}
