"""PyTorch's side of the comparison, measured the way JMH measures torch4j (average time per call).

Prints one line per benchmark: "<name> <microseconds per call>". Run with Debian's PyTorch and
OpenBLAS (apt-get install -y python3-torch libopenblas0-openmp); the script refuses to run when
PyTorch's sgemm is far below OpenBLAS speed, since such a reference is meaningless.
"""
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
# The thread count and sgemm speed, on stderr so that stdout stays "<key> <microseconds>" lines.
print("torch %s, %d threads" % (torch.__version__, torch.get_num_threads()), file=sys.stderr)


def bench(fn, min_time=1.0, repeat=5):
    for _ in range(3):
        fn()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 0.2:
        fn()
        n += 1
    best = float("inf")
    for _ in range(repeat):
        reps = max(1, int(n * min_time / 0.2))
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        best = min(best, (time.perf_counter() - t) / reps)
    return best * 1e6


class Net(torch.nn.Module):
    """torch4j.examples.Net: LeNet for 28x28 inputs."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 6, 5)
        self.conv2 = torch.nn.Conv2d(6, 16, 5)
        self.fc1 = torch.nn.Linear(16 * 4 * 4, 120)
        self.fc2 = torch.nn.Linear(120, 84)
        self.fc3 = torch.nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.reshape(-1, 16 * 4 * 4)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def training_steps():
    """TrainingBench: zero_grad, forward, loss, backward, step at batch 64, cycling through 256
    random batches and 251 random label sets, so that there is nothing to learn and the loss stays
    near ln 10 (on one fixed batch it falls to 1e-8 and the timing measures subnormal arithmetic)."""
    torch.manual_seed(0)
    criterion = torch.nn.CrossEntropyLoss()
    batches = 256
    mlp_inputs = [torch.randn(64, 784) for _ in range(batches)]
    images = [torch.randn(64, 1, 28, 28) for _ in range(batches)]
    targets = [torch.randint(0, 10, (64,)) for _ in range(251)]
    mlp = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                              torch.nn.ReLU(), torch.nn.Linear(128, 10))
    adam = torch.optim.Adam(mlp.parameters(), lr=1e-3)
    lenet = Net()
    sgd = torch.optim.SGD(lenet.parameters(), lr=0.01, momentum=0.9)
    count = [0]

    def step(model, opt, inputs):
        i = count[0]
        count[0] += 1
        opt.zero_grad()  # 1.13's default zeroes in place, as torch4j's zeroGrad() does (its fill waits for a read)
        criterion(model(inputs[i % batches]), targets[i % 251]).backward()
        opt.step()

    return {"mlp_step": bench(lambda: step(mlp, adam, mlp_inputs)),
            "lenet_step": bench(lambda: step(lenet, sgd, images))}


def convolutions():
    """ConvBench: LeNet's conv1 and conv2 forward + backward (input, weight, bias grads), batch 64."""
    torch.manual_seed(0)
    x1 = torch.randn(64, 1, 28, 28, requires_grad=True)
    w1 = (torch.randn(6, 1, 5, 5) * 0.2).requires_grad_()
    b1 = torch.randn(6, requires_grad=True)
    g1 = torch.randn(64, 6, 24, 24)
    x2 = torch.randn(64, 6, 12, 12, requires_grad=True)
    w2 = (torch.randn(16, 6, 5, 5) * 0.08).requires_grad_()
    b2 = torch.randn(16, requires_grad=True)
    g2 = torch.randn(64, 16, 8, 8)

    def fb(x, w, b, g):
        x.grad = w.grad = b.grad = None
        F.conv2d(x, w, b).backward(g)

    def forward():
        with torch.no_grad():
            F.conv2d(x1, w1, b1)
            F.conv2d(x2, w2, b2)

    return {"conv1_fb": bench(lambda: fb(x1, w1, b1, g1)),
            "conv2_fb": bench(lambda: fb(x2, w2, b2, g2)),
            "lenet_conv_fb": bench(lambda: (fb(x1, w1, b1, g1), fb(x2, w2, b2, g2))),
            "lenet_conv_fwd": bench(forward)}


def main():
    results = {}
    for n in (64, 256, 1024, 2048):
        a, b = torch.rand(n, n), torch.rand(n, n)
        c = torch.empty(n, n)
        results["gemm_%d" % n] = bench(lambda: torch.mm(a, b, out=c))
    gflops = 2 * 1024 ** 3 / results["gemm_1024"] / 1e3
    if gflops < 50:
        sys.exit("PyTorch sgemm runs at %.1f GFLOPS: install libopenblas0-openmp for a fair reference" % gflops)
    print("sgemm n=1024: %.1f GFLOPS" % gflops, file=sys.stderr)
    for n in (100, 16777216):
        x, y, out = torch.rand(n), torch.rand(n), torch.empty(n)
        results["addInto_%d" % n] = bench(lambda: torch.add(x, y, out=out))
        results["add_%d" % n] = bench(lambda: x + y)
        results["mul_%d" % n] = bench(lambda: x * y)
        results["relu_%d" % n] = bench(lambda: torch.relu(x))
    x = torch.rand(100, requires_grad=True)
    w = torch.rand(100)

    def chain():
        x.grad = None
        h = x
        for _ in range(25):
            h = torch.tanh(h * w + x) - w
        h.sum().backward()

    results["chain100"] = bench(chain)
    results.update(training_steps())
    results.update(convolutions())
    for k, v in results.items():
        print(k, "%.3f" % v)


if __name__ == "__main__":
    main()
