#!/usr/bin/env bash
# Times loading 20 Newsgroups in Go (datasets/newsgroups, from its cache)
# and in scikit-learn (fetch_20newsgroups, from its cache), in the same run,
# and prints the Go/Python ratios. Needs /usr/bin/python3 with
# python3-sklearn and the archive (shared/datasets/20news-bydate.tar.gz
# beside or inside the repository, or $TOPICMODEL_ARCHIVE).
#
# Usage: scripts/bench_load.sh [REPEATS]   (default 7)
set -euo pipefail
# Some machine images set OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE to work around
# old OpenBLAS builds; with Debian's OpenBLAS 0.3.21 they only slow NumPy and
# SciPy down. Compare against Python at its best: unset both
# (BENCH_KEEP_OPENBLAS_ENV=1 keeps them).
[ -n "${BENCH_KEEP_OPENBLAS_ENV:-}" ] || unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
repeats="${1:-7}"

bench_name=bench_load
. scripts/bench_common.sh
bench_need_python sklearn
archive="$(bench_archive)"
sk_home="${SKLEARN_BENCH_HOME:-${TMPDIR:-/tmp}/topicmodel-bench-sklearn}"

echo "Go: go test -bench (cache warm; each benchmark loads once before timing)" >&2
go_out="$(TOPICMODEL_ARCHIVE="$archive" go test -run '^$' -bench '^BenchmarkFetch(Lesson|All20|AllRaw)$' \
	-benchtime "${repeats}x" -count 3 ./datasets/newsgroups)"
echo "Python: scikit-learn $(/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)') fetch_20newsgroups (cache in $sk_home)" >&2
py_out="$(/usr/bin/python3 scripts/bench_load.py "$archive" "$sk_home" "$repeats")"

# Go: the minimum ns/op over the -count runs, per benchmark.
declare -A go_s
while read -r name ns; do
	go_s[$name]="$ns"
done < <(echo "$go_out" | awk '/^BenchmarkFetch/ {
	sub(/^BenchmarkFetch/, "", $1); sub(/-[0-9]+$/, "", $1); n = tolower($1)
	if (!(n in best) || $3 < best[n]) best[n] = $3
} END { for (n in best) printf "%s %.6f\n", n, best[n] / 1e9 }')

printf '\n%-8s %-42s %10s %12s %8s\n' case what "Go (s)" "sklearn (s)" Go/sk
while read -r name pymin pymed ndocs; do
	case "$name" in
	lesson) what="train, 4 lesson categories, strip all ($ndocs)" ;;
	all20) what="train, 20 categories, strip all ($ndocs)" ;;
	allraw) what="all, 20 categories, raw ($ndocs)" ;;
	esac
	g="${go_s[$name]:-nan}"
	printf '%-8s %-42s %10.4f %12.4f %8.3f\n' "$name" "$what" "$g" "$pymin" "$(awk -v g="$g" -v p="$pymin" 'BEGIN { print g / p }')"
done <<< "$py_out"
echo "(minimum over repeats on both sides; $(nproc) CPUs)"
