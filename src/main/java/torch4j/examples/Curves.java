package torch4j.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the training curves into a PNG with java.awt, headless: training loss against epochs
 * (fractional, one point per logged step) on the left, test accuracy per epoch on the right.
 */
final class Curves {
    private static final int W = 1000, H = 420, PAD = 56;

    private Curves() {}

    /**
     * @param lossX    epoch position of each loss point (e.g. 0.25 for a quarter through epoch 1)
     * @param loss     the running training loss at those points
     * @param accuracy test accuracy (0..1) after each epoch
     */
    static void write(Path file, List<Double> lossX, List<Double> loss, List<Double> accuracy, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, PAD, 24);
        int half = W / 2;
        double maxX = Math.max(1, lossX.isEmpty() ? 1 : lossX.get(lossX.size() - 1));
        double maxLoss = loss.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).max().orElse(1);
        panel(g, 0, "training loss", lossX, loss, 0, maxX, 0, Math.max(maxLoss * 1.05, 1e-6), new Color(31, 119, 180), false);
        List<Double> epochs = new java.util.ArrayList<>();
        for (int i = 1; i <= accuracy.size(); i++) epochs.add((double) i);
        panel(g, half, "test accuracy", epochs, accuracy, 0, Math.max(1, accuracy.size()), 0, 1, new Color(214, 39, 40), true);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void panel(Graphics2D g, int x0, String name, List<Double> xs, List<Double> ys, double xMin, double xMax,
                              double yMin, double yMax, Color color, boolean markers) {
        int left = x0 + PAD, right = x0 + W / 2 - 20, top = 50, bottom = H - 50;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(235, 235, 235));
        for (int i = 0; i <= 4; i++) {
            int y = bottom - (bottom - top) * i / 4;
            g.drawLine(left, y, right, y);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(left, top, right - left, bottom - top);
        for (int i = 0; i <= 4; i++) {
            double v = yMin + (yMax - yMin) * i / 4;
            int y = bottom - (bottom - top) * i / 4;
            g.drawString(markers ? String.format("%.0f%%", v * 100) : String.format("%.2f", v), x0 + 8, y + 4);
        }
        int ticks = (int) Math.min(10, Math.ceil(xMax - xMin));
        for (int i = 0; i <= ticks; i++) {
            double v = xMin + (xMax - xMin) * i / Math.max(ticks, 1);
            int x = left + (int) ((right - left) * (v - xMin) / (xMax - xMin));
            g.drawString(String.format("%.0f", v), x - 3, bottom + 16);
        }
        g.drawString(name + " (x: epoch)", left, top - 8);
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int px = -1, py = -1;
        for (int i = 0; i < xs.size(); i++) {
            double yv = ys.get(i);
            if (!Double.isFinite(yv)) continue;
            int x = left + (int) ((right - left) * (xs.get(i) - xMin) / (xMax - xMin));
            int y = bottom - (int) ((bottom - top) * (Math.min(yv, yMax) - yMin) / (yMax - yMin));
            if (px >= 0) g.drawLine(px, py, x, y);
            if (markers) {
                g.fillOval(x - 4, y - 4, 8, 8);
                g.drawString(String.format("%.1f%%", yv * 100), Math.min(x - 14, right - 44), y - 8);
            }
            px = x;
            py = y;
        }
    }
}
