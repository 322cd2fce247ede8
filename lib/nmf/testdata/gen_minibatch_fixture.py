#!/usr/bin/python3
"""Writes sklearn_minibatch.json: scikit-learn 1.2 MiniBatchNMF on small matrices.

Run from this folder with Debian's python3-sklearn:
    /usr/bin/python3 gen_minibatch_fixture.py
The matrices come from numpy's RandomState and are stored in the fixture, so
the Go tests read exactly the same input. Each case records fit_transform
(W, H, n_iter_, n_steps_, reconstruction_err_), transform of new rows, and
for the partial_fit cases H and n_steps_ after every call.
"""
import json
import warnings

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.decomposition import MiniBatchNMF

warnings.simplefilter("ignore")


def matrix(seed, m, n, density, offset=0.0):
    rs = np.random.RandomState(seed)
    a = rs.rand(m, n) * (rs.rand(m, n) < density)
    return a + offset


# name, seed, m, n, density, offset, k, dense input, params
SPECS = [
    ("fro-default", 0, 60, 12, 0.5, 0, 3, False, dict(batch_size=16, random_state=0)),
    ("fro-dense", 0, 60, 12, 0.5, 0, 3, True, dict(batch_size=16, random_state=0)),
    ("fro-divides", 1, 64, 15, 0.4, 0, 4, False, dict(batch_size=16, init="random", random_state=3)),
    ("fro-one-batch", 2, 40, 10, 0.6, 0, 3, False, dict(random_state=1)),
    ("fro-nndsvd", 3, 50, 12, 0.5, 0, 3, False, dict(batch_size=10, init="nndsvd")),
    ("fro-nndsvdar", 4, 45, 14, 0.5, 0, 4, False, dict(batch_size=20, init="nndsvdar", random_state=5)),
    ("fro-l2", 5, 60, 12, 0.5, 0, 3, False, dict(batch_size=25, alpha_W=0.01)),
    ("fro-l1", 6, 60, 12, 0.5, 0, 3, False, dict(batch_size=25, alpha_W=0.005, alpha_H=0.002, l1_ratio=1.0)),
    ("fro-fresh", 7, 60, 12, 0.5, 0, 3, False, dict(batch_size=16, fresh_restarts=True, random_state=2)),
    ("fro-maxiter", 8, 60, 12, 0.5, 0, 3, False, dict(batch_size=16, max_iter=3, init="random", random_state=4)),
    ("fro-tol0", 9, 50, 10, 0.5, 0, 3, False, dict(batch_size=16, tol=0.0, max_no_improvement=None, max_iter=8)),
    ("fro-forget1", 10, 60, 12, 0.5, 0, 3, False, dict(batch_size=16, forget_factor=1.0, transform_max_iter=15)),
    ("kl", 11, 60, 12, 0.5, 0, 3, False, dict(batch_size=20, beta_loss="kullback-leibler", random_state=0)),
    ("kl-dense", 11, 60, 12, 0.5, 0, 3, True, dict(batch_size=20, beta_loss="kullback-leibler", random_state=0)),
    ("kl-random-mix", 12, 70, 15, 0.4, 0, 4, False, dict(batch_size=32, beta_loss="kullback-leibler", init="random", random_state=6, alpha_W=0.003, l1_ratio=0.4)),
    ("kl-fresh", 13, 60, 12, 0.5, 0, 3, False, dict(batch_size=25, beta_loss=1, fresh_restarts=True, fresh_restarts_max_iter=10)),
    ("is", 14, 50, 10, 1.0, 0.1, 3, True, dict(batch_size=16, beta_loss="itakura-saito", random_state=0)),
    ("is-random-l2", 15, 48, 10, 1.0, 0.2, 3, False, dict(batch_size=12, beta_loss="itakura-saito", init="random", random_state=8, alpha_W=0.001)),
    ("beta-1.5", 16, 60, 12, 0.5, 0, 3, False, dict(batch_size=16, beta_loss=1.5, random_state=0)),
    ("beta-3", 17, 60, 12, 0.5, 0, 3, True, dict(batch_size=16, beta_loss=3.0, init="random", random_state=1)),
    ("beta-0.5", 18, 40, 10, 0.5, 0, 3, False, dict(batch_size=16, beta_loss=0.5, random_state=0)),
    ("beta-0.5-fresh", 19, 40, 10, 1.0, 0.05, 3, False, dict(batch_size=15, beta_loss=-0.5, fresh_restarts=True, random_state=0)),
]

# Partial-fit cases: name, seed, m, n, density, offset, k, chunk sizes, params
PARTIAL = [
    ("pf-fro", 30, 70, 12, 0.5, 0, 3, [30, 25, 15], dict(random_state=0)),
    ("pf-fro-batch", 31, 70, 12, 0.5, 0, 3, [40, 20, 10], dict(batch_size=16, init="random", random_state=2, alpha_W=0.01)),
    ("pf-kl", 32, 60, 12, 0.5, 0, 3, [20, 20, 20], dict(beta_loss="kullback-leibler", random_state=0)),
    ("pf-is", 33, 60, 10, 1.0, 0.1, 3, [25, 20, 15], dict(beta_loss="itakura-saito", init="random", random_state=1)),
]


def sparse_or_dense(x, dense):
    return x if dense else sp.csr_matrix(x)


cases = []
for name, seed, m, n, density, offset, k, dense, params in SPECS:
    x = matrix(seed, m, n, density, offset)
    xnew = matrix(seed + 100, 9, n, density, offset)
    est = MiniBatchNMF(n_components=k, **params)
    w = est.fit_transform(sparse_or_dense(x, dense))
    wnew = est.transform(sparse_or_dense(xnew, dense))
    cases.append(dict(
        name=name, k=k, dense=dense, params=params,
        x=x.tolist(), xnew=xnew.tolist(),
        w=w.tolist(), h=est.components_.tolist(),
        n_iter=int(est.n_iter_), n_steps=int(est.n_steps_),
        reconstruction_err=float(est.reconstruction_err_),
        w_new=wnew.tolist(),
    ))

partial = []
for name, seed, m, n, density, offset, k, chunks, params in PARTIAL:
    x = matrix(seed, m, n, density, offset)
    xnew = matrix(seed + 100, 9, n, density, offset)
    est = MiniBatchNMF(n_components=k, **params)
    hs, steps, lo = [], [], 0
    for c in chunks:
        est.partial_fit(sp.csr_matrix(x[lo:lo + c]))
        lo += c
        hs.append(est.components_.tolist())
        steps.append(int(est.n_steps_))
    wnew = est.transform(sp.csr_matrix(xnew))
    # partial_fit after fit_transform continues from the fit's state.
    est2 = MiniBatchNMF(n_components=k, **params)
    est2.fit_transform(sp.csr_matrix(x[:chunks[0]]))
    est2.partial_fit(sp.csr_matrix(x[chunks[0]:]))
    partial.append(dict(
        name=name, k=k, params=params, chunks=chunks,
        x=x.tolist(), xnew=xnew.tolist(), h=hs, n_steps=steps, w_new=wnew.tolist(),
        after_fit_h=est2.components_.tolist(), after_fit_n_steps=int(est2.n_steps_),
    ))

with open("sklearn_minibatch.json", "w") as f:
    json.dump(dict(sklearn=sklearn.__version__, numpy=np.__version__, cases=cases, partial=partial), f)
print(len(cases), "cases,", len(partial), "partial_fit cases")
