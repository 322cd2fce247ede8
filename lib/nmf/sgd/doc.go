// Package sgd is the lesson's non-negative matrix factorisation "from
// scratch": plain gradient descent on
//
//	½‖M − WH‖²_F + penalty on the entries of W and H below μ
//
// with W m×d and H d×n started from small random positive values. There is
// no projection onto W, H ≥ 0; instead each entry below μ receives the
// extra gradient λ·min(x − μ, 0), which pushes it back up. The knobs
// (d, λ, learning rate, μ, decay) are fiddly, which is the lesson's point.
//
// Two forms are given. Grads, Upd and ReportOf follow the lesson's numpy
// cells literally: they form the dense m×n residual WH − M at every step,
// which on the lesson's 2034×26576 tf-idf matrix means 54 million entries
// per step, whatever the sparsity of M. State computes exactly the same
// step without the residual, regrouping the products as
//
//	∇W = W(HHᵀ) − MHᵀ,   ∇H = (WᵀW)H − WᵀM,
//	‖M − WH‖² = ‖M‖² − 2⟨MHᵀ, W⟩ + ⟨WᵀW, HHᵀ⟩,
//
// so a step costs O(nnz(M)·d + (m+n)·d²), a few milliseconds instead of
// seconds. State.Grads is the function the GPU kernels mirror.
//
// The lesson's numpy penalty has a bug: np.min(M − mu, 0) reduces along
// axis 0, so every penalised entry gets its column's minimum. Penalty
// implements the element-wise intent (the lesson's PyTorch version).
//
// Presets: Lesson() for the numpy cells (d 5, λ 1e3, lr 1e-2, μ 1e-6, 50
// steps), GPU() for the PyTorch cells (d 6, λ 100, lr 0.05 × 0.9 every 100
// of 1000 steps, μ 1e-5).
package sgd
