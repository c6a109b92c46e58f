#!/usr/bin/env bash
# Packages everything a real-GPU test run needs into .gpu/ (gitignored), for a machine that has an
# NVIDIA GPU, its driver and CUDA 13 libraries, but no Java, Maven or network:
#   .gpu/jdk/        a jlink'd Java runtime: only the modules the code and tests use (jdeps)
#   .gpu/torch4j.jar main classes and resources (torch4j.ptx among them), compressed
#   .gpu/test-classes/ a folder: some tests read their resources as files
#   .gpu/jars/       JCuda and JCublas with their natives cut down to the two libraries loaded,
#                    and junit-platform-console-standalone
#   .gpu/lib/        libcublas.so.12: the forwarding shim to the machine's libcublas.so.13
#   .gpu/tools/      GpuCheck (scripts/cuda/check): driver, cuBLAS and mapped libraries, before the tests
#   .gpu/MANIFEST    what went in, from which commit
# scripts/cuda/gpu-test.sh runs it there (docs/cuda.md, "Running on a real GPU"). The run tool
# sends at most 64 MiB: the working tree (tracked and unignored files) plus .gpu; this fails when
# the two come to more than 62 MiB.
#
# usage: scripts/cuda/package-gpu-run.sh [--with-desktop]
#   --with-desktop  include java.desktop (about 11 MB; over the limit unless the tree shrinks): only
#                   Demo --plot needs it; without it gpu-test.sh skips the tests tagged "desktop"
set -euo pipefail

desktop=false
[[ "${1:-}" == "--with-desktop" ]] && desktop=true

root="$(cd "$(dirname "$0")/../.." && pwd)"
pkg="$root/.gpu"
build="$root/target/gpu-package-build"
m2="${M2_REPO:-$HOME/.m2/repository}"
jcuda_version=$(sed -n 's:.*<jcuda.version>\(.*\)</jcuda.version>.*:\1:p' "$root/pom.xml")
junit_version=$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' "$root/pom.xml")
console_version="1.${junit_version#5.}"   # JUnit 5.x.y ships with Platform 1.x.y
limit_mb=62

rm -rf "$pkg"
mkdir -p "$pkg"/{jars,lib}

# -Pjmh adds src/jmh/java, for torch4j.bench.CudaBench (run there with `gpu-test.sh main torch4j.bench.CudaBench`).
echo "== compiling classes and test classes (mvn -o -Pjmh test-compile)"
(cd "$root" && mvn -q -o -Pjmh -Dtorch4j.buildDir="$build" test-compile)
jar --create --file "$pkg/torch4j.jar" -C "$build/classes" .
cp -r "$build/test-classes" "$pkg/test-classes"

echo "== jars"
jar_of() { # $1 = groupId path, $2 = artifactId, $3 = version, $4 = classifier (optional)
    local f="$m2/$1/$2/$3/$2-$3${4:+-$4}.jar"
    [[ -f "$f" ]] || { echo "package-gpu-run: missing $f (run mvn once without -o)" >&2; exit 1; }
    echo "$f"
}
console="$m2/org/junit/platform/junit-platform-console-standalone/$console_version/junit-platform-console-standalone-$console_version.jar"
if [[ ! -f "$console" ]]; then
    mvn -q dependency:get -Dartifact="org.junit.platform:junit-platform-console-standalone:$console_version"
fi
cp "$(jar_of org/jcuda jcuda "$jcuda_version")" "$(jar_of org/jcuda jcublas "$jcuda_version")" "$console" "$pkg/jars/"
# The natives jars hold six libraries (24 MB of them the PTX compiler); torch4j loads two.
natives_tmp="$(mktemp -d)"
trap 'rm -rf "$natives_tmp"' EXIT
repack() { # $1 = artifactId, $2 = library kept
    local src
    src="$(jar_of org/jcuda "$1" "$jcuda_version" linux-x86_64)"
    rm -rf "$natives_tmp/lib"
    (cd "$natives_tmp" && unzip -q "$src" "lib/$2-$jcuda_version-linux-x86_64.so")
    jar --create --file "$pkg/jars/$(basename "$src")" -C "$natives_tmp" lib
}
repack jcuda-natives libJCudaDriver
repack jcublas-natives libJCublas2

echo "== cuBLAS shim"
"$root/scripts/cuda/build-cublas-shim.sh" "$pkg/lib"

echo "== pre-flight check"
mkdir -p "$pkg/tools"
javac --release 17 -d "$pkg/tools" -cp "$(find "$pkg/jars" -name 'jcu*.jar' | paste -sd:)" \
    "$root/scripts/cuda/check/GpuCheck.java"

echo "== Java runtime (jlink)"
classpath=$(find "$pkg/jars" -name '*.jar' | sort | tr '\n' ':')
# jdeps -s lists each target's modules; JUnit's console needs java.xml (reports), java.sql and java.logging.
modules=$(jdeps -s --multi-release 17 --ignore-missing-deps -cp "$classpath" \
              "$pkg/torch4j.jar" "$pkg/test-classes" "$pkg"/jars/*.jar 2>/dev/null \
          | awk '$2 == "->" && $3 ~ /^(java|jdk)\./ {print $3}' | sort -u)
if ! $desktop; then
    modules=$(grep -vx 'java.desktop' <<<"$modules" || true)
fi
modules=$(printf '%s\n' $modules jdk.incubator.vector | sort -u | paste -sd, -)
echo "modules: $modules"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
    --output "$pkg/jdk" 2> >(grep -v 'incubator modules' >&2)

{
    echo "torch4j GPU test package"
    echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) from commit $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$root" && git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "java: $("$pkg/jdk/bin/java" -version 2>&1 | head -1); modules: $modules"
    echo "jcuda: $jcuda_version; junit console: $console_version"
    echo "torch4j.ptx: $(grep -c '^\.visible \.entry' "$build/classes/torch4j/cuda/torch4j.ptx" 2>/dev/null || echo 0) kernels, sha256 $(sha256sum "$build/classes/torch4j/cuda/torch4j.ptx" | cut -c1-16)"
    echo "needs glibc >= $(objdump -T "$pkg/jdk/lib/server/libjvm.so" | grep -o 'GLIBC_[0-9.]*' | sort -Vu | tail -1)"
} >"$pkg/MANIFEST"
cat "$pkg/MANIFEST"

du -sh "$pkg"/* | sort -h
pkg_kb=$(du -sk "$pkg" | cut -f1)
tree_kb=$(cd "$root" && git ls-files -co --exclude-standard -z | du -ck --files0-from=- 2>/dev/null | tail -1 | cut -f1)
echo "total: .gpu $((pkg_kb / 1024)) MiB + working tree $((tree_kb / 1024)) MiB = $(((pkg_kb + tree_kb) / 1024)) MiB (limit $limit_mb MiB)"
if ((pkg_kb + tree_kb > limit_mb * 1024)); then
    echo "package-gpu-run: over $limit_mb MiB; the run tool sends at most 64 MiB" >&2
    exit 1
fi
