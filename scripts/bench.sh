#!/usr/bin/env bash
# bench.sh times the project against scikit-learn, SciPy and NumPy in the
# same run on the same machine and prints README's performance table: the
# Go side is scripts/bench (one case per process, JSON), the Python side and
# the registry of cases, targets and README rows is scripts/bench_cases.py,
# which also alternates the two sides (Go first in odd rounds, Python first
# in even ones) and keeps each side's best time.
#
# Usage: scripts/bench.sh [--rounds R] [--repeat N] [--readme] [CASE ...]
#   default: every case but the scale ones, 1 round, 3 repetitions
#   --readme writes the tables into README.md between their markers (the
#            corpus table and the scale table, each whole: name all of its cases)
#   CASE names: scripts/bench_cases.py list
#   The scale cases (rsvd-scale-1e7, rsvd-scale-1e8, nmf-scale-1e7,
#   minibatch-scale-1e8, read-scale-1e7, read-scale-1e8) read the
#   matrices of scripts/gen_scale.py (run it first; about 1 GB).
# Needs /usr/bin/python3 with python3-sklearn, and the archive
# ($TOPICMODEL_ARCHIVE, or ../shared/datasets beside the repository).
set -euo pipefail
# Some machine images set OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE to work around
# old OpenBLAS builds; with Debian's OpenBLAS 0.3.21 they only slow NumPy and
# SciPy down. Compare against Python at its best: unset both
# (BENCH_KEEP_OPENBLAS_ENV=1 keeps them).
[ -n "${BENCH_KEEP_OPENBLAS_ENV:-}" ] || unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
cd "$(dirname "$0")/.."
/usr/bin/python3 -c 'import sklearn, scipy, numpy' 2>/dev/null || {
	echo "bench: the Python side needs /usr/bin/python3 with scikit-learn: apt-get install -y python3-sklearn" >&2
	exit 1
}
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }
if [ -z "${TOPICMODEL_ARCHIVE:-}" ]; then
	TOPICMODEL_ARCHIVE="$(go run ./internal/testenv/fidelity corpus)" || exit 1
	export TOPICMODEL_ARCHIVE
fi
args=()
readme=()
for a in "$@"; do
	case "$a" in
	--readme) readme=(--readme README.md) ;;
	*) args+=("$a") ;;
	esac
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/bench" ./scripts/bench
/usr/bin/python3 scripts/bench_cases.py drive --go-bin "$tmp/bench" "${readme[@]}" "${args[@]}"
