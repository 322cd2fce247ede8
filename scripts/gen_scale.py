#!/usr/bin/python3
"""Write the large sparse matrices of the scale benchmark (scripts/bench.sh rsvd-scale-1e7 rsvd-scale-1e8 nmf-scale-1e7 read-scale-1e8).

Usage: gen_scale.py [OUT_DIR] [SIZES]
  OUT_DIR  default ${TMPDIR:-/tmp}/topicmodel-scale (outside the repository:
           1e7 gives 9,533,595 non-zeros in a 25.5 MB file, 1e8 gives
           80,751,758 in 204 MB; generating takes about 40 s and 8 min on
           two loaded cores, and 0.3 and 2.3 GB of memory)
  SIZES    comma-separated draw counts, default 1e7,1e8

For each size N it writes X-N.npz (scipy.sparse.save_npz, compressed, as
SciPy saves by default) holding a 10^6 × 10^5 CSR matrix of float64 counts,
the shape and draw scheme of fbpca's published benchmark (and of the
scikit-learn 1.2.1 timings in shared/FACTS.md, 9.3e6 and 7.5e7 non-zeros):

  N draws of (row, column): rows uniform, columns Zipf-distributed
  (P(column j) ∝ 1/(j+1), so column 0 is the most frequent word);
  repeated pairs are merged, so the number of non-zeros is below N; each
  stored entry is a count drawn uniformly from 1–4.

The matrix is built in 10 blocks of 10^5 rows, block b drawn from
numpy.random.default_rng([SEED, N, b]), so a file is the same on every
machine with numpy 1.24 and can be regenerated instead of copied. It prints
one JSON line per file: path, shape, nnz (exact), bytes on disk, and the
bytes of the CSR arrays in memory (SciPy's int32 indices, float64 data).
Existing files are kept (delete them to regenerate).
"""
import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp

SEED = 20240601
ROWS, COLS, BLOCKS = 10**6, 10**5, 10


def generate(n):
    p = 1.0 / np.arange(1, COLS + 1)
    cdf = np.cumsum(p / p.sum())
    cdf[-1] = 1.0
    per = ROWS // BLOCKS
    indptr = [np.zeros(1, dtype=np.int64)]
    indices, data = [], []
    nnz = 0
    for b in range(BLOCKS):
        rng = np.random.default_rng([SEED, n, b])
        k = n // BLOCKS
        rows = rng.integers(0, per, size=k, dtype=np.int64)
        cols = np.searchsorted(cdf, rng.random(k), side="right").astype(np.int64)
        key = np.unique(rows * COLS + cols)  # sorted by row, then column
        r, c = np.divmod(key, COLS)
        counts = np.bincount(r, minlength=per)
        indptr.append(nnz + np.cumsum(counts))
        indices.append(c.astype(np.int32))
        data.append(rng.integers(1, 5, size=len(key)).astype(np.float64))
        nnz += len(key)
    indptr = np.concatenate(indptr)
    idx_dtype = np.int32 if nnz < 2**31 else np.int64
    x = sp.csr_matrix((np.concatenate(data), np.concatenate(indices), indptr.astype(idx_dtype)), shape=(ROWS, COLS))
    x.has_sorted_indices = True
    return x


def main():
    out = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else os.path.join(os.environ.get("TMPDIR") or "/tmp", "topicmodel-scale")
    sizes = sys.argv[2] if len(sys.argv) > 2 else "1e7,1e8"
    os.makedirs(out, exist_ok=True)
    for s in sizes.split(","):
        n = int(float(s))
        path = os.path.join(out, f"X-{s}.npz")
        t0 = time.perf_counter()
        if os.path.exists(path):
            x = sp.load_npz(path)
        else:
            x = generate(n)
            tmp = path + ".part.npz"
            sp.save_npz(tmp, x)
            os.replace(tmp, path)
        mem = x.data.nbytes + x.indices.nbytes + x.indptr.nbytes
        print(json.dumps({"path": path, "draws": n, "shape": list(x.shape), "nnz": int(x.nnz),
                          "file_bytes": os.path.getsize(path), "csr_bytes": int(mem),
                          "seconds": round(time.perf_counter() - t0, 1)}), flush=True)


if __name__ == "__main__":
    main()
