#!/usr/bin/env bash
# Times randomized SVD and NMF at scale, Go against scikit-learn 1.2.1 in
# the same run, on the 10^6 × 10^5 Zipf count matrices of gen_scale.py
# (about 9.5e6 and 8.1e7 non-zeros; fbpca's benchmark shape):
#
#   rsvd: Go lib/svd Randomized (k 10, Iters 2, seed 0) against
#         randomized_svd(X, 10, n_iter=2, random_state=0), on both sizes;
#   nmf:  Go lib/nmf (k 10, scikit-learn's defaults, RandomState 0) against
#         NMF(n_components=10, random_state=0), on the smaller one.
#
# Usage: scripts/bench_scale.sh [ROUNDS] [REPEATS] [SIZES] [CASES]
#   defaults 3, 2, 1e7,1e8, rsvd,nmf
# Each round runs the Go side (scripts/benchscale), then the Python side
# (scripts/bench_scale.py), one process per case and size, so that each
# reports its own peak memory; every process reads the matrix (timed as
# read) and runs the case REPEATS times. Each side keeps its best over all
# rounds. The table shows wall and CPU seconds (user + system, all threads:
# on a shared machine the CPU time is the steadier figure), ratios Go/Python,
# the .npz read time, peak RSS, and agreement: the largest relative
# difference of the 10 singular values, or of NMF's reconstruction error.
# Matrices live in $SCALE_DIR (default ${TMPDIR:-/tmp}/topicmodel-scale)
# and are generated on first use.
set -euo pipefail
[ -n "${BENCH_KEEP_OPENBLAS_ENV:-}" ] || unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
rounds="${1:-3}"
repeats="${2:-2}"
sizes="${3:-1e7,1e8}"
cases="${4:-rsvd,nmf}"
dir="${SCALE_DIR:-${TMPDIR:-/tmp}/topicmodel-scale}"

bench_name=bench_scale
. scripts/bench_common.sh
bench_need_python scipy sklearn

/usr/bin/python3 scripts/gen_scale.py "$dir" "$sizes" >&2
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/benchscale" ./scripts/benchscale
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
out="$tmp/results.jsonl"
for ((r = 1; r <= rounds; r++)); do
	for size in ${sizes//,/ }; do
		for c in ${cases//,/ }; do
			# NMF runs on the smaller matrix only (MiniBatchNMF is for 1e8).
			[[ "$c" == nmf && "$size" != 1e7 ]] && continue
			x="$dir/X-$size.npz"
			echo "round $r/$rounds: $c on $size: Go, then Python (best of $repeats each)" >&2
			"$tmp/benchscale" -matrix "$x" -case "$c" -repeat "$repeats" | sed "s/^{/{\"size\": \"$size\", /" >>"$out"
			/usr/bin/python3 scripts/bench_scale.py "$x" "$c" "$repeats" | sed "s/^{/{\"size\": \"$size\", /" >>"$out"
		done
	done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

/usr/bin/python3 - "$out" <<'PY'
import json, sys
best = {}
for line in open(sys.argv[1]):
    if not line.strip():
        continue
    r = json.loads(line)
    key = (r["case"], r["size"], r["side"])
    b = best.setdefault(key, dict(r))
    for f in ("best_s", "cpu_s", "read_s", "peak_rss_mb"):
        b[f] = min(b[f], r[f])
print()
print(f"{'case':<5} {'size':<4} {'nnz':>10} | {'Go s':>7} {'Py s':>7} {'ratio':>6} | {'Go cpu':>7} {'Py cpu':>7} {'ratio':>6} | "
      f"{'Go read':>7} {'Py read':>7} | {'Go MB':>6} {'Py MB':>6} | agreement")
for (case, size, side), g in sorted(best.items()):
    if side != "go" or (case, size, "python") not in best:
        continue
    p = best[(case, size, "python")]
    if case == "rsvd":
        agree = "s max rel. diff %.1e" % max(abs(a - b) / b for a, b in zip(g["s"], p["s"]))
    else:
        agree = "err rel. diff %.1e (n_iter %d / %d)" % (abs(g["err"] - p["err"]) / p["err"], g["n_iter"], p["n_iter"])
    print(f"{case:<5} {size:<4} {g['nnz']:>10} | {g['best_s']:>7.2f} {p['best_s']:>7.2f} {g['best_s'] / p['best_s']:>6.2f} | "
          f"{g['cpu_s']:>7.2f} {p['cpu_s']:>7.2f} {g['cpu_s'] / p['cpu_s']:>6.2f} | {g['read_s']:>7.2f} {p['read_s']:>7.2f} | "
          f"{g['peak_rss_mb']:>6.0f} {p['peak_rss_mb']:>6.0f} | {agree}")
print("targets: rsvd time ratio ≤ 0.2, nmf ≤ 0.3; Go peak ≤ 2 × matrix + factors; read well under 1 s per 100 MB")
PY
