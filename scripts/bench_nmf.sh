#!/usr/bin/env bash
# Times lib/nmf against scikit-learn's NMF, and the fast SGD NMF against the
# lesson's numpy SGD, in the same run, and prints the Go/Python ratios.
# Needs /usr/bin/python3 with python3-sklearn and the archive
# (shared/datasets/20news-bydate.tar.gz beside or inside the repository, or
# $TOPICMODEL_ARCHIVE).
#
# Usage: scripts/bench_nmf.sh [REPEATS] [NUMPY_SGD_STEPS]   (defaults 5 and 5)
#
# numpy's SGD is timed for NUMPY_SGD_STEPS steps and scaled to 50 (each of
# its steps costs the same: the dense residual); Go runs the full 50 steps.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
repeats="${1:-5}"
np_steps="${2:-5}"
cases="${NMF_BENCH_CASES:-lesson-count:5,lesson-tfidf:5,all-tfidf:20}"

archive="${TOPICMODEL_ARCHIVE:-}"
if [[ -z "$archive" ]]; then
	for p in shared/datasets/20news-bydate.tar.gz ../shared/datasets/20news-bydate.tar.gz; do
		[[ -f "$p" ]] && archive="$(cd "$(dirname "$p")" && pwd)/$(basename "$p")" && break
	done
fi
[[ -n "$archive" && -f "$archive" ]] || { echo "bench_nmf: no 20news-bydate.tar.gz found; set TOPICMODEL_ARCHIVE" >&2; exit 1; }
sk_home="${SKLEARN_BENCH_HOME:-${TMPDIR:-/tmp}/topicmodel-bench-sklearn}"

bin="$(mktemp -d)/benchnmf"
go build -o "$bin" ./scripts/benchnmf
echo "Go: lib/nmf (GOMAXPROCS=$(nproc)), best of $repeats" >&2
go_out="$("$bin" -archive "$archive" -repeat "$repeats" -cases "$cases" -sgd 50)"
echo "Python: scikit-learn $(/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)'), numpy $(/usr/bin/python3 -c 'import numpy; print(numpy.__version__)'), best of $repeats" >&2
py_out="$(/usr/bin/python3 scripts/bench_nmf.py "$archive" "$sk_home" "$repeats" "$np_steps" "$cases")"
rm -rf "$(dirname "$bin")"

GO_OUT="$go_out" PY_OUT="$py_out" /usr/bin/python3 - "$np_steps" <<'PY'
import json, os, sys
np_steps = int(sys.argv[1])
go = [json.loads(l) for l in os.environ["GO_OUT"].splitlines() if l.strip()]
py = [l.split() for l in os.environ["PY_OUT"].splitlines() if l.strip()]
print()
print(f"{'case':<16} {'k':>3} {'Go (s)':>9} {'sklearn (s)':>12} {'Go/sk':>7}   {'n_iter Go/sk':>12}   {'rel. err diff':>13}")
sk = {(p[0], int(p[1])): p for p in py if p[0] != "sgd-numpy"}
for g in go:
    if g["case"].startswith("sgd"):
        continue
    p = sk[(g["case"], g["k"])]
    rel = abs(g["reconstruction_err"] - float(p[5])) / float(p[5])
    print(f"{g['case']:<16} {g['k']:>3} {g['best_s']:>9.4f} {float(p[2]):>12.4f} {g['best_s']/float(p[2]):>7.3f}   {g['n_iter']:>5} / {int(p[4]):<5}   {rel:>13.2e}")
sg = [g for g in go if g["case"].startswith("sgd")]
sn = [p for p in py if p[0] == "sgd-numpy"]
if sg and sn:
    np50 = float(sn[0][2]) * 50 / int(sn[0][1])
    print(f"\nSGD NMF, 50 steps on the lesson tf-idf: Go (Gram form) {sg[0]['best_s']:.4f} s, "
          f"numpy (literal) {np50:.2f} s (measured {int(sn[0][1])} steps: {float(sn[0][2]):.2f} s, scaled), Go/numpy {sg[0]['best_s']/np50:.5f}")
print(f"(minimum over repeats; {os.cpu_count()} CPUs; sklearn's fits are single-threaded apart from BLAS)")
PY
