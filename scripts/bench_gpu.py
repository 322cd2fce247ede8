#!/usr/bin/env python3
"""PyTorch side of scripts/bench_gpu.sh: the lesson's GPU cells, timed.

For each case folder (written by lib/gpu's TestPrepareBenchData: CSR tf-idf
matrix and starting W0, H0 as .npy) it builds the dense float32 matrix on the
GPU (the lesson's t_vectors) and runs

  sgd:  the lesson's upd_t/report_t loop, 1000 steps, lam 100, mu 1e-5,
        lr 0.05 decayed x0.9 every 100 steps, report_t every 100 steps;
  adam: the autograd loop, loss ||M - WH|| + 1e6 (mean(pen(W)^2) + mean(pen(H)^2)),
        Adam lr 1e-3 betas (0.9, 0.9), report every 100 steps.

report_t's values are fetched with .item() (the lesson prints them), so each
report synchronises like the lesson's print. Timing excludes building M and
covers the loop up to a final torch.cuda.synchronize(). Prints
  BENCH <case> torch-<variant> <seconds> <final norm>
per repetition, after one untimed warm-up run of each variant.
"""
import sys
import time

import numpy as np
import torch


def load(folder):
    m, n = (int(v) for v in np.load(f"{folder}/shape.npy"))
    indptr = torch.from_numpy(np.load(f"{folder}/indptr.npy").astype(np.int64))
    indices = torch.from_numpy(np.load(f"{folder}/indices.npy").astype(np.int64))
    data = torch.from_numpy(np.load(f"{folder}/data.npy"))
    M = torch.sparse_csr_tensor(indptr, indices, data, size=(m, n)).to_dense().cuda()
    W0 = torch.from_numpy(np.load(f"{folder}/W0.npy")).cuda()
    H0 = torch.from_numpy(np.load(f"{folder}/H0.npy")).cuda()
    return M, W0, H0


def sgd(M, W0, H0, steps=1000):
    lam, lr, mu = 100.0, 0.05, 1e-5
    W, H = W0.clone(), H0.clone()

    def penalty_t(A, mu):
        return (A < mu).float() * torch.clamp(A - mu, max=0.0)

    def grads_t(M, W, H):
        R = W.mm(H) - M
        return (R.mm(H.t()) + penalty_t(W, mu) * lam,
                W.t().mm(R) + penalty_t(H, mu) * lam)

    def upd_t(M, W, H, lr):
        dW, dH = grads_t(M, W, H)
        W.sub_(lr * dW)
        H.sub_(lr * dH)

    def report_t(M, W, H):
        return ((M - W.mm(H)).norm(2).item(), W.min().item(), H.min().item(),
                (W < 0).sum().item(), (H < 0).sum().item())

    last = None
    for i in range(steps):
        upd_t(M, W, H, lr)
        if i % 100 == 0:
            last = report_t(M, W, H)
            lr *= 0.9
    return last


def adam(M, W0, H0, steps=1000):
    lam = 1e6
    pW = W0.clone().requires_grad_(True)
    pH = H0.clone().requires_grad_(True)

    def penalty(A):
        return torch.pow((A < 0).float() * torch.clamp(A, max=0.0), 2)

    def loss():
        return (M - pW.mm(pH)).norm(2) + (penalty(pW).mean() + penalty(pH).mean()) * lam

    def report():
        with torch.no_grad():
            return ((M - pW.mm(pH)).norm(2).item(), pW.min().item(), pH.min().item(),
                    (pW < 0).sum().item(), (pH < 0).sum().item())

    opt = torch.optim.Adam([pW, pH], lr=1e-3, betas=(0.9, 0.9))
    last = report()
    for i in range(steps):
        opt.zero_grad()
        l = loss()
        l.backward()
        opt.step()
        if i % 100 == 99:
            last = report()
    return last


def main():
    root, reps = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    cases = sys.argv[3:] or ["lesson4", "all20"]
    print(f"# torch {torch.__version__}, {torch.cuda.get_device_name(0)}, "
          f"tf32 matmul {torch.backends.cuda.matmul.allow_tf32}", flush=True)
    for case in cases:
        M, W0, H0 = load(f"{root}/{case}")
        for name, fn in (("sgd-dense", sgd), ("adam-dense", adam)):
            fn(M, W0, H0, steps=20)  # warm-up: kernels, cuBLAS handles, allocator
            torch.cuda.synchronize()
            for _ in range(reps):
                t0 = time.perf_counter()
                last = fn(M, W0, H0)
                torch.cuda.synchronize()
                sec = time.perf_counter() - t0
                print(f"BENCH {case} torch-{name} {sec:.6f} {last[0]:.6f}", flush=True)
        del M
        torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
