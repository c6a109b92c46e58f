"""PyTorch's side of the comparison, measured the way JMH measures torch4j (average time per call).

Prints one line per benchmark: "<name> <microseconds per call>". Run with Debian's PyTorch and
OpenBLAS (apt-get install -y python3-torch libopenblas0-openmp); the script refuses to run when
PyTorch's sgemm is far below OpenBLAS speed, since such a reference is meaningless.
"""
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)


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


def main():
    results = {}
    for n in (64, 256, 1024, 2048):
        a, b = torch.rand(n, n), torch.rand(n, n)
        c = torch.empty(n, n)
        results["gemm_%d" % n] = bench(lambda: torch.mm(a, b, out=c))
    gflops = 2 * 1024 ** 3 / results["gemm_1024"] / 1e3
    if gflops < 50:
        sys.exit("PyTorch sgemm runs at %.1f GFLOPS: install libopenblas0-openmp for a fair reference" % gflops)
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
    for k, v in results.items():
        print(k, "%.3f" % v)


if __name__ == "__main__":
    main()
