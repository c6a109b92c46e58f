#!/usr/bin/env bash
# Runs torch4j's tests (or one main class) on a real NVIDIA GPU from the package that
# scripts/cuda/package-gpu-run.sh left in .gpu/ — no Java, Maven or network needed on that machine.
# Run from the repository root; reports and logs go to $OUT (the run tool's output folder), or to
# /tmp/torch4j-gpu-test when OUT is unset (not into .gpu, which is carried).
#
# usage: bash scripts/cuda/gpu-test.sh                  nvidia-smi, then 1. the whole suite with
#                                                       -Dtorch4j.test.device=cuda, 2. the Cuda*Test
#                                                       classes, then a summary
#        bash scripts/cuda/gpu-test.sh tests ARGS...    one JUnit run on the GPU; ARGS are console
#                                                       launcher selectors, e.g. --select-class torch4j.cuda.CudaConvTest
#        bash scripts/cuda/gpu-test.sh main CLASS ARGS  run a main class, e.g.
#                                                       main torch4j.examples.Demo --device cuda --epochs 1
#        bash scripts/cuda/gpu-test.sh info             only the environment checks
# Environment: GPU_TEST_LIBS=DIR puts DIR first on the library path instead of the cuBLAS shim
# (e.g. the emulator's build folder, to rehearse this script on a machine without a GPU);
# GPU_TEST_DEVICE overrides the test device (default cuda); JAVA_OPTS adds JVM options.
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
pkg="$root/.gpu"
out="${OUT:-${TMPDIR:-/tmp}/torch4j-gpu-test}"
mode="${1:-all}"
[[ $# -gt 0 ]] && shift
mkdir -p "$out"

[[ -x "$pkg/jdk/bin/java" ]] || {
    echo "gpu-test: $pkg has no packaged Java: run scripts/cuda/package-gpu-run.sh first and carry .gpu" >&2
    exit 1
}
java="$pkg/jdk/bin/java"
classpath="$pkg/torch4j.jar:$(find "$pkg/jars" -name 'jcu*.jar' | sort | paste -sd:)"
console="$(find "$pkg/jars" -name 'junit-platform-console-standalone-*.jar' | head -1)"
jvm_flags=(--add-modules=jdk.incubator.vector -Xmx8g -Dtorch4j.quiet=true ${JAVA_OPTS:-})
# Without java.desktop (left out of the package for size), tests tagged "desktop" cannot run.
junit_filters=()
"$java" --list-modules 2>/dev/null | grep -q '^java\.desktop@' || junit_filters=(--exclude-tag desktop)

# ---- libraries: the NVIDIA driver's libcuda.so.1, and cuBLAS 12 through the shim -----------------
# $1 = file name: its directory, from the loader cache, the usual driver and CUDA places (the lent
# machines mount the driver at /usr/local/nvidia and have pip's nvidia-* wheels), or a search.
find_library() {
    local hit d
    hit=$(ldconfig -p 2>/dev/null | awk -v n="$1" '$1 == n && /x86-64/ {print $NF; exit}')
    if [[ -z "$hit" ]]; then
        for d in ${LD_LIBRARY_PATH//:/ } /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/local/cuda/lib64 \
            /usr/local/cuda/targets/x86_64-linux/lib /usr/local/cuda-*/lib64 /usr/local/cuda-*/targets/x86_64-linux/lib \
            /usr/lib/x86_64-linux-gnu /usr/lib64 /opt/*/.venv/lib/python3*/site-packages/nvidia/*/lib \
            /usr/local/lib/python3*/dist-packages/nvidia/*/lib /usr/local/lib/python3*/site-packages/nvidia/*/lib; do
            [[ -e "$d/$1" ]] && { hit="$d/$1"; break; }
        done
    fi
    [[ -z "$hit" ]] && hit=$(timeout 30 find / -xdev -name "$1" -print -quit 2>/dev/null)
    [[ -n "$hit" ]] && dirname "$hit"
}

if [[ -n "${GPU_TEST_LIBS:-}" ]]; then
    export LD_LIBRARY_PATH="$GPU_TEST_LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
    libs="$pkg/lib"
    blas13="$(find_library libcublas.so.13)"
    blas12="$(find_library libcublas.so.12)"
    if [[ -n "$blas13" ]]; then
        libs="$libs:$blas13"
    elif [[ -n "$blas12" ]]; then
        libs="$blas12"   # a CUDA 12 cuBLAS is here: use it, not the shim
    else
        echo "gpu-test: WARNING: neither libcublas.so.13 nor libcublas.so.12 found; matmul will fail" >&2
    fi
    driver="$(find_library libcuda.so.1)"
    [[ -n "$driver" ]] && libs="$libs:$driver" || echo "gpu-test: WARNING: no libcuda.so.1 (NVIDIA driver) found" >&2
    export LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

environment() {
    echo "== environment"
    if command -v nvidia-smi >/dev/null 2>&1; then
        nvidia-smi
    else
        echo "(no nvidia-smi)"
    fi
    cat "$pkg/MANIFEST" 2>/dev/null
    local ptx="$root/src/main/resources/torch4j/cuda/torch4j.ptx" packaged
    packaged=$(sed -n 's/.*sha256 \([0-9a-f]*\).*/\1/p' "$pkg/MANIFEST" 2>/dev/null)
    if [[ -f "$ptx" && -n "$packaged" && "$(sha256sum "$ptx" | cut -c1-16)" != "$packaged" ]]; then
        echo "gpu-test: WARNING: the package's torch4j.ptx is not the working tree's: rerun package-gpu-run.sh" >&2
    fi
    echo "glibc: $(ldd --version 2>/dev/null | head -1)"
    "$java" -version 2>&1 | head -2
    echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
    # Driver and cuBLAS through JCuda, and which libcuda / libcublas the JVM really mapped.
    "$java" -cp "$classpath:$pkg/tools" GpuCheck 2>&1 | tee "$out/gpu-check.log"
    return "${PIPESTATUS[0]}"
}

# One JUnit console run: $1 = name (log and report folder), $2 = test device ("" = default), rest = selectors.
junit() {
    local name="$1" device="$2"
    shift 2
    local props=()
    [[ -n "$device" ]] && props=("-Dtorch4j.test.device=$device")
    echo "== JUnit: $name ${device:+(test device $device)}"
    "$java" "${jvm_flags[@]}" "${props[@]}" -jar "$console" execute --disable-banner --disable-ansi-colors \
        --details=tree --exclude-engine=junit-vintage "${junit_filters[@]}" \
        --class-path "$classpath:$pkg/test-classes" --reports-dir "$out/junit-$name" "$@" >"$out/junit-$name.log" 2>&1
    local status=$?
    # The run tool returns at most 8 files, so one XML report per run, beside its log.
    mv "$out/junit-$name/TEST-junit-jupiter.xml" "$out/junit-$name.xml" 2>/dev/null && rm -rf "$out/junit-$name"
    # The tree is long; show failures and the counts (the full log is in $OUT).
    grep -E '✘|MethodSource|=> ' "$out/junit-$name.log" | head -60
    sed -n '/Test run finished/,$p' "$out/junit-$name.log"
    return $status
}

counts() { # $1 = log: "N of M tests passed, F failed, S skipped, A aborted (assumptions)"
    local log="$1"
    count() { grep -oE "\[ +[0-9]+ $1" "$log" | grep -oE '[0-9]+' || echo '?'; }
    echo "$(count 'tests successful') of $(count 'tests found') tests passed, $(count 'tests failed') failed," \
        "$(count 'tests skipped') skipped, $(count 'tests aborted') aborted" \
        "(+ $(count 'containers aborted') classes aborted by assumptions, $(count 'containers failed') failed)"
}

device="${GPU_TEST_DEVICE-cuda}"
case "$mode" in
    info)
        environment
        exit $?
        ;;
    main)
        [[ $# -ge 1 ]] || { echo "usage: gpu-test.sh main CLASS [ARGS...]" >&2; exit 2; }
        environment
        echo "== java $*"
        "$java" "${jvm_flags[@]}" -cp "$classpath" "$@" 2>&1 | tee "$out/main.log"
        exit "${PIPESTATUS[0]}"
        ;;
    tests)
        environment
        [[ $# -gt 0 ]] || set -- --scan-classpath "$pkg/test-classes"
        junit tests "$device" "$@"
        status=$?
        echo "summary: $(counts "$out/junit-tests.log")"
        exit $status
        ;;
    all)
        environment
        junit suite "$device" --scan-classpath "$pkg/test-classes"
        suite=$?
        junit cuda-only "" --scan-classpath "$pkg/test-classes" --include-classname '.*\.Cuda[^.]*Test'
        only=$?
        echo "== summary"
        echo "whole suite, test device ${device:-default}: $(counts "$out/junit-suite.log")"
        echo "Cuda*Test classes: $(counts "$out/junit-cuda-only.log")"
        echo "reports: $out/junit-suite.xml, $out/junit-cuda-only.xml; logs: $out/junit-*.log"
        [[ $suite -eq 0 && $only -eq 0 ]]
        exit $?
        ;;
    *)
        echo "gpu-test: unknown mode '$mode' (all, tests, main, info)" >&2
        exit 2
        ;;
esac
