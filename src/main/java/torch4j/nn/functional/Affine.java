package torch4j.nn.functional;

import torch4j.Tensor;

/** {@code F.linear} and {@code F.bilinear}, on matmul so that any leading batch dims work. */
public final class Affine {
    private Affine() {}

    /** {@code x @ weight^T + bias}; weight is {@code [out, in]}, x is {@code [*, in]}. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2) throw new IllegalArgumentException("linear: expected a 2-D weight, got " + weight.shapeString());
        if (x.dim() == 0 || x.size(-1) != weight.size(1)) {
            int k = x.dim() == 0 ? 1 : x.size(-1);
            int rows = k == 0 ? 0 : x.numel() / k;
            if (x.dim() == 1) rows = 1;
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + rows + "x" + k + " and "
                    + weight.size(1) + "x" + weight.size(0) + ")");
        }
        if (weight.dtype() != x.dtype()) {
            throw new IllegalArgumentException("expected scalar type " + Convolution.typeName(x.dtype()) + " but found "
                    + Convolution.typeName(weight.dtype()));
        }
        // A batch of rows with a bias is PyTorch's addmm: the bias is written into the GEMM's output
        // and the product accumulated onto it, one pass fewer than matmul then add.
        if (x.dim() == 2 && bias != null && bias.dim() <= 1 && bias.dtype() == x.dtype()) return bias.addmm(x, weight.t());
        Tensor out = x.matmul(weight.t());
        return bias == null ? out : out.add(bias);
    }

    /** {@code y[n, o] = x1[n] . weight[o] . x2[n] + bias[o]}; weight is {@code [out, in1, in2]}. */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        if (weight.dim() != 3) throw new IllegalArgumentException("bilinear: expected a 3-D weight, got " + weight.shapeString());
        int o = weight.size(0), i1 = weight.size(1), i2 = weight.size(2);
        if (x1.size(-1) != i1) {
            throw new IllegalArgumentException("bilinear(): input1 size does not match weight size: got " + x1.size(-1)
                    + " but expected " + i1);
        }
        if (x2.size(-1) != i2) {
            throw new IllegalArgumentException("bilinear(): input2 size does not match weight size: got " + x2.size(-1)
                    + " but expected " + i2);
        }
        int[] lead = java.util.Arrays.copyOf(x1.shape(), x1.dim() - 1);
        Tensor a = x1.reshape(-1, i1), b = x2.reshape(-1, i2);
        // t[n, o, j] = sum_i x1[n, i] W[o, i, j]
        Tensor t = a.matmul(weight.permute(1, 0, 2).reshape(i1, o * i2)).reshape(-1, o, i2);
        Tensor y = t.mul(b.unsqueeze(1)).sum(2, false);
        if (bias != null) y = y.add(bias);
        int[] outShape = java.util.Arrays.copyOf(lead, lead.length + 1);
        outShape[lead.length] = o;
        return y.reshape(outShape);
    }
}
