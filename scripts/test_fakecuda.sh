#!/usr/bin/env bash
# test_fakecuda.sh runs lib/gpu's cuda-tagged tests without a GPU: the test
# binary is built with -tags cuda against CUDA 11.8's headers (scripts/setup_cuda.sh)
# and run against a fake libcuda.so.1 (internal/hostrun/fakecuda) that runs the
# kernels' CUDA sources on the CPU through internal/hostrun.
#
# What it checks: everything between lib/gpu and the driver (gorgonia.org/cu's
# calls, 8-byte argument marshalling, context handling, error checks, the
# PTX's entry list and parameter widths) and the cuda-tagged tests' own logic.
# What it cannot: the PTX's code (the fake runs the .cu sources instead), the
# real driver's JIT, and GPU speed.
#
# Usage:  scripts/test_fakecuda.sh [test binary flags, e.g. -test.v]
# Every ^TestGPU test runs twice (blocks and threads forwards, then in
# reverse), except the two that run the lesson's 1000-step loops on the
# lesson's matrix (TestGPULessonMatrix, TestBenchLesson): hours on one core.
# Needs g++ and the CUDA headers: CUDA_CACHE_DIR (default
# $HOME/.cache/topicmodel-cuda) is filled by scripts/setup_cuda.sh on first use
# (a 774 MB download from Debian's non-free archive).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
eval "$(scripts/setup_cuda.sh --env-only)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== build the cuda-tagged test binary" >&2
go test -c -tags cuda -o "$work/gpu.test" ./lib/gpu/

echo "== the GPU notebook's cells, built with the cuda tag" >&2
NOTEBOOK_CUDA_TAGS=1 go test -count=1 -run '^TestGPUNotebookCompiles$' ./notebooks/

echo "== build the fake libcuda.so.1" >&2
inc="${CGO_CFLAGS#-I}"
src="$repo/internal/hostrun"
mkdir -p "$work/lib"
flags=(-std=c++17 -O2 -fPIC -fvisibility=hidden -DKERNELS_HOST -I"$repo/kernels" -I"$inc" -Wall -Wno-unknown-pragmas)
g++ "${flags[@]}" -c "$src/hostrun.cc" -o "$work/hostrun.o"
g++ "${flags[@]}" -c "$src/fakecuda/libcuda.cc" -o "$work/fake.o"
# Every other driver function the binary links to returns CUDA_ERROR_NOT_SUPPORTED.
have="$(nm --defined-only -g "$work/fake.o" | awk '$3 ~ /^cu/ { print $3 }' | sort)"
need="$(nm -D --undefined-only "$work/gpu.test" | awk '$2 ~ /^cu/ { sub(/@.*/, "", $2); print $2 }' | sort -u)"
comm -13 <(echo "$have") <(echo "$need") | awk '
	BEGIN { print "#include <stdio.h>" }
	{ printf "__attribute__((visibility(\"default\"))) int %s(void) { fprintf(stderr, \"fakecuda: %s not implemented\\n\"); return 801; }\n", $1, $1 }
' >"$work/stubs.c"
gcc -O2 -fPIC -c "$work/stubs.c" -o "$work/stubs.o"
g++ -shared -Wl,-Bsymbolic -Wl,-soname,libcuda.so.1 -o "$work/lib/libcuda.so.1" "$work/fake.o" "$work/hostrun.o" "$work/stubs.o"
echo "== fake driver implements $(echo "$have" | wc -l) of the $(echo "$need" | wc -l) driver functions the binary links to; the rest are stubs" >&2

echo "== run the cuda-tagged tests against it" >&2
cd "$repo/lib/gpu"
for order in 0 1; do
	echo "== FAKECUDA_REVERSE=$order" >&2
	FAKECUDA_REVERSE=$order LD_LIBRARY_PATH="$work/lib" "$work/gpu.test" -test.run '^TestGPU' -test.skip 'TestGPULessonMatrix|TestBenchLesson' -test.count=1 "$@"
done
