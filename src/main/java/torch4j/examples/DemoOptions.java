package torch4j.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's command line. Each argument may itself hold several words, because Maven's exec
 * plugin passes {@code -Ddemo.args="--epochs 2 --lr 0.05"} as one argument.
 *
 * @param epochs    training epochs
 * @param batchSize training batch size
 * @param lr        learning rate, or NaN for the model's default
 * @param workers   DataLoader worker threads
 * @param model     lenet, mlp or logreg
 * @param hidden    hidden width of the mlp
 * @param device    cpu or cuda
 * @param data      a directory with the four Fashion-MNIST IDX files, or null
 * @param bundled   use the bundled subset even when the full dataset is installed
 * @param limit     train on only the first N training images (0: all)
 * @param seed      seed for initialisation and shuffling
 * @param save      where to save the trained state dict (safetensors), or null
 * @param load      a saved state dict to evaluate instead of training, or null
 * @param plot      where to draw the loss and accuracy curves (PNG), or null
 */
public record DemoOptions(int epochs, int batchSize, double lr, int workers, String model, int hidden, String device,
                          Path data, boolean bundled, int limit, long seed, Path save, Path load, Path plot) {

    /** Usage text. */
    public static final String USAGE = String.join("\n",
            "Trains a classifier on Fashion-MNIST and reports test accuracy per class.",
            "",
            "usage: mvn -q compile exec:exec -Ddemo.args=\"[options]\"",
            "  --epochs N         training epochs (default 2)",
            "  --batch-size N     batch size (default 64)",
            "  --lr X             learning rate (default: 0.01 lenet/SGD, 0.001 mlp/Adam, 0.05 logreg/SGD)",
            "  --workers N        DataLoader worker threads (default 2)",
            "  --model M          lenet (default), mlp or logreg",
            "  --hidden N         hidden width of the mlp (default 128)",
            "  --device D         cpu (default) or cuda",
            "  --data DIR         directory with the Fashion-MNIST IDX files (default: /usr/share/datasets/fashion-mnist",
            "                     when installed, else the subset bundled in torch4j)",
            "  --bundled          use the bundled 6,000 + 1,000 image subset",
            "  --limit N          train on the first N training images only",
            "  --seed N           random seed (default 0)",
            "  --save FILE        save the trained state dict (safetensors)",
            "  --load FILE        evaluate a saved state dict instead of training",
            "  --plot FILE.png    draw training loss and test accuracy curves",
            "  --help             this text");

    /** Parses {@code args}; throws IllegalArgumentException with a message for bad input. */
    public static DemoOptions parse(String... args) {
        List<String> words = new ArrayList<>();
        for (String a : args) {
            for (String w : a.trim().split("\\s+")) if (!w.isEmpty()) words.add(w);
        }
        int epochs = 2, batchSize = 64, workers = 2, hidden = 128, limit = 0;
        double lr = Double.NaN;
        long seed = 0;
        String model = "lenet", device = "cpu";
        Path data = null, save = null, load = null, plot = null;
        boolean bundled = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "--bundled" -> bundled = true;
                case "--help", "-h" -> throw new HelpRequested();
                default -> {
                    if (!w.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + w + "'");
                    String key = w, value;
                    int eq = w.indexOf('=');
                    if (eq > 0) {
                        key = w.substring(0, eq);
                        value = w.substring(eq + 1);
                    } else {
                        if (i + 1 >= words.size()) throw new IllegalArgumentException(w + " needs a value");
                        value = words.get(++i);
                    }
                    switch (key) {
                        case "--epochs" -> epochs = nonNegative(key, value);
                        case "--batch-size" -> batchSize = positive(key, value);
                        case "--lr" -> lr = positiveDouble(key, value);
                        case "--workers" -> workers = nonNegative(key, value);
                        case "--hidden" -> hidden = positive(key, value);
                        case "--limit" -> limit = nonNegative(key, value);
                        case "--seed" -> seed = Long.parseLong(value);
                        case "--model" -> {
                            if (!List.of("lenet", "mlp", "logreg").contains(value)) {
                                throw new IllegalArgumentException("--model must be lenet, mlp or logreg, got '" + value + "'");
                            }
                            model = value;
                        }
                        case "--device" -> {
                            if (!value.equals("cpu") && !value.startsWith("cuda")) throw new IllegalArgumentException("--device must be cpu or cuda, got '" + value + "'");
                            device = value;
                        }
                        case "--data" -> data = Path.of(value);
                        case "--save" -> save = Path.of(value);
                        case "--load" -> load = Path.of(value);
                        case "--plot" -> plot = Path.of(value);
                        default -> throw new IllegalArgumentException("unknown option " + key);
                    }
                }
            }
        }
        if (Double.isNaN(lr)) lr = switch (model) {
            case "mlp" -> 1e-3;
            case "logreg" -> 0.05;
            default -> 0.01;
        };
        return new DemoOptions(epochs, batchSize, lr, workers, model, hidden, device, data, bundled, limit, seed, save, load, plot);
    }

    private static int positive(String key, String v) {
        int n = nonNegative(key, v);
        if (n == 0) throw new IllegalArgumentException(key + " must be positive, got " + v);
        return n;
    }

    private static int nonNegative(String key, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 0) throw new IllegalArgumentException(key + " must not be negative, got " + v);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " needs a whole number, got '" + v + "'");
        }
    }

    private static double positiveDouble(String key, String v) {
        try {
            double x = Double.parseDouble(v);
            if (!(x > 0)) throw new IllegalArgumentException(key + " must be positive, got " + v);
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " needs a number, got '" + v + "'");
        }
    }

    /** Thrown by {@link #parse} for {@code --help}. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
