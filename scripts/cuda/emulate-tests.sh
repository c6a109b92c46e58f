#!/usr/bin/env bash
# Runs the Java tests against the CUDA emulator on a machine without a GPU: builds the fake
# libcuda.so.1 / libcublas.so.12 (build-emulator.sh, with its self-test), puts them first on
# LD_LIBRARY_PATH (JCuda's natives, extracted from their jar at run time, then resolve their NEEDED
# libcuda.so.1 and libcublas.so.12 to the fakes), and runs
#   1. the whole suite with -Dtorch4j.test.device=cuda (fixtures and default device on the GPU),
#   2. the CUDA-only test classes (Cuda*Test) as they run by default.
# What a pass here does and does not prove: docs/cuda.md.
#
# usage: scripts/cuda/emulate-tests.sh [EMU_DIR] [--cuda-only] [maven arguments...]
#   EMU_DIR      where the emulator is built (default target/cuda-emu)
#   --cuda-only  run step 2 only
#   e.g. scripts/cuda/emulate-tests.sh /tmp/emu -Dtorch4j.buildDir=/tmp/build-me -Dtest='Cuda*Test'
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/scripts/cuda/lib.sh"
emu="$root/target/cuda-emu"
if [[ $# -gt 0 && "$1" != -* ]]; then
    emu="$1"
    shift
fi
cuda_only=false
if [[ "${1:-}" == "--cuda-only" ]]; then
    cuda_only=true
    shift
fi

"$root/scripts/cuda/build-emulator.sh" --selftest "$emu" >"${TMPDIR:-/tmp}/t4emu-selftest.log" 2>&1 || {
    cat "${TMPDIR:-/tmp}/t4emu-selftest.log"
    echo "emulate-tests: the emulator did not build or failed its self-test" >&2
    exit 1
}
tail -n 1 "${TMPDIR:-/tmp}/t4emu-selftest.log"
emu="$(cd "$emu" && pwd)"

# A torch4j.ptx older than the kernels would fail on a GPU; the emulator reports missing kernels
# by name, but say it up front when nvcc is here to tell.
if [[ -n "$(t4_cuda_tool nvcc "${NVCC:-}")" ]]; then
    "$root/scripts/cuda/build-ptx.sh" --check || echo "emulate-tests: WARNING: torch4j.ptx is stale" >&2
fi

export LD_LIBRARY_PATH="$emu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# The emulator runs kernels one thread at a time and GEMMs as plain loops: CudaLeakTest's 10,000
# training steps (a real GPU's count) would take hours here. A later -D in "$@" overrides this.
emulation=(-Dtorch4j.cuda.leakSteps=50)
cd "$root"
status=0
suite="skipped"
if ! $cuda_only; then
    echo "== whole suite on the emulated GPU (-Dtorch4j.test.device=cuda)"
    if mvn -o test -Dtorch4j.test.device=cuda "${emulation[@]}" "$@"; then suite="passed"; else suite="FAILED"; status=1; fi
fi
echo "== CUDA-only tests (Cuda*Test)"
if mvn -o test -Dtest='Cuda*Test' -Dsurefire.failIfNoSpecifiedTests=false "${emulation[@]}" "$@"; then only="passed"; else only="FAILED"; status=1; fi
echo "emulated CUDA: suite with test device cuda: $suite; Cuda*Test: $only"
exit $status
