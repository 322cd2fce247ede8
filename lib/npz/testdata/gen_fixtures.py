#!/usr/bin/python3
"""Write the .npz/.npy fixtures of lib/npz's tests and what SciPy and
scikit-learn make of them (expected.json).

Run from this folder with numpy 1.24, scipy 1.10 and scikit-learn 1.2.1:

    /usr/bin/python3 gen_fixtures.py

The matrices are small, seeded and checked in; CI reads them without
Python. expected.json holds, for each file, the dense matrix numpy/scipy
read from it (or the error scipy would not raise but our reader must),
and for csr_counts.npz scikit-learn's randomized_svd(X, 3, n_iter=2,
random_state=0) singular values.

go_factors.npz is written by our own writer (TestWriterGolden in
write_test.go, regenerated with `go test ./lib/npz -run Golden -update`).
This script opens it with numpy.load(allow_pickle=False) and records
what numpy read (dtype, shape, values) under "go_factors" in
expected.json; the Go test checks that its writer still produces exactly
those bytes and that numpy's reading equals what was written. That is how
the writer's output was checked against numpy.load (numpy 1.24.2 here).
"""
import json
import os

import numpy as np
import scipy.sparse as sp
from sklearn.utils.extmath import randomized_svd

rng = np.random.RandomState(7)
out = {}


def counts(m, n, density):
    x = sp.random(m, n, density=density, format="csr", random_state=rng,
                  data_rvs=lambda k: rng.randint(1, 5, size=k).astype(np.float64))
    x.sort_indices()
    return x


def record(name, x):
    out[name] = {"shape": list(x.shape), "dense": np.asarray(x.todense()).ravel().tolist()}


X = counts(30, 20, 0.3)
sp.save_npz("csr_counts.npz", X)  # compressed, int32 indices, float64 data
record("csr_counts.npz", X)
_, s, _ = randomized_svd(X, 3, n_iter=2, random_state=0)
out["csr_counts.npz"]["randomized_svd_k3_niter2_s"] = s.tolist()
out["csr_counts.npz"]["sum"] = float(X.sum())

sp.save_npz("csr_stored.npz", X, compressed=False)
record("csr_stored.npz", X)

X64 = X.copy()
X64.indices = X64.indices.astype(np.int64)
X64.indptr = X64.indptr.astype(np.int64)
sp.save_npz("csr_int64.npz", X64)
record("csr_int64.npz", X64)

X32 = X.astype(np.float32)
X32.data = X32.data / np.float32(3)  # values not exact in decimal
sp.save_npz("csr_float32.npz", X32)
out["csr_float32.npz"] = {"shape": list(X32.shape),
                          "dense": np.asarray(X32.todense(), dtype=np.float64).ravel().tolist()}

sp.save_npz("csc.npz", X.tocsc())
record("csc.npz", X)
sp.save_npz("coo.npz", X.tocoo())

# Unsorted column indices within rows: reverse every row's entries.
U = X.copy()
for i in range(U.shape[0]):
    lo, hi = U.indptr[i], U.indptr[i + 1]
    U.indices[lo:hi] = U.indices[lo:hi][::-1].copy()
    U.data[lo:hi] = U.data[lo:hi][::-1].copy()
U.has_sorted_indices = False
sp.save_npz("csr_unsorted.npz", U)
record("csr_unsorted.npz", U)


def raw(name, **arrays):
    base = dict(format=np.array(b"csr"), shape=np.array([2, 3]),
                indptr=np.array([0, 2, 3], dtype=np.int32),
                indices=np.array([0, 2, 1], dtype=np.int32),
                data=np.array([1.0, 2.0, 3.0]))
    base.update(arrays)
    for k in [k for k, v in base.items() if v is None]:
        del base[k]
    np.savez(name, **base)


raw("bad_dup.npz", indices=np.array([2, 2, 1], dtype=np.int32))
raw("bad_nan.npz", data=np.array([1.0, np.nan, 3.0]))
raw("bad_inf.npz", data=np.array([1.0, np.inf, 3.0]))
raw("bad_range.npz", indices=np.array([0, 3, 1], dtype=np.int32))
raw("bad_negindex.npz", indices=np.array([0, -1, 1], dtype=np.int32))
raw("bad_indptr_len.npz", indptr=np.array([0, 3], dtype=np.int32))
raw("bad_indptr_dec.npz", indptr=np.array([0, 3, 2], dtype=np.int32), indices=np.array([0, 1, 2], dtype=np.int32))
raw("bad_nnz.npz", indptr=np.array([0, 2, 4], dtype=np.int32))
raw("bad_missing.npz", indices=None)
raw("bad_format_bsr.npz", format=np.array(b"bsr"))
raw("bad_data_str.npz", data=np.array([b"a", b"b", b"c"]))
raw("bad_data_bool.npz", data=np.array([True, False, True]))
raw("bad_shape.npz", shape=np.array([2.0, 3.0]))
np.savez("bad_object.npz", format=np.array(b"csr"), shape=np.array([2, 3]),
         indptr=np.array([0, 2, 3], dtype=np.int32), indices=np.array([0, 2, 1], dtype=np.int32),
         data=np.array([1.0, "x", None], dtype=object))
np.savez("dense_in.npz", a=np.eye(2))

D = rng.standard_normal((4, 3))
np.save("dense_f8.npy", D)
out["dense_f8.npy"] = {"shape": [4, 3], "dense": D.ravel().tolist()}
np.save("dense_f4.npy", D.astype(np.float32))
out["dense_f4.npy"] = {"shape": [4, 3], "dense": D.astype(np.float32).astype(np.float64).ravel().tolist()}
np.save("dense_fortran.npy", np.asfortranarray(D))
assert np.load("dense_fortran.npy").flags.f_contiguous
out["dense_fortran.npy"] = {"shape": [4, 3], "dense": D.ravel().tolist()}
I = rng.randint(-5, 5, size=(3, 2))
np.save("dense_i8.npy", I)
np.save("dense_u1_fortran.npy", np.asfortranarray(np.abs(I).astype(np.uint8)))
out["dense_i8.npy"] = {"shape": [3, 2], "dense": I.astype(np.float64).ravel().tolist()}
out["dense_u1_fortran.npy"] = {"shape": [3, 2], "dense": np.abs(I).astype(np.float64).ravel().tolist()}
np.save("bad_1d.npy", np.arange(3.0))
np.save("bad_bool.npy", np.ones((2, 2), dtype=bool))
np.save("bad_complex.npy", np.ones((2, 2), dtype=complex))
np.save("bad_bigendian.npy", D.astype(">f8"))
np.save("bad_object.npy", np.array([[1, "a"]], dtype=object), allow_pickle=True)
np.save("bad_nan.npy", np.array([[1.0, np.nan]]))
np.save("bad_i8_inexact.npy", np.array([[2**53 + 1, 0]], dtype=np.int64))

if os.path.exists("go_factors.npz"):
    with np.load("go_factors.npz", allow_pickle=False) as z:
        out["go_factors"] = {k: {"dtype": z[k].dtype.str, "shape": list(z[k].shape),
                                 "values": z[k].ravel().tolist()} for k in z.files}
    with np.load("go_factors_compressed.npz", allow_pickle=False) as z:
        out["go_factors_compressed"] = {k: {"dtype": z[k].dtype.str, "shape": list(z[k].shape),
                                            "values": z[k].ravel().tolist()} for k in z.files}

with open("expected.json", "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
