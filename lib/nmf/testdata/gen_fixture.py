#!/usr/bin/python3
"""Writes sklearn_nmf.json: scikit-learn 1.2 NMF results on small matrices.

Run from this folder with Debian's python3-sklearn:  /usr/bin/python3 gen_fixture.py
The matrices are drawn from numpy's RandomState and stored in the fixture, so
the Go tests read exactly the same input. Matrices have at most k+10 columns so
that scikit-learn's randomized SVD (k + 10 oversamples) is exact and the NNDSVD
inits can be reproduced with any exact SVD.
"""
import json
import warnings

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.decomposition import NMF

warnings.simplefilter("ignore")


def matrix(seed, m, n, density):
    rs = np.random.RandomState(seed)
    a = rs.rand(m, n) * (rs.rand(m, n) < density)
    return a


cases = []
specs = [
    dict(name="cd-nndsvda", seed=0, m=30, n=12, density=0.5, k=3, params={}),
    dict(name="cd-nndsvd", seed=1, m=30, n=12, density=0.5, k=4, params=dict(init="nndsvd")),
    dict(name="cd-nndsvdar", seed=2, m=25, n=14, density=0.6, k=4, params=dict(init="nndsvdar", random_state=3)),
    dict(name="cd-random", seed=3, m=40, n=30, density=0.3, k=5, params=dict(init="random", random_state=7)),
    dict(name="cd-random-k-big", seed=4, m=8, n=6, density=0.8, k=7, params=dict(init="random", random_state=1)),
    dict(name="cd-shuffle", seed=5, m=30, n=20, density=0.4, k=3, params=dict(init="random", random_state=5, shuffle=True)),
    dict(name="cd-l2", seed=6, m=30, n=12, density=0.5, k=3, params=dict(alpha_W=0.01)),
    dict(name="cd-l1", seed=7, m=30, n=12, density=0.5, k=3, params=dict(alpha_W=0.005, alpha_H=0.002, l1_ratio=1.0)),
    dict(name="cd-mix", seed=8, m=30, n=12, density=0.5, k=3, params=dict(alpha_W=0.003, l1_ratio=0.4)),
    dict(name="cd-maxiter", seed=9, m=30, n=20, density=0.5, k=4, params=dict(init="random", random_state=2, max_iter=5)),
    dict(name="mu-nndsvda", seed=10, m=30, n=12, density=0.5, k=3, params=dict(solver="mu")),
    dict(name="mu-random-l2", seed=11, m=40, n=30, density=0.3, k=4, params=dict(solver="mu", init="random", random_state=4, alpha_W=0.01)),
    dict(name="mu-l1", seed=12, m=30, n=12, density=0.5, k=3, params=dict(solver="mu", alpha_W=0.005, l1_ratio=1.0)),
    dict(name="mu-kl", seed=13, m=30, n=12, density=0.5, k=3, params=dict(solver="mu", beta_loss="kullback-leibler")),
    dict(name="mu-kl-random", seed=14, m=40, n=30, density=0.3, k=4, params=dict(solver="mu", beta_loss="kullback-leibler", init="random", random_state=9, max_iter=300)),
]
for spec in specs:
    x = matrix(spec["seed"], spec["m"], spec["n"], spec["density"])
    xnew = matrix(spec["seed"] + 100, 7, spec["n"], spec["density"])
    est = NMF(n_components=spec["k"], **spec["params"])
    w = est.fit_transform(sp.csr_matrix(x))
    wnew = est.transform(sp.csr_matrix(xnew))
    cases.append(dict(
        name=spec["name"], k=spec["k"], params=spec["params"],
        x=x.tolist(), xnew=xnew.tolist(),
        w=w.tolist(), h=est.components_.tolist(),
        n_iter=int(est.n_iter_), reconstruction_err=float(est.reconstruction_err_),
        w_new=wnew.tolist(),
    ))
with open("sklearn_nmf.json", "w") as f:
    json.dump(dict(sklearn=sklearn.__version__, numpy=np.__version__, cases=cases), f)
print(len(cases), "cases")
