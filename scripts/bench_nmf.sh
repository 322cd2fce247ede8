#!/usr/bin/env bash
# Times lib/nmf against scikit-learn's NMF, and the fast SGD NMF against the
# lesson's numpy SGD, in the same run, and prints the Go/Python ratios.
# Needs /usr/bin/python3 with python3-sklearn and the archive
# (shared/datasets/20news-bydate.tar.gz beside or inside the repository, or
# $TOPICMODEL_ARCHIVE).
#
# Usage: scripts/bench_nmf.sh [ROUNDS] [NUMPY_SGD_STEPS]   (defaults 3 and 3)
#
# numpy's SGD is timed for NUMPY_SGD_STEPS steps and scaled to 50 (each of
# its steps costs the same: the dense residual); Go runs the full 50 steps.
set -euo pipefail
# Some machine images set OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE to work around
# old OpenBLAS builds; with Debian's OpenBLAS 0.3.21 they only slow NumPy and
# SciPy down. Compare against Python at its best: unset both
# (BENCH_KEEP_OPENBLAS_ENV=1 keeps them).
[ -n "${BENCH_KEEP_OPENBLAS_ENV:-}" ] || unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
repeats="${1:-3}"
np_steps="${2:-3}"
cases="${NMF_BENCH_CASES:-lesson-count:5,lesson-tfidf:5,all-tfidf:20}"

bench_name=bench_nmf
. scripts/bench_common.sh
bench_need_python numpy sklearn
archive="$(bench_archive)"
sk_home="${SKLEARN_BENCH_HOME:-${TMPDIR:-/tmp}/topicmodel-bench-sklearn}"

bin="$(mktemp -d)/benchnmf"
go build -o "$bin" ./scripts/benchnmf
# Rounds alternate Go and Python so that both see the same machine load;
# each side keeps its best time over the rounds.
go_out=""
py_out=""
for ((r = 1; r <= repeats; r++)); do
	echo "round $r/$repeats: Go lib/nmf (GOMAXPROCS=$(nproc)), then scikit-learn $(/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)')" >&2
	sgd=0
	steps=0
	if ((r == 1)); then sgd=50; steps="$np_steps"; fi
	go_out+="$("$bin" -archive "$archive" -repeat 2 -cases "$cases" -sgd "$sgd")"$'\n'
	py_out+="$(/usr/bin/python3 scripts/bench_nmf.py "$archive" "$sk_home" 2 "$steps" "$cases")"$'\n'
done
rm -rf "$(dirname "$bin")"

GO_OUT="$go_out" PY_OUT="$py_out" /usr/bin/python3 - "$np_steps" <<'PY'
import json, os, sys
go, py = {}, {}
for l in os.environ["GO_OUT"].splitlines():
    if l.strip():
        g = json.loads(l)
        key = (g["case"], g.get("k", 0))
        if key not in go or g["best_s"] < go[key]["best_s"]:
            go[key] = g
for l in os.environ["PY_OUT"].splitlines():
    p = l.split()
    if not p:
        continue
    key = (p[0], int(p[1]))
    if p[0] == "sgd-numpy":
        py[key] = p
    elif key not in py or float(p[2]) < float(py[key][2]):
        py[key] = p
print()
print(f"{'case':<14} {'k':>3} {'Go (s)':>8} {'sklearn (s)':>11} {'Go/sk':>6}   {'init: Go':>8} {'sk rsvd':>8}   {'n_iter Go/sk':>12}   {'rel. err diff':>13}")
for key, g in go.items():
    if g["case"].startswith("sgd"):
        continue
    p = py[key]
    rel = abs(g["reconstruction_err"] - float(p[5])) / float(p[5])
    print(f"{g['case']:<14} {g['k']:>3} {g['best_s']:>8.4f} {float(p[2]):>11.4f} {g['best_s']/float(p[2]):>6.3f}   "
          f"{g['init_best_s']:>8.4f} {float(p[6]):>8.4f}   {g['n_iter']:>5} / {int(p[4]):<5}   {rel:>13.2e}")
sg = [g for k, g in go.items() if k[0].startswith("sgd")]
sn = [p for k, p in py.items() if k[0] == "sgd-numpy"]
if sg and sn:
    np50 = float(sn[0][2]) * 50 / int(sn[0][1])
    print(f"\nSGD NMF, 50 steps on the lesson tf-idf: Go (Gram form) {sg[0]['best_s']:.4f} s, "
          f"numpy (literal) {np50:.2f} s (measured {int(sn[0][1])} steps: {float(sn[0][2]):.2f} s, scaled), Go/numpy {sg[0]['best_s']/np50:.5f}")
print(f"(best of the rounds; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end; "
      "init = the NNDSVD initialisation alone, sk rsvd = scikit-learn's randomized_svd alone)")
PY
