#!/usr/bin/env bash
# bench_notebook.sh times the lesson end to end, executed headless the same
# way on both sides (jupyter nbconvert --execute), in one run:
#
#   go-cpu     notebooks/lesson3-topic-modeling.ipynb without its GPU-section
#              cells (the GPU fallback and autograd cells), i.e. the cells
#              the Python lesson also runs on a CPU;
#   go-all     the whole Go notebook (GPU cells run their CPU fallback);
#   python     scripts/bench/lesson3_python.ipynb: the lesson's own CPU code
#              cells (NumPy, SciPy, scikit-learn; the PyTorch cells need a
#              GPU and are left out) with the Debian Python 3 kernel.
#
# Both sides read the corpus from a warm cache (scikit-learn's .pkz, and
# lib/newsgroups' cache), built before timing from the project's archive.
# Unless --no-warmup, the Go notebook runs once untimed first, so that Go's
# build cache holds the compiled packages (a fresh clone compiles them once).
#
# Usage: scripts/bench_notebook.sh [--no-warmup] [--repeat N]
# Prints a table of wall times and Go/Python ratios.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
warmup=1
repeat=1
while [ $# -gt 0 ]; do
	case "$1" in
	--no-warmup) warmup=0 ;;
	--repeat)
		repeat="$2"
		shift
		;;
	-h | --help)
		sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "bench_notebook: unknown argument $1" >&2
		exit 2
		;;
	esac
	shift
done

gobin="$(go env GOBIN)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
export PATH="$gobin:$(go env GOROOT)/bin:$PATH"
py=/usr/bin/python3
command -v jupyter >/dev/null || {
	echo "bench_notebook: jupyter not found: run scripts/setup.sh" >&2
	exit 1
}
$py -c 'import numpy, scipy, sklearn, matplotlib, matplotlib_inline' 2>/dev/null || {
	echo "bench_notebook: the Python side needs /usr/bin/python3 with numpy, scipy, sklearn and matplotlib: apt-get install -y python3-sklearn python3-matplotlib" >&2
	exit 1
}
# The corpus: $TOPICMODEL_ARCHIVE, else ../shared beside the repository,
# else downloaded once (SHA-256 checked), as scripts/test.sh finds it.
archive="${TOPICMODEL_ARCHIVE:-$(go run ./internal/testenv/fidelity corpus)}" || exit 1
export TOPICMODEL_ARCHIVE="$archive"

out="$repo/out/bench_notebook"
mkdir -p "$out"
skhome="$out/scikit_learn_data"
export SCIKIT_LEARN_DATA="$skhome"

# scikit-learn's cache, built from the local archive (its download step is
# replaced by a copy; the rest is scikit-learn's own code). Not timed.
$py - "$archive" "$skhome" <<'EOF'
import os, shutil, sys
from sklearn.datasets import _twenty_newsgroups as tn
archive, home = sys.argv[1], sys.argv[2]
def fetch_local(remote, dirname=None):
    dst = os.path.join(dirname, remote.filename)
    shutil.copyfile(archive, dst)
    return dst
tn._fetch_remote = fetch_local
os.makedirs(home, exist_ok=True)
cats = ['alt.atheism', 'talk.religion.misc', 'comp.graphics', 'sci.space']
tn.fetch_20newsgroups(data_home=home, subset='train', categories=cats)
EOF

# The Go notebook without the GPU-section cells.
gonb="$repo/notebooks/lesson3-topic-modeling.ipynb"
gocpu="$repo/notebooks/.bench-lesson3-cpu.ipynb"
trap 'rm -f "$gocpu"' EXIT
$py - "$gonb" "$gocpu" <<'EOF'
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
nb.cells = [c for c in nb.cells if "gpu-section" not in c.get("metadata", {}).get("tags", [])]
for c in nb.cells:
    if c.cell_type == "code":
        c.outputs, c.execution_count = [], None
nbformat.write(nb, sys.argv[2])
EOF

# run NAME NOTEBOOK: executes NOTEBOOK headless (kernel in its folder) and
# prints the wall seconds.
run() {
	local name="$1" nb="$2" log="$out/$1.log" start end
	start=$(date +%s.%N)
	if ! jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=1200 \
		--output "$out/$name.ipynb" "$nb" >"$log" 2>&1; then
		grep -v '^[IW][0-9]\{4\} ' "$log" | tail -30 >&2
		echo "bench_notebook: $name failed (log: $log)" >&2
		exit 1
	fi
	end=$(date +%s.%N)
	awk "BEGIN{printf \"%.2f\", $end - $start}"
}

if [ "$warmup" = 1 ]; then
	echo "warm-up: the Go notebook once, untimed ($(run warmup "$gocpu") s)"
fi

declare -A best
for name in go-cpu go-all python; do best[$name]=""; done
for ((r = 1; r <= repeat; r++)); do
	for name in go-cpu go-all python; do
		case "$name" in
		go-cpu) nb="$gocpu" ;;
		go-all) nb="$gonb" ;;
		python) nb="$repo/scripts/bench/lesson3_python.ipynb" ;;
		esac
		t="$(run "$name" "$nb")"
		echo "run $r: $name $t s"
		if [ -z "${best[$name]}" ] || awk "BEGIN{exit !($t < ${best[$name]})}"; then
			best[$name]="$t"
		fi
	done
done

echo
echo "lesson 3 notebook, executed headless with nbconvert ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), best of $repeat)"
printf '%-8s %10s %12s\n' side "wall (s)" "Go/Python"
py_t="${best[python]}"
for name in go-cpu go-all python; do
	printf '%-8s %10.1f %12.3f\n' "$name" "${best[$name]}" "$(awk "BEGIN{print ${best[$name]} / $py_t}")"
done
echo "(go-cpu runs the cells the Python lesson runs on a CPU; go-all adds the GPU fallback and autograd cells)"
