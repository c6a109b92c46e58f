package torch4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import torch4j.io.SafeTensors;

/** Quick smoke runs of the demo on 512 bundled images. */
class DemoTest {
    @TempDir
    Path dir;

    private static double mean(List<Double> xs, int from, int to) {
        return xs.subList(from, to).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    @Test
    @Tag("desktop") // plots with java.awt: the GPU-run package leaves java.desktop out (docs/cuda.md)
    void mlpLearnsAndSavesLoadsAndPlots() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        Path model = dir.resolve("mlp.safetensors"), plot = dir.resolve("curves.png");
        Demo.Result r = Demo.run(DemoOptions.parse("--bundled --limit 512 --epochs 2 --batch-size 32 --model mlp --workers 2",
                "--save", model.toString(), "--plot", plot.toString()), out);
        List<Double> losses = r.batchLosses();
        assertEquals(32, losses.size()); // 2 epochs of 512 / 32
        assertTrue(mean(losses, 28, 32) < mean(losses, 0, 4) - 0.3, "loss should fall: " + losses);
        assertTrue(r.testAccuracy() > 0.4, "accuracy " + r.testAccuracy()); // chance is 0.1
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("CPU kernel"), text);
        assertTrue(text.contains("\repoch 2/2 ["), "progress bar redrawn with \\r");
        assertTrue(text.contains("waiting for data"), text);
        assertTrue(text.contains("Ankle boot") && text.contains("T-shirt/top"), text);

        assertEquals("mlp", SafeTensors.metadata(model).get("model"));
        // Saved in safetensors order (by dtype size, then name), not module order.
        assertEquals(List.of("layer_1.bias", "layer_1.weight", "layer_2.bias", "layer_2.weight", "output_layer.bias", "output_layer.weight"),
                List.copyOf(SafeTensors.load(model).keySet()));
        byte[] png = Files.readAllBytes(plot);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));

        // --load evaluates the saved weights: the same predictions, so the same per-class counts.
        Demo.Result loaded = Demo.run(DemoOptions.parse("--bundled --model mlp --load " + model), new PrintStream(new ByteArrayOutputStream()));
        assertArrayEquals(r.correct(), loaded.correct());
    }

    @Test
    void lenetTrainsOneEpoch() throws IOException {
        Demo.Result r = Demo.run(DemoOptions.parse("--bundled", "--limit 512 --epochs 1 --batch-size 16 --lr 0.03 --workers 0"),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(32, r.batchLosses().size());
        assertTrue(mean(r.batchLosses(), 24, 32) < mean(r.batchLosses(), 0, 8), "loss should fall: " + r.batchLosses());
        assertTrue(r.testAccuracy() > 0.2, "accuracy " + r.testAccuracy());
        assertEquals(1000, java.util.stream.IntStream.of(r.total()).sum());
    }

    @Test
    void optionsParse() {
        DemoOptions o = DemoOptions.parse("--epochs 3", "--lr=0.5", "--model", "logreg");
        assertEquals(3, o.epochs());
        assertEquals(0.5, o.lr());
        assertEquals("logreg", o.model());
        assertEquals(0.001, DemoOptions.parse("--model mlp").lr());
        assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--epochs", "x"));
        assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--model", "resnet"));
        assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--frobnicate 1"));
    }
}
