package torch4j.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;

/**
 * PyTorch's tensor printing ({@code torch/_tensor_str.py}, default print options): 4 decimals,
 * scientific notation when values span more than 1000x or leave [1e-4, 1e8], integer-valued floats
 * as {@code 1.}, a summary with {@code ...} beyond 1000 elements (3 edge items), lines wrapped at
 * 80 columns, and the {@code dtype=}, {@code device=}, {@code requires_grad=} / {@code grad_fn=}
 * suffixes PyTorch adds.
 */
public final class Printing {
    private static final int PRECISION = 4;
    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;
    private static final int LINE_WIDTH = 80;

    private Printing() {}

    public static String toString(Tensor x) {
        String prefix = "tensor(";
        int indent = prefix.length();
        List<String> suffixes = new ArrayList<>();
        if (x.isCuda()) suffixes.add("device='" + x.device() + "'");
        DType d = x.dtype();
        boolean defaultDType = d == Torch.getDefaultDType() || d == DType.INT64 || d == DType.BOOL;
        String body;
        if (x.numel() == 0) {
            if (x.dim() != 1) suffixes.add("size=" + pyTuple(x.shape()));
            if (d != Torch.getDefaultDType()) suffixes.add("dtype=" + d);
            body = "[]";
        } else {
            if (!defaultDType) suffixes.add("dtype=" + d);
            body = tensorStr(x, indent);
        }
        if (x.gradFn() != null) suffixes.add("grad_fn=<" + x.gradFn().name() + ">");
        else if (x.requiresGrad()) suffixes.add("requires_grad=True");
        return addSuffixes(prefix + body, suffixes, indent);
    }

    private static String pyTuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        if (shape.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    private static String addSuffixes(String tensorStr, List<String> suffixes, int indent) {
        StringBuilder sb = new StringBuilder(tensorStr);
        int lastLineLen = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
        for (String s : suffixes) {
            if (lastLineLen + s.length() + 2 > LINE_WIDTH) {
                sb.append(",\n").append(" ".repeat(indent)).append(s);
                lastLineLen = indent + s.length();
            } else {
                sb.append(", ").append(s);
                lastLineLen += s.length() + 2;
            }
        }
        return sb.append(')').toString();
    }

    /** The elements in row-major order with the shape, read once. */
    private record Data(double[] values, long[] longs, int[] shape, DType dtype) {
        int size(int d) {
            return shape[d];
        }
    }

    private static String tensorStr(Tensor x, int indent) {
        boolean summarize = x.numel() > THRESHOLD;
        int[] shape = x.shape();
        Data data = x.dtype().isFloatingPoint()
                ? new Data(x.toDoubleArray(), null, shape, x.dtype())
                : new Data(null, x.toLongArray(), shape, x.dtype());
        Formatter f = new Formatter(data, summarize);
        return str(data, 0, 0, indent, summarize, f);
    }

    private static int strideOf(int[] shape, int dim) {
        int s = 1;
        for (int d = dim + 1; d < shape.length; d++) s *= shape[d];
        return s;
    }

    /** Formats the sub-tensor of dims {@code dim..} starting at flat offset {@code off}. */
    private static String str(Data x, int dim, int off, int indent, boolean summarize, Formatter f) {
        int nd = x.shape.length;
        if (nd == 0) return f.format(x, 0);
        int n = x.size(dim);
        int stride = strideOf(x.shape, dim);
        if (dim == nd - 1) {
            int elementLength = f.width + 2;
            int perLine = Math.max(1, (LINE_WIDTH - indent) / elementLength);
            List<String> items = new ArrayList<>();
            if (summarize && n > 2 * EDGE) {
                for (int i = 0; i < EDGE; i++) items.add(f.format(x, off + i));
                items.add(" ...");
                for (int i = n - EDGE; i < n; i++) items.add(f.format(x, off + i));
            } else {
                for (int i = 0; i < n; i++) items.add(f.format(x, off + i));
            }
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) sb.append(i % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
                sb.append(items.get(i));
            }
            return sb.append(']').toString();
        }
        List<String> slices = new ArrayList<>();
        if (summarize && n > 2 * EDGE) {
            for (int i = 0; i < EDGE; i++) slices.add(str(x, dim + 1, off + i * stride, indent + 1, summarize, f));
            slices.add("...");
            for (int i = n - EDGE; i < n; i++) slices.add(str(x, dim + 1, off + i * stride, indent + 1, summarize, f));
        } else {
            for (int i = 0; i < n; i++) slices.add(str(x, dim + 1, off + i * stride, indent + 1, summarize, f));
        }
        String sep = "," + "\n".repeat(nd - dim - 1) + " ".repeat(indent + 1);
        return "[" + String.join(sep, slices) + "]";
    }

