#!/usr/bin/env bash
# build_kernels.sh regenerates kernels/*.ptx from kernels/*.cu.
#
# The PTX is checked in, so nobody needs a CUDA toolchain to build or test
# the Go code; run this after editing a .cu file and commit the result.
#
# Virtual architecture: compute_70 (sm_70, Volta), so the PTX loads on Volta
# and every later GPU (the driver JIT-compiles it for the card it finds).
#
# Compiler, in order of preference (override with KERNELS_COMPILER=clang|nvcc):
#   clang-14 (Debian main): --cuda-device-only -nocudainc, emits PTX ISA 6.0,
#            which every current driver loads. This is what is checked in.
#   nvcc:    -arch=compute_70 -ptx. Note: nvcc from CUDA 13 writes a PTX ISA
#            (9.x) that only drivers >= 580 load; pass NVCC_PTX_ISA or use
#            clang when the PTX must run on older drivers.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
kdir="$here/kernels"
arch="${KERNELS_ARCH:-sm_70}"
compiler="${KERNELS_COMPILER:-}"
clang="${CLANG:-clang-14}"

if [[ -z "$compiler" ]]; then
	if command -v "$clang" >/dev/null; then
		compiler=clang
	elif command -v nvcc >/dev/null; then
		compiler=nvcc
	else
		echo "build_kernels: neither $clang nor nvcc found; apt-get install clang-14" >&2
		exit 1
	fi
fi

for src in "$kdir"/*.cu; do
	out="${src%.cu}.ptx"
	case "$compiler" in
	clang)
		"$clang" --cuda-device-only -S -O3 --cuda-gpu-arch="$arch" -nocudalib -nocudainc \
			-Xclang -target-feature -Xclang +ptx60 -DKERNELS_NOCUDAINC -std=c++14 -Wall -Werror -o "$out.tmp" "$src"
		;;
	nvcc)
		nvcc -ptx -O3 -arch="compute_${arch#sm_}" -std=c++14 -o "$out.tmp" "$src"
		;;
	*)
		echo "build_kernels: unknown KERNELS_COMPILER=$compiler" >&2
		exit 1
		;;
	esac
	mv "$out.tmp" "$out"
	echo "build_kernels: $compiler $arch $(basename "$src") -> $(basename "$out") ($(grep -m1 '^\.version' "$out"), $(wc -c <"$out") bytes)"
done
