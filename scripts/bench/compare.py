"""Joins torch4j's JMH results with PyTorch's timings of the same work and prints ratios.

Usage: python3 scripts/bench/compare.py [--best] jmh.json[,jmh2.json...] pytorch.txt[,pytorch2.txt...]
Higher 'speed-up' means torch4j is faster (PyTorch time / torch4j time).

Several comma-separated files (repeated runs) keep each benchmark's fastest result. --best takes
JMH's fastest measurement iteration instead of its mean, which on a loaded machine is closer to
what pytorch_bench.py reports (the best of its repeats).
"""
import json
import sys

# torch4j benchmark (Class.method + params) -> PyTorch key, and the work for throughput columns.
PAIRS = [
    ("GemmBench.sgemm n=64", "gemm_64", "GFLOPS", 2 * 64 ** 3),
    ("GemmBench.sgemm n=256", "gemm_256", "GFLOPS", 2 * 256 ** 3),
    ("GemmBench.sgemm n=1024", "gemm_1024", "GFLOPS", 2 * 1024 ** 3),
    ("GemmBench.sgemm n=2048", "gemm_2048", "GFLOPS", 2 * 2048 ** 3),
    ("ElementwiseBench.addInto n=16777216", "addInto_16777216", "GB/s", 12 * 16777216),
    ("ElementwiseBench.add n=16777216", "add_16777216", "GB/s", 12 * 16777216),
    ("ElementwiseBench.mul n=16777216", "mul_16777216", "GB/s", 12 * 16777216),
    ("ElementwiseBench.relu n=16777216", "relu_16777216", "GB/s", 8 * 16777216),
    ("ElementwiseBench.addInto n=100", "addInto_100", None, 0),
    ("ElementwiseBench.add n=100", "add_100", None, 0),
    ("ElementwiseBench.mul n=100", "mul_100", None, 0),
    ("ElementwiseBench.relu n=100", "relu_100", None, 0),
    ("AutogradChainBench.chain100", "chain100", None, 0),
    ("TrainingBench.mlpStep", "mlp_step", "samples/s", 64),
    ("TrainingBench.lenetStep", "lenet_step", "samples/s", 64),
    ("ConvBench.lenetConvForwardBackward", "lenet_conv_fb", None, 0),
    ("ConvBench.conv1ForwardBackward", "conv1_fb", None, 0),
    ("ConvBench.conv2ForwardBackward", "conv2_fb", None, 0),
    ("ConvBench.lenetConvForward", "lenet_conv_fwd", None, 0),
]


def to_us(score, unit):
    return {"us/op": 1.0, "ms/op": 1e3, "ns/op": 1e-3, "s/op": 1e6}[unit] * score


def main(jmh_paths, torch_paths, best=False):
    jmh = {}
    for path in jmh_paths.split(","):
        for r in json.load(open(path)):
            name = ".".join(r["benchmark"].split(".")[-2:])
            params = " ".join("%s=%s" % kv for kv in sorted(r.get("params", {}).items()))
            key = (name + " " + params).strip()
            m = r["primaryMetric"]
            score = min(min(fork) for fork in m["rawData"]) if best else m["score"]
            jmh[key] = min(jmh.get(key, float("inf")), to_us(score, m["scoreUnit"]))
    ref = {}
    for path in torch_paths.split(","):
        for line in open(path):
            k, v = line.split()
            ref[k] = min(ref.get(k, float("inf")), float(v))
    print("| work | torch4j | PyTorch | torch4j / PyTorch speed |")
    print("|---|---|---|---|")
    for ours, theirs, unit, work in PAIRS:
        if ours not in jmh or theirs not in ref:
            continue
        a, b = jmh[ours], ref[theirs]
        if unit == "GFLOPS":
            cols = "%.1f GFLOPS" % (work / a / 1e3), "%.1f GFLOPS" % (work / b / 1e3)
        elif unit == "GB/s":
            cols = "%.1f GB/s" % (work / a / 1e3), "%.1f GB/s" % (work / b / 1e3)
        elif unit == "samples/s":
            cols = "%.0f samples/s" % (work / a * 1e6), "%.0f samples/s" % (work / b * 1e6)
        else:
            cols = "%.2f us" % a, "%.2f us" % b
        print("| %s | %s | %s | %.2fx |" % (ours, cols[0], cols[1], b / a))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--best"]
    main(args[0], args[1], best="--best" in sys.argv[1:])
