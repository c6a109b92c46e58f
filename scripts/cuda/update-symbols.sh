#!/usr/bin/env bash
# Regenerates symbols/libcuda.txt and symbols/libcublas.txt: every CUDA driver and cuBLAS function
# that JCuda's native libraries import. The fake driver, the fake cuBLAS and the forwarding cuBLAS
# shim export all of them, because those natives bind lazily: a missing symbol would not fail at
# load time but kill the JVM ("symbol lookup error") the first time Java calls it.
# Run after changing the JCuda version in pom.xml.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="${1:-12.6.0}"
repo="${M2_REPO:-$HOME/.m2/repository}/org/jcuda"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

unzip -q -o "$repo/jcuda-natives/$version/jcuda-natives-$version-linux-x86_64.jar" 'lib/libJCudaDriver-*' -d "$tmp"
unzip -q -o "$repo/jcublas-natives/$version/jcublas-natives-$version-linux-x86_64.jar" 'lib/libJCublas2-*' -d "$tmp"

imports() { # $1 = library, $2 = symbol prefix: undefined function names, version suffix removed
    readelf -W --dyn-syms "$1" | awk -v p="^$2" '$7 == "UND" && $8 ~ p { sub(/@.*/, "", $8); print $8 }' | sort -u
}
imports "$tmp"/lib/libJCudaDriver-*.so cu >"$here/symbols/libcuda.txt"
imports "$tmp"/lib/libJCublas2-*.so cublas >"$here/symbols/libcublas.txt"
# JCublas2 binds its imports to the version node libcublas.so.12; the fake and the shim must define it.
readelf -V "$tmp"/lib/libJCublas2-*.so | grep -q 'Name: libcublas.so.12' \
    || { echo "libJCublas2 no longer needs version node libcublas.so.12: update the .map files" >&2; exit 1; }
wc -l "$here"/symbols/*.txt
