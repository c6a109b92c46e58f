# Helpers shared by the scripts in scripts/cuda (sourced, not run).

# The path of CUDA tool $1 (nvcc, ptxas): $2 when not empty (an override such as $NVCC), else the
# one on PATH, else /usr/local/cuda/bin/$1; prints nothing when there is none.
t4_cuda_tool() {
    if [[ -n "${2:-}" ]]; then echo "$2"; return; fi
    command -v "$1" 2>/dev/null || { [[ -x "/usr/local/cuda/bin/$1" ]] && echo "/usr/local/cuda/bin/$1"; } || true
}

# Every $1/*.cu (the kernel folder, src/main/cuda) as #include lines: the one translation unit that
# both torch4j.ptx (build-ptx.sh) and the emulator's kernels (build-emulator.sh) are compiled from,
# with -I$1. One unit means one module: names at file scope must be unique across the .cu files.
t4_kernel_unit() {
    local f
    for f in "$1"/*.cu; do
        [[ -e "$f" ]] && echo "#include \"$(basename "$f")\""
    done
}
