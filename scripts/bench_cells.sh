#!/usr/bin/env bash
# bench_cells.sh measures what one more cell costs at the end of the lesson:
# it appends N trivial cells (fmt.Println(i)) to the English lesson, runs it
# headless, and reports the seconds each trivial cell took (from the
# kernel's execute_input / execute_reply times that nbconvert records).
# Then it splits one cell's cost into its steps, on the program GoNB wrote
# for the last cell: goimports, go build (compile + link, with and without
# DWARF), and running the program (which reads every stored value).
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
if [ -z "${TOPICMODEL_ARCHIVE:-}" ] && [ -r "$repo/../shared/datasets/20news-bydate.tar.gz" ]; then
	export TOPICMODEL_ARCHIVE="$(cd "$repo/../shared/datasets" && pwd)/20news-bydate.tar.gz"
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export TOPICMODEL_NOTEBOOK_CACHE="$tmp/values"

/usr/bin/env python3 - "$repo/notebooks/lesson3-topic-modeling.ipynb" "$tmp/bench.ipynb" "$n" "$tmp/ctx" <<'EOF'
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
EOF
echo "== running the lesson with $n trivial cells appended"
start=$(date +%s.%N)
(cd "$tmp" && jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=1200 bench.ipynb --output ran.ipynb >"$tmp/log" 2>&1) ||
	{ tail -30 "$tmp/log" >&2; echo "bench_cells: the notebook failed (log above)" >&2; exit 1; }
echo "   whole notebook: $(echo "$(date +%s.%N) - $start" | bc) s"
/usr/bin/env python3 - "$tmp/ran.ipynb" <<'EOF'
import json, sys, datetime, statistics
nb = json.load(open(sys.argv[1]))
def t(s): return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
secs = []
for c in nb["cells"]:
    if "trivial" in c["metadata"].get("tags", []):
        e = c["metadata"].get("execution", {})
        secs.append((t(e["shell.execute_reply"]) - t(e["iopub.execute_input"])).total_seconds())
print("   trivial cells after the lesson: %d, s/cell median %.3f, min %.3f, max %.3f" %
      (len(secs), statistics.median(secs), min(secs), max(secs)))
EOF
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
touchgo() { echo "// $RANDOM$RANDOM" >>main.go; }
GOFLAGS= go build -o prog . # warm the build cache
echo "   goimports:                  $(best goimports main.go) s"
echo "   go build (-ldflags=-w):     $(best bash -c 'echo "// $RANDOM" >>main.go; GOFLAGS=-ldflags=-w go build -o prog .') s"
echo "   go build (with DWARF):      $(best bash -c 'echo "// $RANDOM" >>main.go; GOFLAGS= go build -o prog .') s"
echo "   run the program:            $(best ./prog) s   (binary $(du -k prog | cut -f1) KiB)"
