package torch4j.nn;

import java.math.BigDecimal;

/** Python's spellings of values, so {@code extraRepr()} prints exactly as PyTorch. */
final class Repr {
    private Repr() {}

    /** Python's {@code repr(float)}: {@code 0.1}, {@code 1e-05}, {@code 1.0}, {@code 1e+20}. */
    static String pyFloat(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - d.scale();  // decimal exponent of the first digit
        String sign = v < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String plain = d.abs().toPlainString();
        if (!plain.contains(".")) plain += ".0";
        return sign + plain;
    }

    /** An int when integral (as PyTorch's int defaults print), else {@link #pyFloat}. */
    static String pyNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : pyFloat(v);
    }
}
