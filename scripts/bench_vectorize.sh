#!/usr/bin/env bash
# Times lib/text's vectorizers against scikit-learn's on the same 20
# Newsgroups posts, in the same run, and prints Go/Python ratios.
#
#   scripts/bench_vectorize.sh [REPEAT]
#
# Cases (stop_words="english", headers/footers/quotes removed, as in the
# lesson): the lesson's 2,034 training posts and all 18,846 posts, each with
# CountVectorizer and TfidfVectorizer. Each side loads the posts once (not
# timed) and fits REPEAT times (default 7); the table shows the best and the
# median wall time of each side. The two sides run one case at a time,
# alternately, so that both see the same load on the machine.
#
# Needs Go, /usr/bin/python3 with scikit-learn (apt-get install
# python3-sklearn) and the archive: $TOPICMODEL_ARCHIVE, else the shared
# copy ../shared/datasets/20news-bydate.tar.gz beside the repository.
# Parsed caches go to $BENCH_HOME (default ~/.cache/topicmodel-bench).
set -euo pipefail
# Some machine images set OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE to work around
# old OpenBLAS builds; with Debian's OpenBLAS 0.3.21 they only slow NumPy and
# SciPy down. Compare against Python at its best: unset both
# (BENCH_KEEP_OPENBLAS_ENV=1 keeps them).
[ -n "${BENCH_KEEP_OPENBLAS_ENV:-}" ] || unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
cd "$(dirname "$0")/.."
repeat=${1:-7}
bench_name=bench_vectorize
. scripts/bench_common.sh
bench_need_python sklearn
archive="$(bench_archive)"
home=${BENCH_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/topicmodel-bench}
mkdir -p "$home/go" "$home/sklearn"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/benchvec" ./scripts/benchvec

cases=(lesson-count lesson-tfidf all-count all-tfidf)
# Warm both loaders' caches (not timed).
"$bin/benchvec" -archive "$archive" -data "$home/go" -repeat 1 -cases lesson-count,all-count >/dev/null
/usr/bin/python3 scripts/bench_vectorize.py "$archive" "$home/sklearn" 1 lesson-count,all-count >/dev/null

goout=$bin/go.jsonl
pyout=$bin/py.jsonl
for c in "${cases[@]}"; do
	"$bin/benchvec" -archive "$archive" -data "$home/go" -repeat "$repeat" -cases "$c" >>"$goout"
	/usr/bin/python3 scripts/bench_vectorize.py "$archive" "$home/sklearn" "$repeat" "$c" >>"$pyout"
done

echo "lib/text vs scikit-learn $(/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)'), $(nproc) cores, best|median of $repeat fits, $(date -u +%Y-%m-%dT%H:%MZ)"
/usr/bin/python3 - "$goout" "$pyout" <<'PY'
import json, sys
go = {r["case"]: r for r in map(json.loads, open(sys.argv[1]))}
py = {r["case"]: r for r in map(json.loads, open(sys.argv[2]))}
print("| case | docs | shape | Go best s | sklearn best s | ratio | Go median s | sklearn median s | ratio | same matrix |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name, g in go.items():
    p = py[name]
    same = g["shape"] == p["shape"] and g["nnz"] == p["nnz"] and abs(g["sum"] - p["sum"]) <= 1e-9 * abs(p["sum"])
    print("| %s | %d | %d×%d | %.4f | %.4f | %.2f | %.4f | %.4f | %.2f | %s |" % (
        name, g["n_docs"], g["shape"][0], g["shape"][1], g["best_s"], p["best_s"], g["best_s"] / p["best_s"],
        g["median_s"], p["median_s"], g["median_s"] / p["median_s"], "yes" if same else "NO"))
PY
