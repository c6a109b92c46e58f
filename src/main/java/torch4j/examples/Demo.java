package torch4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import torch4j.Device;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.Scope;
import torch4j.backend.cpu.CpuGemm;
import torch4j.data.DataLoader;
import torch4j.data.Dataset;
import torch4j.data.LoaderIterator;
import torch4j.data.Subset;
import torch4j.io.SafeTensors;
import torch4j.nn.CrossEntropyLoss;
import torch4j.nn.Module;
import torch4j.optim.Adam;
import torch4j.optim.Optimizer;
import torch4j.optim.SGD;
import torch4j.vision.FashionMNIST;
import torch4j.vision.transforms.Compose;
import torch4j.vision.transforms.Normalize;
import torch4j.vision.transforms.ToTensor;
import torch4j.vision.transforms.Transform;

/**
 * The README's first command, {@code mvn -q compile exec:exec}: trains the seeds' LeNet-style
 * {@link Net} (or {@link OurNet} / {@link LogisticRegression}) on Fashion-MNIST with a
 * {@link DataLoader}, printing a progress bar per epoch, the test accuracy and a per-class table.
 * Uses the full dataset when {@code /usr/share/datasets/fashion-mnist} exists (or {@code --data DIR}),
 * else the subset bundled in torch4j. Options: {@link DemoOptions#USAGE}.
 *
 * <pre>{@code mvn -q compile exec:exec -Ddemo.args="--epochs 3 --save model.safetensors --plot curves.png"}</pre>
 */
public final class Demo {
    /** Fashion-MNIST's training-set pixel mean and standard deviation (after ToTensor). */
    static final double MEAN = 0.2860, STD = 0.3530;

    private Demo() {}

    /**
     * What a run measured.
     *
     * @param batchLosses    training loss of every batch, in order
     * @param epochLosses    mean training loss of each epoch
     * @param testAccuracies test accuracy after each epoch (just one entry with --load)
     * @param correct        correct test predictions per class, after the last epoch
     * @param total          test images per class
     */
    public record Result(List<Double> batchLosses, List<Double> epochLosses, List<Double> testAccuracies, int[] correct, int[] total) {
        /** The final test accuracy (0..1). */
        public double testAccuracy() {
            return testAccuracies.get(testAccuracies.size() - 1);
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].trim().equals("tensors")) {
            TensorTutorial.main(new String[0]);
            return;
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (DemoOptions.HelpRequested h) {
            System.out.println(DemoOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n\n" + DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options, System.out);
        } catch (IOException | RuntimeException e) {
            System.out.println();
            System.err.println("error: " + e.getMessage());
            if (!(e instanceof IOException) && System.getenv("TORCH4J_DEBUG") != null) e.printStackTrace();
            System.exit(1);
        }
    }

    /** Trains (or, with {@code --load}, only evaluates) as {@code o} says, printing to {@code out}. */
    public static Result run(DemoOptions o, PrintStream out) throws IOException {
        out.printf("torch4j demo: CPU kernel %s, %d threads, device %s%n", CpuGemm.kernelName(), Torch.getNumThreads(), o.device());
        Device device = o.device().equals("cpu") ? Device.CPU
                : Device.cuda(o.device().contains(":") ? Integer.parseInt(o.device().substring(o.device().indexOf(':') + 1)) : 0);

        Transform transform = Compose.of(new ToTensor(), new Normalize(new double[] {MEAN}, new double[] {STD}));
        Path dir = o.data() != null ? o.data() : !o.bundled() && FashionMNIST.systemCopyExists() ? FashionMNIST.SYSTEM_DIR : null;
        long t0 = System.nanoTime();
        FashionMNIST train = dir != null ? new FashionMNIST(dir, true, transform) : FashionMNIST.bundled(true, transform);
        FashionMNIST test = dir != null ? new FashionMNIST(dir, false, transform) : FashionMNIST.bundled(false, transform);
        Dataset<Tensor[]> trainSet = o.limit() > 0 && o.limit() < train.size()
                ? new Subset<>(train, IntStream.range(0, o.limit()).toArray()) : train;
        out.printf("data: Fashion-MNIST %s, %,d training / %,d test images (read in %.1f s)%n",
                dir != null ? "from " + dir : "subset bundled in torch4j (install dataset-fashion-mnist or pass --data DIR for all 70,000)",
                trainSet.size(), test.size(), (System.nanoTime() - t0) / 1e9);

        Torch.manualSeed(o.seed());
        Module model = switch (o.model()) {
            case "mlp" -> new OurNet(28 * 28, o.hidden(), 10);
            case "logreg" -> new LogisticRegression(28 * 28, 10);
            default -> new Net();
        };
        // Always, even for the CPU: parameters are created on the default device, which may be another one.
        try {
            model.to(device);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot use " + o.device() + ": " + e.getMessage() + " (run with --device cpu)", e);
        }
        out.println(model);

        DataLoader<Tensor[], Tensor[]> testLoader = DataLoader.builder(test).batchSize(1000).numWorkers(o.workers()).build();
        if (o.load() != null) {
            model.loadStateDict(SafeTensors.load(o.load()), true);
            out.println("loaded " + o.load());
            int[][] counts = evaluate(model, testLoader, device);
            double acc = report(out, counts[0], counts[1]);
            return new Result(List.of(), List.of(), List.of(acc), counts[0], counts[1]);
        }

        Optimizer optimizer = o.model().equals("mlp") ? new Adam(model.parameters(), o.lr())
                : o.model().equals("logreg") ? new SGD(model.parameters(), o.lr())
                : new SGD(model.parameters(), SGD.options().lr(o.lr()).momentum(0.9));
        out.printf("optimizer: %s, lr %s, batch size %d, %d epoch(s), %d loader worker(s)%n",
                optimizer.getClass().getSimpleName() + (o.model().equals("lenet") ? " (momentum 0.9)" : ""), o.lr(), o.batchSize(), o.epochs(), o.workers());
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        DataLoader<Tensor[], Tensor[]> trainLoader = DataLoader.builder(trainSet).batchSize(o.batchSize()).shuffle(true)
                .numWorkers(o.workers()).prefetchFactor(2).generator(new Generator().manualSeed(o.seed())).build();

        List<Double> batchLosses = new ArrayList<>(), epochLosses = new ArrayList<>(), accuracies = new ArrayList<>();
        List<Double> curveX = new ArrayList<>(), curveLoss = new ArrayList<>();
        int[][] counts = null;
        int batches = trainLoader.size();
        int logEvery = Math.max(1, batches / 50);
        for (int epoch = 1; epoch <= o.epochs(); epoch++) {
            model.train();
            ProgressBar bar = new ProgressBar(out, String.format("epoch %d/%d", epoch, o.epochs()), batches);
            double lossSum = 0, windowSum = 0;
            long samples = 0;
            int done = 0, window = 0;
            long waitNanos;
            try (LoaderIterator<Tensor[]> it = trainLoader.iterator()) {
                while (it.hasNext()) {
                    Tensor[] batch = it.next();
                    Tensor x = batch[0].to(device), y = batch[1].to(device);
                    optimizer.zeroGrad();
                    Tensor loss = criterion.forward(model.forward(x), y);
                    loss.backward();
                    optimizer.step();
                    double l = loss.item();
                    batchLosses.add(l);
                    lossSum += l;
                    windowSum += l;
                    window++;
                    samples += x.size(0);
                    done++;
                    if (done % logEvery == 0 || done == batches) {
                        curveX.add(epoch - 1 + (double) done / batches);
                        curveLoss.add(windowSum / window);
                        windowSum = 0;
                        window = 0;
                    }
                    bar.update(done, samples, lossSum / done);
                }
                waitNanos = it.waitNanos();
            }
            bar.stop();
            double seconds = bar.seconds();
            epochLosses.add(lossSum / Math.max(done, 1));
            counts = evaluate(model, testLoader, device);
            double acc = accuracy(counts);
            accuracies.add(acc);
            bar.finish(done, samples, lossSum / Math.max(done, 1), String.format("  %.1f s, waiting for data %.1f%%, test accuracy %.2f%%",
                    seconds, 100.0 * waitNanos / 1e9 / Math.max(seconds, 1e-9), 100 * acc));
        }
        Result result;
        if (counts != null) {
            report(out, counts[0], counts[1]);
            result = new Result(batchLosses, epochLosses, accuracies, counts[0], counts[1]);
        } else {
            counts = evaluate(model, testLoader, device);
            double acc = report(out, counts[0], counts[1]);
            result = new Result(batchLosses, epochLosses, List.of(acc), counts[0], counts[1]);
        }
        if (o.save() != null) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt");
            meta.put("model", o.model());
            meta.put("epochs", String.valueOf(o.epochs()));
            meta.put("test_accuracy", String.format("%.4f", result.testAccuracy()));
            SafeTensors.save(model.stateDict(), o.save(), meta);
            out.println("saved the state dict to " + o.save() + " (safetensors; --load it to evaluate)");
        }
        if (o.plot() != null) {
            Curves.write(o.plot(), curveX, curveLoss, accuracies, "Fashion-MNIST, " + o.model() + ": training loss and test accuracy");
            out.println("wrote " + o.plot());
        }
        return result;
    }

