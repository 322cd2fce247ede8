#!/usr/bin/env bash
# bench_cells.sh measures what one more cell costs at the end of the lesson:
# it appends N trivial cells (fmt.Println(i)) to the English lesson, runs it
# headless cell by cell with nbclient, and reports the seconds each trivial
# cell took, timed from the client. Then it splits one cell's cost into its
# steps, on the program GoNB wrote for the last cell: goimports, go build
# (compile + link, with and without debug information), and running the
# program (which reads every stored value).
#
# Usage: scripts/bench_cells.sh [N]     (N trivial cells, default 10)
# Needs scripts/setup.sh (Jupyter, GoNB, goimports) and the corpus
# ($TOPICMODEL_ARCHIVE or the data home).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-10}"
case "$n" in '' | *[!0-9]*) echo "bench_cells: N must be a number, got $n" >&2; exit 2 ;; esac
gobin="$(go env GOBIN)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
export PATH="$gobin:$(go env GOROOT)/bin:$PATH"
command -v jupyter >/dev/null || { echo "bench_cells: jupyter not found: run scripts/setup.sh" >&2; exit 1; }
if [ -z "${TOPICMODEL_ARCHIVE:-}" ]; then
	TOPICMODEL_ARCHIVE="$(cd "$repo" && go run ./internal/testenv/fidelity corpus)" || exit 1
	export TOPICMODEL_ARCHIVE
fi
# The Python that runs Jupyter has nbformat and nbclient.
py="$(head -1 "$(command -v jupyter)" | sed -n 's/^#! *\([^ ]*python[^ ]*\).*/\1/p')"
[ -n "$py" ] || py=python3
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export TOPICMODEL_NOTEBOOK_CACHE="$tmp/values"

"$py" - "$repo/notebooks/lesson3-topic-modeling.ipynb" "$tmp/bench.ipynb" "$n" "$tmp/ctx" <<'PY'
import json, sys
src, dst, n, ctx = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
nb = json.load(open(src))
for c in nb["cells"]:
    if c["cell_type"] == "code":
        c["outputs"], c["execution_count"] = [], None
for i in range(n):
    nb["cells"].append({"cell_type": "code", "metadata": {"tags": ["trivial"]}, "execution_count": None,
                        "outputs": [], "source": ["%%\n", "fmt.Println(%d)" % i]})
nb["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                    "source": ["!*mkdir -p %s && cp main.go go.mod go.sum go.work %s/" % (ctx, ctx)]})
json.dump(nb, open(dst, "w"))
PY

echo "== the lesson with $n trivial cells appended, cell by cell"
(cd "$tmp" && "$py" - bench.ipynb <<'PY'
# The kernel's own reply times have whole seconds, so each cell is timed
# from the client.
import sys, time, statistics, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
client = NotebookClient(nb, timeout=1200, kernel_name="gonb")
start = time.perf_counter()
trivial, lesson = [], []
with client.setup_kernel():
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        t0 = time.perf_counter()
        client.execute_cell(cell, i)
        dt = time.perf_counter() - t0
        (trivial if "trivial" in cell.metadata.get("tags", []) else lesson).append(dt)
print("   whole notebook: %.1f s (%d lesson cells, %d trivial)" % (time.perf_counter() - start, len(lesson), len(trivial)))
print("   a trivial cell after the lesson: median %.3f s, min %.3f s, max %.3f s" %
      (statistics.median(trivial), min(trivial), max(trivial)))
PY
) || { echo "bench_cells: the notebook failed" >&2; exit 1; }

echo "== one cell's steps, on the program GoNB built for the last cell ($(grep -c '' "$tmp/ctx/main.go") lines of main.go)"
cd "$tmp/ctx"
best() { # best of 3 wall times of "$@", in seconds
	local b=999 s e d
	for _ in 1 2 3; do
		s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
		d=$(echo "$e - $s" | bc); b=$(echo "if ($d < $b) $d else $b" | bc)
	done
	printf '%.3f' "$b"
}
GOFLAGS= go build -o prog . # warm the build cache
echo "   goimports:                  $(best goimports main.go) s"
echo "   go build -ldflags='-s -w':  $(best bash -c 'echo "// $RANDOM" >>main.go; go build -ldflags="-s -w" -o prog .') s"
echo "   go build (with DWARF):      $(best bash -c 'echo "// $RANDOM" >>main.go; go build -o prog .') s"
go build -ldflags="-s -w" -o prog .
# Each run leaves a resealer checksumming the mapped matrices (about 1.3 GB)
# for a few tenths of a second, which a run right after it would wait for;
# in the notebook the next cell's build covers that time, so each run here
# comes 3 s after the one before.
best_apart() { # best of 3 wall times of "$@", 3 s apart, in seconds
	local b=999 s e d
	for _ in 1 2 3; do
		sleep 3
		s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
		d=$(echo "$e - $s" | bc); b=$(echo "if ($d < $b) $d else $b" | bc)
	done
	printf '%.3f' "$b"
}
echo "   run the program:            $(best_apart ./prog) s   (binary $(du -k prog | cut -f1) KiB)"
echo "   run it right after a run:   $(best ./prog) s   (waits for the previous run's resealer)"
