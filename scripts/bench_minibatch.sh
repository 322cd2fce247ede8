#!/usr/bin/env bash
# Times lib/nmf's MiniBatchNMF against scikit-learn's on the lesson's tf-idf
# matrix (k = 5: the default fit, 400 steps of 1024 rows, and a batch-256
# random-init fit), in the same run, rounds alternating Go and Python so both
# see the same machine load; each side keeps its best time. Prints Go/sklearn.
# Needs /usr/bin/python3 with python3-sklearn and the archive.
#
# Usage: scripts/bench_minibatch.sh [ROUNDS]   (default 3)
set -euo pipefail
[ -n "${BENCH_KEEP_OPENBLAS_ENV:-}" ] || unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
cd "$(dirname "$0")/.."
rounds="${1:-3}"
bench_name=bench_minibatch
. scripts/bench_common.sh
bench_need_python numpy sklearn
archive="$(bench_archive)"
sk_home="${SKLEARN_BENCH_HOME:-${TMPDIR:-/tmp}/topicmodel-bench-sklearn}"
bin="$(mktemp -d)/nmf.test"
go test -c -o "$bin" ./lib/nmf
go_out="" py_out=""
for ((r = 1; r <= rounds; r++)); do
	echo "round $r/$rounds" >&2
	go_out+="$(cd lib/nmf && TOPICMODEL_ARCHIVE="$archive" "$bin" -test.run '^$' -test.bench 'MiniBatchNMFLesson' -test.benchtime 2x)"$'\n'
	py_out+="$(/usr/bin/python3 scripts/bench_minibatch.py "$archive" "$sk_home" 2)"$'\n'
done
rm -rf "$(dirname "$bin")"
GO_OUT="$go_out" PY_OUT="$py_out" /usr/bin/python3 - <<'PY'
import os, re
go, py = {}, {}
for l in os.environ["GO_OUT"].splitlines():
    m = re.match(r"BenchmarkMiniBatchNMFLesson/(\S+?)(-\d+)?\s+\d+\s+(\d+) ns/op", l)
    if m:
        go[m.group(1)] = min(go.get(m.group(1), 1e99), int(m.group(3)) / 1e9)
for l in os.environ["PY_OUT"].splitlines():
    p = l.split()
    if p:
        py[p[0]] = min(py.get(p[0], 1e99), float(p[1]))
print(f"{'case':<44} {'Go (s)':>8} {'sklearn (s)':>11} {'Go/sk':>6}")
for k, g in go.items():
    print(f"{k:<44} {g:>8.3f} {py[k]:>11.3f} {g / py[k]:>6.3f}")
print(f"(best of the rounds; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end)")
PY
