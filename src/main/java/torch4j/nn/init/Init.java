package torch4j.nn.init;

import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.GradMode;
import torch4j.autograd.Scope;
import torch4j.ops.RandomOps;

/**
 * PyTorch's {@code torch.nn.init}: in-place initialisers that run without recording gradients.
 * Each takes an optional {@link Generator} (null: the default one).
 *
 * <pre>{@code
 * Init.kaimingUniform_(linear.weight, Math.sqrt(5), "fan_in", "leaky_relu", null);
 * Init.xavierUniform_(w);
 * }</pre>
 */
public final class Init {
    private Init() {}

    /** Fills with {@code U(a, b)}. */
    public static Tensor uniform_(Tensor t, double a, double b, Generator g) {
        try (Scope s = GradMode.set(false)) {
            return RandomOps.uniform_(t, a, b, g);
        }
    }

    public static Tensor uniform_(Tensor t, double a, double b) {
        return uniform_(t, a, b, null);
    }

    /** Fills with {@code N(mean, std^2)}. */
    public static Tensor normal_(Tensor t, double mean, double std, Generator g) {
        try (Scope s = GradMode.set(false)) {
            return RandomOps.normal_(t, mean, std, g);
        }
    }

    public static Tensor normal_(Tensor t, double mean, double std) {
        return normal_(t, mean, std, null);
    }

    public static Tensor constant_(Tensor t, double value) {
        try (Scope s = GradMode.set(false)) {
            return t.fill_(value);
        }
    }

    public static Tensor zeros_(Tensor t) {
        return constant_(t, 0);
    }

    public static Tensor ones_(Tensor t) {
        return constant_(t, 1);
    }

    /**
     * The recommended gain for a nonlinearity: 1 for linear/conv/sigmoid, 5/3 for tanh, sqrt(2)
     * for relu, {@code sqrt(2 / (1 + slope^2))} for leaky_relu (slope {@code param}, default 0.01), 3/4 for selu.
     */
    public static double calculateGain(String nonlinearity, Double param) {
        switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
                    "sigmoid":
                return 1;
            case "tanh":
                return 5.0 / 3;
            case "relu":
                return Math.sqrt(2.0);
            case "leaky_relu":
                double slope = param == null ? 0.01 : param;
                return Math.sqrt(2.0 / (1 + slope * slope));
            case "selu":
                return 3.0 / 4;
            default:
                throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
        }
    }

    public static double calculateGain(String nonlinearity) {
        return calculateGain(nonlinearity, null);
    }

    /** {@code {fan_in, fan_out}}: {@code size(1)} and {@code size(0)} times the receptive field. */
    public static int[] calculateFanInAndFanOut(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
        }
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) receptive *= t.size(d);
        return new int[] {t.size(1) * receptive, t.size(0) * receptive};
    }

    /** Glorot uniform: {@code U(-b, b)} with {@code b = gain sqrt(6 / (fan_in + fan_out))}. */
    public static Tensor xavierUniform_(Tensor t, double gain, Generator g) {
        int[] f = calculateFanInAndFanOut(t);
        double a = gain * Math.sqrt(2.0 / (f[0] + f[1])) * Math.sqrt(3.0);
        return uniform_(t, -a, a, g);
    }

    public static Tensor xavierUniform_(Tensor t) {
        return xavierUniform_(t, 1, null);
    }

    /** Glorot normal: {@code N(0, std^2)} with {@code std = gain sqrt(2 / (fan_in + fan_out))}. */
    public static Tensor xavierNormal_(Tensor t, double gain, Generator g) {
        int[] f = calculateFanInAndFanOut(t);
        return normal_(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), g);
    }

    public static Tensor xavierNormal_(Tensor t) {
        return xavierNormal_(t, 1, null);
    }

    /**
     * He uniform: {@code U(-b, b)} with {@code b = gain sqrt(3 / fan)}; {@code mode} is "fan_in" or
     * "fan_out", {@code a} the leaky_relu slope. Linear and Conv use {@code a = sqrt(5)}.
     */
    public static Tensor kaimingUniform_(Tensor t, double a, String mode, String nonlinearity, Generator g) {
        if (t.numel() == 0) return t;
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform_(t, -bound, bound, g);
    }

    /** {@code kaiming_uniform_(t)}: {@code a=0, mode="fan_in", nonlinearity="leaky_relu"}. */
    public static Tensor kaimingUniform_(Tensor t) {
        return kaimingUniform_(t, 0, "fan_in", "leaky_relu", null);
    }

    /** He normal: {@code N(0, std^2)} with {@code std = gain / sqrt(fan)}. */
    public static Tensor kaimingNormal_(Tensor t, double a, String mode, String nonlinearity, Generator g) {
        if (t.numel() == 0) return t;
        return normal_(t, 0, calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode)), g);
    }

    public static Tensor kaimingNormal_(Tensor t) {
        return kaimingNormal_(t, 0, "fan_in", "leaky_relu", null);
    }

    private static int fan(Tensor t, String mode) {
        int[] f = calculateFanInAndFanOut(t);
        return switch (mode) {
            case "fan_in" -> f[0];
            case "fan_out" -> f[1];
            default -> throw new IllegalArgumentException("Mode " + mode + " not supported, please use one of fan_in, fan_out");
        };
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain}: the Q of the QR decomposition of a normal
     * matrix (signs fixed by R's diagonal, as PyTorch), for {@code t} viewed as {@code [size(0), -1]}.
     */
    public static Tensor orthogonal_(Tensor t, double gain, Generator g) {
        if (t.dim() < 2) throw new IllegalArgumentException("Only tensors with 2 or more dimensions are supported");
        if (t.numel() == 0) return t;
        int rows = t.size(0), cols = t.numel() / rows;
        Tensor normal = RandomOps.normal_(Tensor.zeros(DType.FLOAT64, torch4j.Device.CPU, rows, cols), 0, 1, g);
        double[] a = normal.toDoubleArray();
        boolean transpose = rows < cols;
        int m = transpose ? cols : rows, n = transpose ? rows : cols;
        double[][] q = new double[n][m];  // columns of the m x n matrix
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (transpose) q[i][j] = a[i * cols + j];
                else q[j][i] = a[i * cols + j];
            }
        }
        // Modified Gram-Schmidt, applied twice per column for stability; R's diagonal is the norm
        // (positive), which is exactly Q * sign(diag(R)) of a Householder QR.
        for (int j = 0; j < n; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) dot += q[k][i] * q[j][i];
                    for (int i = 0; i < m; i++) q[j][i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += q[j][i] * q[j][i];
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) q[j][i] /= norm;
        }
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) out[i * cols + j] = gain * (transpose ? q[i][j] : q[j][i]);
        }
        try (Scope s = GradMode.set(false)) {
            t.copy_(Torch.tensor(out, t.shape()).to(t.device()));
        }
        return t;
    }

    public static Tensor orthogonal_(Tensor t) {
        return orthogonal_(t, 1, null);
    }
}
