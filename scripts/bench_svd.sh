#!/usr/bin/env bash
# Times lib/svd against SciPy and scikit-learn in the same run and prints
# the Go/Python ratios: the full thin SVD of the lesson's 2034×26576 count
# matrix (SciPy's linalg.svd(dense, full_matrices=False)), and randomized
# SVD with k=5 on that matrix sparse and dense and k=20 on the tf-idf matrix
# of all 20 categories (scikit-learn's randomized_svd, random_state=0).
# Needs /usr/bin/python3 with python3-sklearn and the archive
# (shared/datasets/20news-bydate.tar.gz beside or inside the repository, or
# $TOPICMODEL_ARCHIVE).
#
# Usage: scripts/bench_svd.sh [REPEATS] [REPEATS_FULL] [ROUNDS]   (defaults 5, 1, 1)
# Each round runs the Go side, then the Python side; with ROUNDS > 1 they
# alternate, so that both see the same swings of a shared machine's speed,
# and each side keeps its best time over all rounds.
# SVD_BENCH_CASES picks cases (comma-separated; see scripts/benchsvd).
set -euo pipefail
# Some machine images set OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE to work around
# old OpenBLAS builds; with Debian's OpenBLAS 0.3.21 they only slow NumPy and
# SciPy down. Compare against Python at its best: unset both
# (BENCH_KEEP_OPENBLAS_ENV=1 keeps them).
[ -n "${BENCH_KEEP_OPENBLAS_ENV:-}" ] || unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
repeats="${1:-5}"
repeats_full="${2:-1}"
rounds="${3:-1}"
cases="${SVD_BENCH_CASES:-full-lesson-count,rsvd-lesson-count,rsvd-lesson-count-dense,rsvd-all-tfidf}"

bench_name=bench_svd
. scripts/bench_common.sh
bench_need_python scipy sklearn
archive="$(bench_archive)"
sk_home="${SKLEARN_BENCH_HOME:-${TMPDIR:-/tmp}/topicmodel-bench-sklearn}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/benchsvd" ./scripts/benchsvd
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
go_out=""
py_out=""
for ((r = 1; r <= rounds; r++)); do
	echo "round $r/$rounds: Go lib/svd (GOMAXPROCS=$(nproc)), then SciPy $(/usr/bin/python3 -c 'import scipy; print(scipy.__version__)') and scikit-learn $(/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)'); best of $repeats each (full SVD: $repeats_full)" >&2
	go_out+="$("$tmp/benchsvd" -archive "$archive" -repeat "$repeats" -repeat-full "$repeats_full" -cases "$cases")"$'\n'
	py_out+="$(/usr/bin/python3 scripts/bench_svd.py "$archive" "$sk_home" "$repeats" "$repeats_full" "$cases")"$'\n'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

GO_OUT="$go_out" PY_OUT="$py_out" /usr/bin/python3 - <<'PY'
import json, os
# Best of the rounds for each side.
go, py = {}, {}
for g in (json.loads(l) for l in os.environ["GO_OUT"].splitlines() if l.strip()):
    if g["case"] not in go or g["best_s"] < go[g["case"]]["best_s"]:
        go[g["case"]] = g
for p in (l.split() for l in os.environ["PY_OUT"].splitlines() if l.strip()):
    if p[0] not in py or float(p[1]) < float(py[p[0]][1]):
        py[p[0]] = p
target = {"full-lesson-count": 1.0, "rsvd-lesson-count": 0.5, "rsvd-lesson-count-dense": 0.5, "rsvd-all-tfidf": 0.5}
print()
print(f"{'case':<26} {'Go (s)':>9} {'Python (s)':>11} {'Go/Py':>7} {'target':>7}   {'max rel. diff s[:5]':>19}")
for case, g in go.items():
    p = py[case]
    ps = [float(v) for v in p[2:]]
    diff = max(abs(a - b) / b for a, b in zip(g["s_head"], ps))
    ratio = g["best_s"] / float(p[1])
    print(f"{case:<26} {g['best_s']:>9.3f} {float(p[1]):>11.3f} {ratio:>7.3f} {'≤' + str(target.get(case, '')):>7}   {diff:>19.2e}")
PY
