#!/usr/bin/env bash
# lesson.sh sets up what the notebooks need (scripts/setup.sh) and opens the
# lesson in Jupyter, or, with --execute, runs it headless and saves the
# executed copy under out/notebooks/.
#
# Usage: scripts/lesson.sh [--execute] [--zh] [--exercises] [--gpu] [--no-setup] [-- jupyter args]
#   --execute    run every cell with `jupyter nbconvert --execute` (no browser)
#   --zh         the Chinese edition (lesson3-topic-modeling.zh.ipynb)
#   --exercises  the exercise edition (notebooks/exercises/)
#   --gpu        the GPU notebook (lesson3-gpu.ipynb): fetches the CUDA headers
#                with scripts/setup_cuda.sh (about 0.8 GB, once) for the cuda tag
#   --no-setup   skip scripts/setup.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
execute=0 zh=0 exercises=0 setup=1 gpu=0
extra=()
while [ $# -gt 0 ]; do
	case "$1" in
	--execute) execute=1 ;;
	--zh) zh=1 ;;
	--exercises) exercises=1 ;;
	--no-setup) setup=0 ;;
	--gpu) gpu=1 ;;
	--)
		shift
		extra=("$@")
		break
		;;
	-h | --help)
		sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "lesson.sh: unknown argument $1 (try --help)" >&2
		exit 2
		;;
	esac
	shift
done

if [ "$setup" = 1 ]; then
	"$repo/scripts/setup.sh" --quiet
fi
gobin="$(go env GOBIN 2>/dev/null || true)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
export PATH="$gobin:$(go env GOROOT)/bin:$PATH"

name="lesson3-topic-modeling"
[ "$zh" = 1 ] && name="$name.zh"
nb="$repo/notebooks/$name.ipynb"
[ "$exercises" = 1 ] && nb="$repo/notebooks/exercises/$name.ipynb"
if [ "$gpu" = 1 ]; then
	nb="$repo/notebooks/lesson3-gpu.ipynb"
	# The cells build with the cuda tag only where that can work: an NVIDIA
	# driver and the CUDA headers. Elsewhere they run on the CPU and the
	# device cell says why.
	if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then
		eval "$("$repo/scripts/setup_cuda.sh" --env-only)"
		export GOFLAGS="${GOFLAGS:+$GOFLAGS }-tags=cuda"
	else
		echo "lesson: no NVIDIA driver here (nvidia-smi finds no GPU): the GPU notebook's cells run on the CPU" >&2
	fi
fi
[ -r "$nb" ] || {
	echo "lesson.sh: $nb not found" >&2
	exit 1
}

# Use the project's copy of the corpus when there is one (no download).
if [ -z "${TOPICMODEL_ARCHIVE:-}" ]; then
	for a in "$repo/shared/datasets/20news-bydate.tar.gz" "$repo/../shared/datasets/20news-bydate.tar.gz"; do
		if [ -r "$a" ]; then
			export TOPICMODEL_ARCHIVE="$(cd "$(dirname "$a")" && pwd)/20news-bydate.tar.gz"
			break
		fi
	done
fi

if [ "$execute" = 1 ]; then
	outdir="$repo/out/notebooks"
	mkdir -p "$outdir"
	out="$outdir/$(basename "$nb")"
	echo "lesson: executing $nb headless ..."
	start=$(date +%s.%N)
	if ! jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
		--output "$out" "$nb" "${extra[@]}" >"$outdir/nbconvert.log" 2>&1; then
		grep -v '^[IW][0-9]\{4\} ' "$outdir/nbconvert.log" | tail -40 >&2
		echo "lesson: a cell failed (nbconvert log above, full log in $outdir/nbconvert.log)" >&2
		exit 1
	fi
	end=$(date +%s.%N)
	printf 'lesson: executed in %.1f s; the notebook with its outputs is %s\n' "$(awk "BEGIN{print $end - $start}")" "$out"
else
	echo "lesson: opening $nb in Jupyter (Ctrl-C to stop)"
	cd "$(dirname "$nb")"
	exec jupyter notebook "$(basename "$nb")" "${extra[@]}"
fi
