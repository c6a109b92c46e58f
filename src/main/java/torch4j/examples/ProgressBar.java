package torch4j.examples;

import java.io.PrintStream;

/**
 * A one-line progress bar redrawn in place with a carriage return, at most ten times a second:
 * {@code epoch 1/2 [=========>          ] 412/938  loss 0.6123  5,120 samples/s}.
 */
final class ProgressBar {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long stopped = -1;
    private int lastLength;

    ProgressBar(PrintStream out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    /** Redraws when due (or always when {@code done == total}). */
    void update(int done, long samples, double loss) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        draw(done, samples, loss, "");
    }

    /** The final state of the bar, with {@code suffix}, ending the line. */
    void finish(int done, long samples, double loss, String suffix) {
        draw(done, samples, loss, suffix);
        out.println();
    }

    /** Stops the clock (before evaluation, so that samples/s counts training only). */
    void stop() {
        stopped = System.nanoTime();
    }

    /** Seconds since the bar was made, or until {@link #stop()}. */
    double seconds() {
        return ((stopped >= 0 ? stopped : System.nanoTime()) - start) / 1e9;
    }

    private void draw(int done, long samples, double loss, String suffix) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        StringBuilder bar = new StringBuilder(WIDTH);
        for (int i = 0; i < WIDTH; i++) bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        double rate = samples / Math.max(seconds(), 1e-9);
        String line = String.format("%s [%s] %d/%d  loss %.4f  %,.0f samples/s%s", label, bar, done, total, loss, rate, suffix);
        // Blank out what is left of a longer previous line.
        String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
        out.print("\r" + line + pad);
        out.flush();
        lastLength = line.length();
    }
}
