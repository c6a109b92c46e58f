"""PyTorch's side of the GPU comparison (issue 7), timed as torch4j.bench.CudaBench times torch4j.

Prints "<key> <microseconds per call>" lines. Runs on the GPU test machine's PyTorch (2.11 there):
    python3 scripts/bench/pytorch_cuda_bench.py > pytorch_cuda.txt
TF32 is off for matmul and convolution, as torch4j's cuBLAS calls use full fp32.
"""
import sys
import time

import torch

from pytorch_bench import Net  # the same LeNet as the CPU comparison

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
dev = torch.device("cuda")
print("torch %s, %s" % (torch.__version__, torch.cuda.get_device_name(0)), file=sys.stderr)


def bench(fn, repeat=5):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 0.2:
        fn()
        n += 1
    torch.cuda.synchronize()
    reps = max(1, int(n / (time.perf_counter() - t0)))
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        torch.cuda.synchronize()
        best = min(best, (time.perf_counter() - t) / reps)
    return best * 1e6


def step_fn(model, opt, batch, shape):
    criterion = torch.nn.CrossEntropyLoss()
    x = torch.randn(batch, *shape, device=dev)
    target = torch.randint(0, 10, (batch,), device=dev)

    def step():
        opt.zero_grad(set_to_none=False)  # torch4j's zeroGrad() zeroes in place
        criterion(model(x), target).backward()
        opt.step()

    return step


def main():
    torch.manual_seed(0)
    results = {}
    a, b = torch.rand(4096, 4096, device=dev), torch.rand(4096, 4096, device=dev)
    results["sgemm_4096"] = bench(lambda: torch.mm(a, b))
    n = 64 << 20
    x, y, out = torch.rand(n, device=dev), torch.rand(n, device=dev), torch.empty(n, device=dev)
    results["addInto_64M"] = bench(lambda: torch.add(x, y, out=out))
    results["add_64M"] = bench(lambda: x + y)
    for batch in (64, 512):
        mlp = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                  torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dev)
        results["mlp_step_%d" % batch] = bench(step_fn(mlp, torch.optim.Adam(mlp.parameters(), lr=1e-3), batch, (784,)))
        lenet = Net().to(dev)
        sgd = torch.optim.SGD(lenet.parameters(), lr=0.01, momentum=0.9)
        results["lenet_step_%d" % batch] = bench(step_fn(lenet, sgd, batch, (1, 28, 28)))
    for k, v in results.items():
        print(k, "%.3f" % v)


if __name__ == "__main__":
    main()
