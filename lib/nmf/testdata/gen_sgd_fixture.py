#!/usr/bin/python3
"""Writes sgd_numpy.json: the lesson's numpy SGD NMF on small matrices.

Run from this folder: /usr/bin/python3 gen_sgd_fixture.py
The penalty is the element-wise intent, np.minimum(M - mu, 0) where M < mu
(the lesson's np.min(M - mu, 0) reduces along axis 0; see package sgd).
"""
import json

import numpy as np


def penalty(M, mu):
    return np.where(M >= mu, 0, np.minimum(M - mu, 0))


def grads(M, W, H, lam, mu):
    R = W @ H - M
    return R @ H.T + penalty(W, mu) * lam, W.T @ R + penalty(H, mu) * lam


def report(M, W, H):
    return [float(np.linalg.norm(M - W @ H)), float(W.min()), float(H.min()), int((W < 0).sum()), int((H < 0).sum())]


cases = []
for name, seed, m, n, d, lam, lr, mu, steps, decay, every in [
    ("lesson", 3, 20, 15, 5, 1e3, 1e-2, 1e-6, 6, 1.0, 0),
    ("gpu", 4, 25, 12, 6, 100, 0.05, 1e-5, 12, 0.9, 5),
    ("pushy", 5, 10, 8, 3, 5.0, 0.2, 0.05, 8, 1.0, 0),
]:
    rs = np.random.RandomState(seed + 100)
    M = rs.rand(m, n) * (rs.rand(m, n) < 0.4)
    rs = np.random.RandomState(seed)
    W = np.abs(rs.normal(scale=0.01, size=(m, d)))
    H = np.abs(rs.normal(scale=0.01, size=(d, n)))
    reports = []
    lr0 = lr
    for i in range(steps):
        dW, dH = grads(M, W, H, lam, mu)
        W -= lr * dW
        H -= lr * dH
        reports.append(report(M, W, H))
        if every and i % every == 0:
            lr *= decay
    cases.append(dict(name=name, seed=seed, d=d, lam=lam, lr=lr0, mu=mu, steps=steps,
                      decay=decay, every=every, m=M.tolist(), w=W.tolist(), h=H.tolist(), reports=reports))
json.dump(dict(numpy=np.__version__, cases=cases), open("sgd_numpy.json", "w"))
print(len(cases), "cases")
