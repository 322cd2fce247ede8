#!/usr/bin/env bash
# bench_gpu.sh: the lesson's 1000-step GPU loops, ours (lib/gpu, our CUDA
# kernels through gorgonia.org/cu) against PyTorch's, on the same GPU, the
# same matrices and the same starting W0, H0, in the same run.
#
# Two steps, because the GPU machine has CUDA, PyTorch and Python but no Go,
# and this machine has Go but no GPU:
#
#   scripts/bench_gpu.sh prepare   (here)
#       writes out/gpu-bench/data/{lesson4,all20}/*.npy (the lesson's tf-idf
#       matrix, 2034×26576, and the 20-category one, with W0, H0) and
#       out/gpu-bench/gpu.test (go test -c -tags cuda ./lib/gpu/, built
#       against the CUDA 11.8 headers from scripts/setup_cuda.sh).
#
#   scripts/bench_gpu.sh run [reps]   (on the GPU machine, with out/gpu-bench
#       carried there) runs the cuda tests, then both benchmarks, and prints
#       a table of the best-of-reps seconds and the ours/PyTorch ratio.
#
# Variants: sgd = upd_t/report_t (λ 100, lr 0.05 ×0.9 per 100 steps,
# μ 1e-5, d 6); adam = autograd loss + Adam (λ 1e6, lr 1e-3, betas 0.9).
# dense = M stored dense on the GPU like the lesson's t_vectors; csr = ours
# with M kept sparse (PyTorch runs dense only, as in the lesson).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/out/gpu-bench"
cmd="${1:-}"

case "$cmd" in
prepare)
	mkdir -p "$out/data"
	eval "$("$here/scripts/setup_cuda.sh" --env-only)"
	(cd "$here" && GPU_BENCH_PREPARE="$out/data" go test -count=1 -run '^TestPrepareBenchData$' ./lib/gpu/)
	(cd "$here" && go test -c -tags cuda -o "$out/gpu.test" ./lib/gpu/)
	du -sh "$out"
	echo "bench_gpu: now run 'scripts/bench_gpu.sh run' on a GPU machine with out/gpu-bench carried there"
	;;
run)
	reps="${2:-3}"
	[[ -x "$out/gpu.test" ]] || { echo "bench_gpu: $out/gpu.test missing; run 'scripts/bench_gpu.sh prepare' on a machine with Go first" >&2; exit 1; }
	command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
	log="$out/bench-$(date -u +%Y%m%dT%H%M%SZ).log"
	echo "== cuda tests" | tee "$log"
	rc=0
	(cd "$here/lib/gpu" && GPU_BENCH_DATA="$out/data" "$out/gpu.test" -test.v -test.run 'TestGPU' >"$out/cuda-tests.log" 2>&1) || rc=$?
	cat "$out/cuda-tests.log" >>"$log"
	grep -E '^(=== RUN|--- |PASS|FAIL|ok)|device:' "$out/cuda-tests.log" || true
	if [[ $rc != 0 ]]; then
		tail -20 "$out/cuda-tests.log" >&2
		echo "bench_gpu: cuda tests failed (exit $rc); see $out/cuda-tests.log" >&2
		exit 1
	fi
	echo "== ours" | tee -a "$log"
	(cd "$here/lib/gpu" && GPU_BENCH_DATA="$out/data" GPU_BENCH_REPS="$reps" "$out/gpu.test" -test.run '^TestBenchLesson$' -test.v 2>&1) | tee -a "$log" | grep -E '^BENCH|device:|FAIL' || true
	echo "== PyTorch" | tee -a "$log"
	python3 "$here/scripts/bench_gpu.py" "$out/data" "$reps" 2>&1 | tee -a "$log" | grep -E '^(BENCH|#)' || true
	echo
	echo "date $(date -u +%Y-%m-%dT%H:%MZ); best of $reps; seconds for the whole 1000-step loop incl. 10 reports"
	awk '/^BENCH/ { k = $2 " " $3; if (!(k in best) || $4 < best[k]) { best[k] = $4; nrm[k] = $5 } }
	END {
		printf "%-8s %-11s %10s %10s %10s %8s %12s %12s\n", "case", "variant", "ours_s", "ours_csr_s", "torch_s", "ratio", "ours_norm", "torch_norm"
		n = split("lesson4 all20", cs, " ")
		split("sgd adam", vs, " ")
		for (i = 1; i <= n; i++) for (j = 1; j <= 2; j++) {
			c = cs[i]; v = vs[j]
			o = best[c " " v "-dense"]; s = best[c " " v "-csr"]; t = best[c " torch-" v "-dense"]
			if (o == "" || t == "") continue
			printf "%-8s %-11s %10.4f %10.4f %10.4f %8.3f %12.5f %12.5f\n", c, v, o, s, t, o / t, nrm[c " " v "-dense"], nrm[c " torch-" v "-dense"]
		}
	}' "$log"
	echo "(ratio = ours dense / PyTorch dense; target ≤ 0.5). Log: $log"
	;;
*)
	echo "usage: scripts/bench_gpu.sh prepare | run [reps]" >&2
	exit 2
	;;
esac
