#!/usr/bin/env bash
# setup_cuda.sh fetches the CUDA 11.8 driver-API headers (cuda.h) and the
# libcuda.so link stub from Debian bookworm's non-free nvidia-cuda-dev package,
# unpacks them into a cache folder outside the repository WITHOUT installing
# anything, and prints the CGO_CFLAGS / CGO_LDFLAGS that let
#
#     go test -c -tags cuda ./lib/gpu/
#
# build on a machine without NVIDIA's toolkit. gorgonia.org/cu v0.9.6 needs
# CUDA <= 12 headers, so the 11.8 ones are the right ones even when the GPU
# machine runs a newer driver (the driver API is backward compatible).
#
# The .deb is about 774 MB. The system's apt sources are not modified: a
# private sources list that adds `contrib non-free` lives in the cache folder.
#
# Usage:  scripts/setup_cuda.sh [--toolkit] [CACHE_DIR]
#         eval "$(scripts/setup_cuda.sh --env-only [--toolkit] [CACHE_DIR])"
# --toolkit also fetches nvidia-cuda-toolkit 11.8 (84 MB: nvcc, ptxas) into
# CACHE_DIR/toolkit, sets up a private nvcc.profile, and prints PTXAS=… and
# NVCC=… so that scripts/build_kernels.sh and kernels' TestPTXAssembles can
# check the PTX with NVIDIA's assembler.
# CACHE_DIR defaults to $CUDA_CACHE_DIR, else $HOME/.cache/topicmodel-cuda.
# Only the export lines go to stdout; progress goes to stderr. Needs about
# 0.8 GB to download and 2.7 GB unpacked.
set -euo pipefail

envonly=0
toolkit=0
while [[ "${1:-}" == --* ]]; do
	case "$1" in
	--env-only) envonly=1 ;;
	--toolkit) toolkit=1 ;;
	*) echo "setup_cuda: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
cache="${1:-${CUDA_CACHE_DIR:-$HOME/.cache/topicmodel-cuda}}"
mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"
root="$cache/root"
inc="$root/usr/include"
stubs="$root/usr/lib/x86_64-linux-gnu/stubs"

log() { if [[ $envonly == 0 ]]; then echo "setup_cuda: $*" >&2; fi; }

if [[ ! -f "$inc/cuda.h" || ! -f "$stubs/libcuda.so" ]]; then
	command -v apt-get >/dev/null || { echo "setup_cuda: needs apt-get (Debian/Ubuntu)" >&2; exit 1; }
	command -v dpkg-deb >/dev/null || { echo "setup_cuda: needs dpkg-deb" >&2; exit 1; }
	apt="$cache/apt"
	mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/sources.list.d"
	cat >"$apt/sources.list" <<-'EOF'
		deb http://deb.debian.org/debian bookworm contrib non-free
	EOF
	opts=(
		-o "Dir::Etc::SourceList=$apt/sources.list"
		-o "Dir::Etc::SourceParts=$apt/sources.list.d"
		-o "Dir::State::Lists=$apt/lists"
		-o "Dir::Cache::Archives=$apt/archives"
		-o "Dir::Cache=$apt"
		-o "APT::Get::List-Cleanup=0"
		-o "Acquire::Retries=3"
	)
	log "updating private package lists in $apt"
	apt-get "${opts[@]}" update -qq >&2
	if ! ls "$cache"/nvidia-cuda-dev_*.deb >/dev/null 2>&1; then
		log "downloading nvidia-cuda-dev (about 774 MB) into $cache"
		(cd "$cache" && apt-get "${opts[@]}" download nvidia-cuda-dev >&2)
	fi
	deb="$(ls "$cache"/nvidia-cuda-dev_*.deb | head -n1)"
	log "unpacking $deb into $root"
	mkdir -p "$root"
	dpkg-deb -x "$deb" "$root"
	rm -f "$deb" # 774 MB; the unpacked tree is all that is needed
	[[ -f "$inc/cuda.h" ]] || { echo "setup_cuda: $inc/cuda.h missing after unpacking" >&2; exit 1; }
	[[ -f "$stubs/libcuda.so" ]] || { echo "setup_cuda: $stubs/libcuda.so missing after unpacking" >&2; exit 1; }
fi

if [[ $toolkit == 1 && ! -x "$cache/toolkit/usr/bin/ptxas" ]]; then
	apt="$cache/apt"
	opts=(
		-o "Dir::Etc::SourceList=$apt/sources.list"
		-o "Dir::Etc::SourceParts=$apt/sources.list.d"
		-o "Dir::State::Lists=$apt/lists"
		-o "Dir::Cache::Archives=$apt/archives"
		-o "Dir::Cache=$apt"
		-o "Acquire::Retries=3"
	)
	log "downloading nvidia-cuda-toolkit (about 84 MB) into $cache"
	(cd "$cache" && apt-get "${opts[@]}" download nvidia-cuda-toolkit >&2)
	deb="$(ls "$cache"/nvidia-cuda-toolkit_*.deb | head -n1)"
	mkdir -p "$cache/toolkit"
	dpkg-deb -x "$deb" "$cache/toolkit"
	rm -f "$deb"
fi
if [[ $toolkit == 1 ]]; then
	tk="$cache/toolkit/usr/lib/nvidia-cuda-toolkit"
	# The packaged nvcc.profile is a link to /etc; write one for this tree.
	rm -f "$tk/bin/nvcc.profile"
	cat >"$tk/bin/nvcc.profile" <<-EOF
		NVVMIR_LIBRARY_DIR = $tk/libdevice
		PATH += $tk/bin:$cache/toolkit/usr/bin:
		INCLUDES += "-I$inc" \$(_SPACE_)
		LIBRARIES =+ \$(_SPACE_) -L$stubs
	EOF
	echo "export PTXAS='$cache/toolkit/usr/bin/ptxas'"
	echo "export NVCC='$tk/bin/nvcc'"
fi

version="$(awk '/#define CUDA_VERSION /{print $3}' "$inc/cuda.h")"
log "cuda.h CUDA_VERSION $version"
echo "export CGO_CFLAGS='-I$inc'"
echo "export CGO_LDFLAGS='-L$stubs'"