    /** Chooses integer, fixed or scientific notation and the column width from the printed elements. */
    private static final class Formatter {
        final boolean floating;
        boolean intMode = true;
        boolean sciMode;
        int width = 1;

        Formatter(Data x, boolean summarize) {
            floating = x.dtype.isFloatingPoint();
            List<Integer> shown = new ArrayList<>();
            collect(x, 0, 0, summarize, shown);
            if (!floating) {
                for (int i : shown) width = Math.max(width, intString(x, i).length());
                return;
            }
            double min = Double.POSITIVE_INFINITY, max = 0;
            List<Double> finite = new ArrayList<>();
            for (int i : shown) {
                double v = x.values[i];
                if (Double.isFinite(v) && v != 0) {
                    finite.add(v);
                    min = Math.min(min, Math.abs(v));
                    max = Math.max(max, Math.abs(v));
                }
            }
            if (finite.isEmpty()) return;
            for (double v : finite) {
                if (v != Math.ceil(v)) {
                    intMode = false;
                    break;
                }
            }
            if (intMode) {
                if (max / min > 1000. || max > 1e8) {
                    sciMode = true;
                    for (double v : finite) width = Math.max(width, sci(v).length());
                } else {
                    for (double v : finite) width = Math.max(width, String.format(Locale.ROOT, "%.0f", v).length() + 1);
                }
            } else if (max / min > 1000. || max > 1e8 || min < 1e-4) {
                sciMode = true;
                for (double v : finite) width = Math.max(width, sci(v).length());
            } else {
                for (double v : finite) width = Math.max(width, fixed(v).length());
            }
        }

        /** Flat indices of the elements that will be printed (all, or the summary's edges). */
        private static void collect(Data x, int dim, int off, boolean summarize, List<Integer> out) {
            int nd = x.shape.length;
            if (nd == 0) {
                out.add(0);
                return;
            }
            int n = x.size(dim);
            int stride = strideOf(x.shape, dim);
            for (int i = 0; i < n; i++) {
                if (summarize && n > 2 * EDGE && i >= EDGE && i < n - EDGE) continue;
                if (dim == nd - 1) out.add(off + i);
                else collect(x, dim + 1, off + i * stride, summarize, out);
            }
        }

        String format(Data x, int i) {
            String s;
            if (floating) {
                double v = x.values[i];
                if (Double.isNaN(v)) s = "nan";
                else if (Double.isInfinite(v)) s = v > 0 ? "inf" : "-inf";
                else if (sciMode) s = sci(v);
                else if (intMode) s = String.format(Locale.ROOT, "%.0f", v) + ".";
                else s = fixed(v);
            } else {
                s = intString(x, i);
            }
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }

        private static String intString(Data x, int i) {
            if (x.dtype == DType.BOOL) return x.longs[i] != 0 ? "True" : "False";
            return Long.toString(x.longs[i]);
        }

        private static String fixed(double v) {
            return String.format(Locale.ROOT, "%." + PRECISION + "f", v);
        }

        private static String sci(double v) {
            return String.format(Locale.ROOT, "%." + PRECISION + "e", v);
        }
    }
}
