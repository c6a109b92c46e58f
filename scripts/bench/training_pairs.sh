#!/usr/bin/env bash
# Alternates one JMH fork of TrainingBench (torch4j) with one run of pytorch_bench.py (PyTorch), N
# times, and prints each pair's training-step times and ratios. On a shared machine the training
# steps drift by 10-20% between forks and have slow spells of 2x; pairs taken minutes apart show
# which ratios come from a quiet spell on both sides (docs/performance.md, "Session 6").
#
# The whole PyTorch script runs, not its training function alone: PyTorch's MLP step takes about
# 950 us after the script's earlier benchmarks, and 1,600-2,400 us alone in a fresh process.
#
#   bash scripts/bench/training_pairs.sh [N]      (N = 4 by default; about 2.5 minutes a pair)
set -euo pipefail
cd "$(dirname "$0")/../.."
pairs="${1:-4}"
build="${BUILD_DIR:-target/jmh-pairs}"
python="${PYTHON:-/usr/bin/python3}"
out="$(mktemp -d)"

# median and best of the measured iterations of one benchmark in a JMH log
stats() {
    grep -A 20 "^# Benchmark: torch4j.bench.TrainingBench.$2\$" "$1" | grep '^Iteration' | awk '{print $3}' \
        | sort -g | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f %.1f", m, v[1]}'
}

printf '%-5s %-30s %-12s %-16s %-30s %-12s %-16s\n' pair "torch4j MLP median (best) us" "PyTorch us" "ratio (best)" \
    "torch4j LeNet median (best) us" "PyTorch us" "ratio (best)"
for ((i = 1; i <= pairs; i++)); do
    mvn -q -o -Pjmh verify -Djmh.args="TrainingBench -f 1" -Dtorch4j.buildDir="$build" > "$out/jmh$i.txt" 2>&1
    "$python" scripts/bench/pytorch_bench.py > "$out/pt$i.txt" 2>/dev/null
    line="$i"
    for bench in mlpStep:mlp_step lenetStep:lenet_step; do
        read -r median best <<< "$(stats "$out/jmh$i.txt" "${bench%%:*}")"
        pt="$(awk -v k="${bench##*:}" '$1 == k {print $2}' "$out/pt$i.txt")"
        line="$line|$median ($best)|$pt|$(awk -v p="$pt" -v m="$median" -v b="$best" 'BEGIN {printf "%.2fx (%.2fx)", p / m, p / b}')"
    done
    echo "$line" | awk -F'|' '{printf "%-5s %-30s %-12s %-16s %-30s %-12s %-16s\n", $1, $2, $3, $4, $5, $6, $7}'
done
echo "(logs in $out)"
