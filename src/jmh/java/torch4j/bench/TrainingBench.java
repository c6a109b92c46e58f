package torch4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.examples.Net;
import torch4j.nn.CrossEntropyLoss;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;
import torch4j.optim.Adam;
import torch4j.optim.Optimizer;
import torch4j.optim.SGD;

/**
 * Whole training steps (zeroGrad, forward, loss, backward, step) at batch 64, float32, 2 threads:
 * what one iteration of a training loop costs. scripts/bench/pytorch_bench.py times the same steps
 * in PyTorch ("mlp_step", "lenet_step"); samples/s = 64 / time.
 *
 * <p>Each step takes the next of {@value #BATCHES} random batches and the next of {@value #LABELS}
 * random label sets, so a batch meets other labels on each pass and there is nothing to learn: the
 * loss stays near ln 10, as early in training. On one fixed batch (as before) the model fitted it
 * within a few thousand steps, the loss fell to 1e-8, gradients and Adam's moments reached the
 * subnormal range, where arithmetic is many times slower, and the timing measured how far training
 * had got rather than the code.
 *
 * <p>For allocation per step, add {@code -prof gc} to the JMH arguments and read
 * {@code gc.alloc.rate.norm} (bytes per step). Another thread count: {@code -jvmArgsAppend
 * -Dbench.threads=1} (and {@code pytorch_bench.py 1}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Six warm-up seconds, not three: on 2 cores C2 takes 3-5 s to compile (and recompile) these
// kernels, and with three the first measured iterations still ran partly unoptimized code.
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
// The JVM's default heap, as a training program gets: -Xmx2g (as before) gives G1 1 MiB regions,
// which makes the MLP's 784x256 weight and its Adam state (800 KB each) humongous objects, each at
// the start of its own region, and its Adam step took 160 us instead of 110-120 (session 4).
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class TrainingBench {
    static final int BATCH = 64;
    /** Batches of inputs, and label sets (coprime counts, so pairs repeat every 64,256 steps). */
    static final int BATCHES = 256, LABELS = 251;

    private final CrossEntropyLoss criterion = new CrossEntropyLoss();
    private Module mlp, lenet;
    private Optimizer adam, sgd;
    private Tensor[] mlpInputs, images, targets;
    private int next;

    @Setup
    public void setup() {
        Torch.setNumThreads(Integer.getInteger("bench.threads", 2));
        Torch.manualSeed(0);
        mlp = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));
        adam = new Adam(mlp.parameters(), 1e-3);
        lenet = new Net();
        sgd = new SGD(lenet.parameters(), SGD.options().lr(0.01).momentum(0.9));
        mlpInputs = new Tensor[BATCHES];
        images = new Tensor[BATCHES];
        targets = new Tensor[LABELS];
        for (int i = 0; i < BATCHES; i++) {
            mlpInputs[i] = Torch.randn(BATCH, 784);
            images[i] = Torch.randn(BATCH, 1, 28, 28);
        }
        for (int i = 0; i < LABELS; i++) targets[i] = Torch.randint(0, 10, BATCH);
    }

    private Tensor step(Module model, Optimizer opt, Tensor[] inputs) {
        int i = next++;
        opt.zeroGrad();
        Tensor loss = criterion.forward(model.forward(inputs[i % BATCHES]), targets[i % LABELS]);
        loss.backward();
        opt.step();
        return loss;
    }

    /** MLP 784-256-128-10 with ReLU, cross-entropy, Adam(lr 1e-3). */
    @Benchmark
    public Tensor mlpStep() {
        return step(mlp, adam, mlpInputs);
    }

    /** The examples' LeNet on [64, 1, 28, 28], cross-entropy, SGD(lr 0.01, momentum 0.9). */
    @Benchmark
    public Tensor lenetStep() {
        return step(lenet, sgd, images);
    }
}
