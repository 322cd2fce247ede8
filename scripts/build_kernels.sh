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
#   nvcc ($NVCC, else on PATH): -arch=compute_70 -ptx. nvcc 11.8 (from
#            scripts/setup_cuda.sh --toolkit) writes PTX ISA 7.8; nvcc from
#            CUDA 13 writes an ISA (9.x) that only drivers >= 580 load, so
#            prefer clang when the PTX must run on older drivers. Extra nvcc
#            flags go in NVCC_FLAGS (e.g. "-ccbin clang-14" without g++ <= 11).
# When ptxas is available ($PTXAS, else on PATH; setup_cuda.sh --toolkit
# provides one) every PTX file is then assembled for sm_70, sm_80 and sm_90
# as a check, and the registers/spills of each kernel are summarised.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
kdir="$here/kernels"
arch="${KERNELS_ARCH:-sm_70}"
compiler="${KERNELS_COMPILER:-}"
clang="${CLANG:-clang-14}"

if [[ -z "$compiler" ]]; then
	if command -v "$clang" >/dev/null; then
		compiler=clang
	elif [[ -n "${NVCC:-}" ]] || command -v nvcc >/dev/null; then
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
		"${NVCC:-nvcc}" -ptx -O3 -arch="compute_${arch#sm_}" -std=c++14 ${NVCC_FLAGS:-} -o "$out.tmp" "$src"
		;;
	*)
		echo "build_kernels: unknown KERNELS_COMPILER=$compiler" >&2
		exit 1
		;;
	esac
	mv "$out.tmp" "$out"
	echo "build_kernels: $compiler $arch $(basename "$src") -> $(basename "$out") ($(grep -m1 '^\.version' "$out"), $(wc -c <"$out") bytes)"
done

ptxas="${PTXAS:-$(command -v ptxas || true)}"
if [[ -n "$ptxas" ]]; then
	for ptx in "$kdir"/*.ptx; do
		for sm in sm_70 sm_80 sm_90; do
			log="$("$ptxas" -arch="$sm" -O3 -v -o /dev/null "$ptx" 2>&1)" || { echo "$log" >&2; echo "build_kernels: ptxas $sm $(basename "$ptx") FAILED" >&2; exit 1; }
			spills="$(grep -c 'bytes spill' <<<"$log" || true)"
			bad="$(grep 'bytes spill' <<<"$log" | grep -vc ' 0 bytes spill stores, 0 bytes spill loads' || true)"
			maxreg="$(grep -o 'Used [0-9]* registers' <<<"$log" | awk '{ if ($2 > m) m = $2 } END { print m + 0 }')"
			echo "build_kernels: ptxas $sm $(basename "$ptx"): ok, $spills kernels, $bad with spills, max $maxreg registers"
		done
	done
else
	echo "build_kernels: ptxas not found; skipped the assembler check (scripts/setup_cuda.sh --toolkit provides one)"
fi