    /** Correct predictions and totals per class: {@code {correct[10], total[10]}}. */
    static int[][] evaluate(Module model, DataLoader<Tensor[], Tensor[]> loader, Device device) {
        model.eval();
        int[] correct = new int[10], total = new int[10];
        try (Scope s = Torch.noGrad(); LoaderIterator<Tensor[]> it = loader.iterator()) {
            while (it.hasNext()) {
                Tensor[] batch = it.next();
                float[] logits = model.forward(batch[0].to(device)).cpu().toFloatArray();
                long[] labels = batch[1].toLongArray();
                for (int i = 0; i < labels.length; i++) {
                    int best = 0;
                    for (int c = 1; c < 10; c++) if (logits[i * 10 + c] > logits[i * 10 + best]) best = c;
                    int y = (int) labels[i];
                    total[y]++;
                    if (best == y) correct[y]++;
                }
            }
        }
        model.train();
        return new int[][] {correct, total};
    }

    private static double accuracy(int[][] counts) {
        int c = IntStream.of(counts[0]).sum(), t = IntStream.of(counts[1]).sum();
        return t == 0 ? 0 : (double) c / t;
    }

    /** Prints the accuracy and the per-class table; returns the accuracy. */
    private static double report(PrintStream out, int[] correct, int[] total) {
        double acc = accuracy(new int[][] {correct, total});
        out.printf("%ntest accuracy: %.2f%% (%,d/%,d)%n%n", 100 * acc, IntStream.of(correct).sum(), IntStream.of(total).sum());
        out.printf("%-12s %9s %12s%n", "class", "accuracy", "correct");
        for (int c = 0; c < 10; c++) {
            out.printf("%-12s %8.1f%% %12s%n", FashionMNIST.CLASSES.get(c), total[c] == 0 ? 0.0 : 100.0 * correct[c] / total[c],
                    correct[c] + "/" + total[c]);
        }
        return acc;
    }
}
