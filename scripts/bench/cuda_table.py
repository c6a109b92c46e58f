"""Joins torch4j.bench.CudaBench's and pytorch_cuda_bench.py's "<key> <us>" lines into one table.

Usage: python3 scripts/bench/cuda_table.py torch4j_cuda.txt pytorch_cuda.txt
Speed ratio = PyTorch's time / torch4j's time (above 1: torch4j is faster).
"""
import sys

# key -> (work, unit, amount of work per call for the throughput column)
ROWS = {
    "sgemm_4096": ("sgemm n=4096 fp32 (TF32 off)", "TFLOPS", 2 * 4096 ** 3 / 1e12),
    "addInto_64M": ("add 64M floats into an existing tensor", "GB/s", 12 * (64 << 20) / 1e9),
    "add_64M": ("add 64M floats, allocating", "GB/s", 12 * (64 << 20) / 1e9),
    "mlp_step_64": ("MLP 784-256-128-10 step, Adam, batch 64", "samples/s", 64),
    "mlp_step_512": ("MLP 784-256-128-10 step, Adam, batch 512", "samples/s", 512),
    "lenet_step_64": ("LeNet step, SGD momentum, batch 64", "samples/s", 64),
    "lenet_step_512": ("LeNet step, SGD momentum, batch 512", "samples/s", 512),
}


def read(path):
    return {k: float(v) for k, v in (line.split() for line in open(path) if line.strip())}


def main(ours_path, theirs_path):
    ours, theirs = read(ours_path), read(theirs_path)
    print("| work | torch4j | PyTorch | speed ratio |")
    print("|---|---|---|---|")
    for key, (work, unit, amount) in ROWS.items():
        if key not in ours or key not in theirs:
            continue
        fmt = lambda us: "%.1f %s" % (amount / (us * 1e-6), unit) if unit != "samples/s" else "{:,.0f} {}".format(amount / (us * 1e-6), unit)
        print("| %s | %s | %s | %.2fx |" % (work, fmt(ours[key]), fmt(theirs[key]), theirs[key] / ours[key]))


if __name__ == "__main__":
    main(*sys.argv[1:])
