#!/usr/bin/env bash
# One command for the side-by-side comparison: JMH for torch4j, the same work in PyTorch, one table.
# Needs Debian's PyTorch with OpenBLAS: apt-get install -y python3-torch libopenblas0-openmp
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${OUT_DIR:-target/bench}
mkdir -p "$out"
out=$(cd "$out" && pwd)
threads=${THREADS:-2}
mvn -B -q -Pjmh verify -Djmh.args="${JMH_ARGS:-Bench} -rf json -rff $out/jmh.json"
/usr/bin/python3 scripts/bench/pytorch_bench.py "$threads" > "$out/pytorch.txt"
/usr/bin/python3 scripts/bench/compare.py "$out/jmh.json" "$out/pytorch.txt" | tee "$out/table.md"
