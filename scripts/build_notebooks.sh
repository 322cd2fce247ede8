#!/usr/bin/env bash
# build_notebooks.sh regenerates the lesson notebooks from
# notebooks/src/lesson3.cells (go run ./notebooks/gen) and executes each
# in place with nbconvert, so that the committed notebooks carry their
# outputs. It prints how long each notebook took.
#
# Usage: scripts/build_notebooks.sh [notebook.ipynb ...]   (default: all four)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
gobin="$(go env GOBIN)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
export PATH="$gobin:$(go env GOROOT)/bin:$PATH"
command -v jupyter >/dev/null || {
	echo "build_notebooks: jupyter not found: run scripts/setup.sh" >&2
	exit 1
}
if [ -z "${TOPICMODEL_ARCHIVE:-}" ]; then
	TOPICMODEL_ARCHIVE="$(cd "$repo" && go run ./internal/testenv/fidelity corpus)" || exit 1
	export TOPICMODEL_ARCHIVE
fi
go run ./notebooks/gen -src notebooks/src/lesson3.cells -out notebooks
# The GPU notebook is executed too: without a GPU its cells say so and run
# on the CPU. On a GPU machine, scripts/lesson.sh --gpu --execute runs it there.
go run ./notebooks/gen -src notebooks/src/lesson3-gpu.cells -out notebooks -single lesson3-gpu.ipynb
if [ $# -gt 0 ]; then
	nbs=("$@")
else
	nbs=(notebooks/lesson3-topic-modeling.ipynb notebooks/lesson3-topic-modeling.zh.ipynb
		notebooks/exercises/lesson3-topic-modeling.ipynb notebooks/exercises/lesson3-topic-modeling.zh.ipynb
		notebooks/lesson3-gpu.ipynb)
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for nb in "${nbs[@]}"; do
	start=$(date +%s.%N)
	if ! jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=600 "$nb" >"$log" 2>&1; then
		grep -v '^[IW][0-9]\{4\} ' "$log" | tail -40 >&2
		echo "build_notebooks: $nb failed" >&2
		exit 1
	fi
	end=$(date +%s.%N)
	printf 'build_notebooks: %-50s %6.1f s\n' "$nb" "$(awk "BEGIN{print $end - $start}")"
done
