#!/usr/bin/env bash
# Builds OUTDIR/libcublas.so.12, the forwarding cuBLAS shim (scripts/cuda/cublas-shim/shim.c) that lets
# JCublas2 12.6 run on a CUDA 13 machine, which has libcublas.so.13 only. Needs gcc (x86-64 Linux).
# usage: scripts/cuda/build-cublas-shim.sh OUTDIR
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$1"
out="$(cd "$1" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The function list as an X-macro: X(index, name) for each import of JCublas2.
{
    echo "#define T4SHIM_FUNCTIONS(X) \\"
    awk '{printf "    X(%d, %s) \\\n", NR - 1, $1}' "$here/symbols/libcublas.txt"
    echo
} >"$tmp/functions.h"

"${CC:-gcc}" -std=c11 -O2 -fPIC -shared -Wall -I"$tmp" \
    -Wl,-soname,libcublas.so.12 -Wl,--version-script="$here/cublas-shim/libcublas.map" -Wl,--no-undefined \
    -o "$out/libcublas.so.12" "$here/cublas-shim/shim.c" -ldl

exported=$(readelf -W --dyn-syms "$out/libcublas.so.12" | grep -c ' FUNC .*GLOBAL .*cublas.*@@libcublas.so.12' || true)
expected=$(wc -l <"$here/symbols/libcublas.txt")
[[ "$exported" -eq "$expected" ]] || { echo "build-cublas-shim: $exported of $expected functions exported" >&2; exit 1; }
echo "built $out/libcublas.so.12: $exported functions forwarded to libcublas.so.13 under version node libcublas.so.12"
