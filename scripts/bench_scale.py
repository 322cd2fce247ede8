#!/usr/bin/python3
"""The Python side of bench_scale.sh: scikit-learn 1.2.1 on a matrix from
gen_scale.py, one JSON object per run with the keys of scripts/benchscale.

Usage: bench_scale.py MATRIX.npz CASE REPEATS
  CASE rsvd: randomized_svd(X, 10, n_iter=2, random_state=0)
  CASE nmf:  NMF(n_components=10, random_state=0).fit_transform(X)
             (scikit-learn 1.2's defaults: solver 'cd', init None → 'nndsvda',
             tol 1e-4, max_iter 200)

read_s is scipy.sparse.load_npz's time; best_s and cpu_s the best wall and
CPU (user + system, all threads) seconds of REPEATS runs; peak_rss_mb the
process's peak resident memory (getrusage).
"""
import json
import resource
import sys
import time
import warnings

import scipy.sparse as sp
from sklearn.decomposition import NMF
from sklearn.utils.extmath import randomized_svd


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main():
    path, case, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    t0 = time.perf_counter()
    x = sp.load_npz(path)
    out = {"side": "python", "case": case, "nnz": int(x.nnz), "read_s": time.perf_counter() - t0}
    times, cpus = [], []
    for i in range(repeats):
        t0, c0 = time.perf_counter(), cpu()
        if case == "rsvd":
            _, s, _ = randomized_svd(x, 10, n_iter=2, random_state=0)
            out["s"] = s.tolist()
        elif case == "nmf":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                m = NMF(n_components=10, random_state=0)
                m.fit_transform(x)
            out["err"], out["n_iter"] = float(m.reconstruction_err_), int(m.n_iter_)
        else:
            raise SystemExit("unknown case " + case)
        times.append(time.perf_counter() - t0)
        cpus.append(cpu() - c0)
        print(f"bench_scale.py: {case} run {i + 1}/{repeats}: {times[-1]:.2f}s", file=sys.stderr, flush=True)
    out["best_s"], out["times_s"], out["cpu_s"] = min(times), times, min(cpus)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
