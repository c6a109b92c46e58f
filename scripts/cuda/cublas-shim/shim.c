/* A forwarding libcublas.so.12 for machines that have only CUDA 13's libcublas.so.13.
 *
 * JCublas2 12.6's native library needs libcublas.so.12 and binds to the version node
 * "libcublas.so.12". This library provides that node: every function JCublas2 imports
 * (scripts/cuda/symbols/libcublas.txt) is a trampoline that jumps to the same name in
 * libcublas.so.13, found with dlopen/dlsym when the shim is loaded. A jump, not a call, so
 * arguments and results pass through untouched whatever the signature. The functions torch4j uses
 * (create/destroy, stream, math and pointer mode, S/DGEMM and their strided-batched forms,
 * GetVersion) keep their CUDA 12 signatures in cuBLAS 13; a function missing from libcublas.so.13
 * answers CUBLAS_STATUS_NOT_SUPPORTED and says so on stderr.
 *
 * T4_CUBLAS_LIBRARY overrides the library loaded (default libcublas.so.13).
 * Built by scripts/cuda/build-cublas-shim.sh, which generates the trampolines (T4SHIM_FUNCTIONS).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "functions.h" /* generated: #define T4SHIM_FUNCTIONS(X) X(0, cublasAsumEx) X(1, ...) ... */

#define T4SHIM_NAME(i, name) #name,
static const char* const t4shim_names[] = {T4SHIM_FUNCTIONS(T4SHIM_NAME)};
#define T4SHIM_COUNT (sizeof t4shim_names / sizeof t4shim_names[0])

/* Jump targets, one per function; the trampolines below index it. */
void* t4shim_targets[T4SHIM_COUNT] __attribute__((visibility("hidden")));

/* Called (from t4shim_missing) with the index of a function libcublas.so.13 lacks. */
__attribute__((visibility("hidden"))) int t4shim_report_missing(long index) {
    fprintf(stderr, "torch4j cuBLAS shim: %s is not in %s; it returns CUBLAS_STATUS_NOT_SUPPORTED\n",
            t4shim_names[index], getenv("T4_CUBLAS_LIBRARY") ? getenv("T4_CUBLAS_LIBRARY") : "libcublas.so.13");
    return 15; /* CUBLAS_STATUS_NOT_SUPPORTED */
}

/* Each trampoline puts its index in r11 (a scratch register no argument uses) and jumps through
 * its target; t4shim_missing hands the index to the reporter with the stack 16-byte aligned. */
__asm__(
    ".text\n"
    ".p2align 4\n"
    "t4shim_missing:\n"
    "  subq $8, %rsp\n"
    "  movq %r11, %rdi\n"
    "  call t4shim_report_missing\n"
    "  addq $8, %rsp\n"
    "  ret\n");
extern char t4shim_missing[];

#define T4SHIM_TRAMPOLINE(i, name)                       \
    __asm__(".globl " #name "\n"                         \
            ".type " #name ", @function\n"               \
            ".p2align 4\n" #name ":\n"                   \
            "  movl $" #i ", %r11d\n"                    \
            "  jmp *t4shim_targets+8*" #i "(%rip)\n"     \
            ".size " #name ", .-" #name "\n");
T4SHIM_FUNCTIONS(T4SHIM_TRAMPOLINE)

__attribute__((constructor)) static void t4shim_load(void) {
    const char* path = getenv("T4_CUBLAS_LIBRARY") ? getenv("T4_CUBLAS_LIBRARY") : "libcublas.so.13";
    void* lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) fprintf(stderr, "torch4j cuBLAS shim: cannot load %s: %s\n", path, dlerror());
    for (size_t i = 0; i < T4SHIM_COUNT; i++) {
        void* f = lib != NULL ? dlsym(lib, t4shim_names[i]) : NULL;
        t4shim_targets[i] = f != NULL ? f : (void*) t4shim_missing;
    }
}
