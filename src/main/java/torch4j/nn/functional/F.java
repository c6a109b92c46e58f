package torch4j.nn.functional;

import torch4j.Generator;
import torch4j.Tensor;

/**
 * PyTorch's {@code torch.nn.functional}: the layers and losses as static functions.
 *
 * <pre>{@code
 * import torch4j.nn.functional.F;
 * Tensor x = F.maxPool2d(F.relu(conv1.forward(input)), 2);
 * Tensor loss = F.crossEntropy(logits, target);
 * }</pre>
 */
public final class F {
    private F() {}

    // ------------------------------------------------------------------ activations

    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /** {@code F.leaky_relu(x, 0.01)}. */
    public static Tensor leakyRelu(Tensor x) {
        return Activations.leakyRelu(x, 0.01);
    }

    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return Activations.leakyRelu(x, negativeSlope);
    }

    /** {@code F.elu(x, alpha=1.0)}. */
    public static Tensor elu(Tensor x) {
        return Activations.elu(x, 1.0);
    }

    public static Tensor elu(Tensor x, double alpha) {
        return Activations.elu(x, alpha);
    }

    /** Exact GELU: {@code x * Phi(x)} with the erf. */
    public static Tensor gelu(Tensor x) {
        return Activations.gelu(x, "none");
    }

    /** {@code F.gelu(x, approximate="tanh")} or "none". */
    public static Tensor gelu(Tensor x, String approximate) {
        return Activations.gelu(x, approximate);
    }

    public static Tensor silu(Tensor x) {
        return Activations.silu(x);
    }

    /** {@code F.softplus(x, beta=1, threshold=20)}. */
    public static Tensor softplus(Tensor x) {
        return Activations.softplus(x, 1, 20);
    }

    public static Tensor softplus(Tensor x, double beta, double threshold) {
        return Activations.softplus(x, beta, threshold);
    }

    /** {@code F.hardtanh(x, -1, 1)}. */
    public static Tensor hardtanh(Tensor x) {
        return Activations.hardtanh(x, -1, 1);
    }

    public static Tensor hardtanh(Tensor x, double minVal, double maxVal) {
        return Activations.hardtanh(x, minVal, maxVal);
    }

    /** {@code F.softmax(x, dim)}, numerically stable, one {@code SoftmaxBackward0} node. */
    public static Tensor softmax(Tensor x, int dim) {
        return Softmax.softmax(x, dim);
    }

    /** {@code F.log_softmax(x, dim)}, one {@code LogSoftmaxBackward0} node. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return Softmax.logSoftmax(x, dim);
    }

    // ------------------------------------------------------------------ linear and convolution

    /** {@code x @ weight^T + bias} (bias may be null). */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return Affine.linear(x, weight, bias);
    }

    public static Tensor linear(Tensor x, Tensor weight) {
        return Affine.linear(x, weight, null);
    }

    /** {@code x1^T W x2 + b} per output feature. */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        return Affine.bilinear(x1, x2, weight, bias);
    }

    /** {@code F.conv2d(x, w, b)} with stride 1, no padding. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.conv2d(x, weight, bias, new int[] {1}, new int[] {0}, new int[] {1}, 1);
    }

    /** {@code F.conv2d(x, w, b, stride, padding, dilation, groups)}; each int[] has 1 or 2 elements. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolution.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv2d(..., padding="same" | "valid")}. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        return Convolution.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.conv1d(x, weight, bias, 1, 0, 1, 1);
    }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return Convolution.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, String padding, int dilation, int groups) {
        return Convolution.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convTranspose2d(x, weight, bias, new int[] {1}, new int[] {0}, new int[] {0}, 1, new int[] {1});
    }

    /** {@code F.conv_transpose2d(x, w, b, stride, padding, output_padding, groups, dilation)}. */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        return Convolution.convTranspose2d(x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    // ------------------------------------------------------------------ pooling

    /** {@code F.max_pool2d(x, k)}: a k x k window with stride k. */
    public static Tensor maxPool2d(Tensor x, int kernel) {
        return maxPool2d(x, new int[] {kernel, kernel});
    }

    /** {@code F.max_pool2d(x, (kh, kw))}. */
    public static Tensor maxPool2d(Tensor x, int[] kernel) {
        return Pooling.maxPool2dWithIndices(x, kernel, null, new int[] {0}, new int[] {1}, false).values();
    }

    /** {@code F.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode)}; a null stride means the kernel. */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return Pooling.maxPool2dWithIndices(x, kernel, stride, padding, dilation, ceilMode).values();
    }

    /** {@code F.max_pool2d(..., return_indices=True)}: values and flat indices within each plane. */
    public static torch4j.ValuesIndices maxPool2dWithIndices(Tensor x, int[] kernel, int[] stride, int[] padding,
                                                             int[] dilation, boolean ceilMode) {
        return Pooling.maxPool2dWithIndices(x, kernel, stride, padding, dilation, ceilMode);
    }

    public static Tensor maxPool1d(Tensor x, int kernel) {
        return Pooling.maxPool1dWithIndices(x, kernel, kernel, 0, 1, false).values();
    }

    /** {@code F.max_pool1d}; stride 0 means the kernel. */
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        return Pooling.maxPool1dWithIndices(x, kernel, stride, padding, dilation, ceilMode).values();
    }

    public static Tensor avgPool2d(Tensor x, int kernel) {
        return avgPool2d(x, new int[] {kernel});
    }

    public static Tensor avgPool2d(Tensor x, int[] kernel) {
        return Pooling.avgPool2d(x, kernel, null, new int[] {0}, false, true, 0);
    }

    /** {@code F.avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)}; divisor 0 = none. */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
                                   boolean countIncludePad, int divisorOverride) {
        return Pooling.avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        return Pooling.adaptiveAvgPool2d(x, outH, outW);
    }

    public static Tensor adaptiveAvgPool2d(Tensor x, int size) {
        return Pooling.adaptiveAvgPool2d(x, size, size);
    }

    // ------------------------------------------------------------------ normalization, dropout, embedding

    /** {@code F.batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps)}. */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    public static Tensor layerNorm(Tensor x, int[] normalizedShape) {
        return Normalization.layerNorm(x, normalizedShape, null, null, 1e-5);
    }

    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        return Normalization.groupNorm(x, numGroups, weight, bias, eps);
    }

    /** {@code F.dropout(x, p, training)} with the default generator. */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        return Dropouts.dropout(x, p, training, null);
    }

    public static Tensor dropout(Tensor x, double p, boolean training, Generator generator) {
        return Dropouts.dropout(x, p, training, generator);
    }

    /** {@code F.dropout(x, 0.5)}: training mode, as PyTorch's default. */
    public static Tensor dropout(Tensor x, double p) {
        return Dropouts.dropout(x, p, true, null);
    }

    public static Tensor embedding(Tensor indices, Tensor weight) {
        return Embeddings.embedding(indices, weight, null);
    }

    /** {@code F.embedding(indices, weight, padding_idx)}; the padding row receives no gradient. */
    public static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx) {
        return Embeddings.embedding(indices, weight, paddingIdx);
    }

    /** {@code F.one_hot(t, num_classes)}; -1 infers the count. */
    public static Tensor oneHot(Tensor t, int numClasses) {
        return Embeddings.oneHot(t, numClasses);
    }

    public static Tensor oneHot(Tensor t) {
        return Embeddings.oneHot(t, -1);
    }

    // ------------------------------------------------------------------ shape

    /** {@code F.pad(x, pad)} with zeros; {@code pad = {left, right, top, bottom, ...}} from the last dim. */
    public static Tensor pad(Tensor x, int... pad) {
        return Padding.pad(x, pad, "constant", 0);
    }

    /** {@code F.pad(x, pad, mode, value)}: mode "constant", "reflect", "replicate" or "circular". */
    public static Tensor pad(Tensor x, int[] pad, String mode, double value) {
        return Padding.pad(x, pad, mode, value);
    }

    /** {@code F.interpolate(x, size=..., mode=..., align_corners=...)}. */
    public static Tensor interpolate(Tensor x, int[] size, String mode, boolean alignCorners) {
        return Interpolation.interpolate(x, size, null, mode, alignCorners);
    }

    /** {@code F.interpolate(x, scale_factor=..., mode=..., align_corners=...)}. */
    public static Tensor interpolate(Tensor x, double[] scaleFactor, String mode, boolean alignCorners) {
        return Interpolation.interpolate(x, null, scaleFactor, mode, alignCorners);
    }

    // ------------------------------------------------------------------ losses

    public static Tensor mseLoss(Tensor input, Tensor target) {
        return Losses.mseLoss(input, target, Reduction.MEAN);
    }

    public static Tensor mseLoss(Tensor input, Tensor target, String reduction) {
        return Losses.mseLoss(input, target, Reduction.of(reduction));
    }

    public static Tensor l1Loss(Tensor input, Tensor target) {
        return Losses.l1Loss(input, target, Reduction.MEAN);
    }

    public static Tensor l1Loss(Tensor input, Tensor target, String reduction) {
        return Losses.l1Loss(input, target, Reduction.of(reduction));
    }

    public static Tensor smoothL1Loss(Tensor input, Tensor target, String reduction, double beta) {
        return Losses.smoothL1Loss(input, target, Reduction.of(reduction), beta);
    }

    public static Tensor smoothL1Loss(Tensor input, Tensor target) {
        return Losses.smoothL1Loss(input, target, Reduction.MEAN, 1.0);
    }

    public static Tensor huberLoss(Tensor input, Tensor target, String reduction, double delta) {
        return Losses.huberLoss(input, target, Reduction.of(reduction), delta);
    }

    public static Tensor huberLoss(Tensor input, Tensor target) {
        return Losses.huberLoss(input, target, Reduction.MEAN, 1.0);
    }

    /** {@code F.cross_entropy(logits, target)}: class indices or class probabilities. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target, null, -100, Reduction.MEAN, 0);
    }

    /** {@code F.cross_entropy(input, target, weight, ignore_index=, reduction=, label_smoothing=)}; weight may be null. */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, String reduction,
                                      double labelSmoothing) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, Reduction.of(reduction), labelSmoothing);
    }

    public static Tensor nllLoss(Tensor input, Tensor target) {
        return Losses.nllLoss(input, target, null, -100, Reduction.MEAN);
    }

    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, String reduction) {
        return Losses.nllLoss(input, target, weight, ignoreIndex, Reduction.of(reduction));
    }

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropy(input, target, null, Reduction.MEAN);
    }

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, String reduction) {
        return Losses.binaryCrossEntropy(input, target, weight, Reduction.of(reduction));
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
    }

    /** {@code F.binary_cross_entropy_with_logits(input, target, weight, reduction=, pos_weight=)}. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, String reduction,
                                                      Tensor posWeight) {
        return Losses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, Reduction.of(reduction));
    }

    /** {@code F.kl_div(input, target, reduction="mean", log_target=False)}; "batchmean" is the true KL divergence. */
    public static Tensor klDiv(Tensor input, Tensor target, String reduction, boolean logTarget) {
        return Losses.klDiv(input, target, Reduction.of(reduction), logTarget);
    }

    public static Tensor klDiv(Tensor input, Tensor target) {
        return Losses.klDiv(input, target, Reduction.MEAN, false);
    }
}
