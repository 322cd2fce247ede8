// Package autograd fits the lesson's NMF with automatic differentiation and
// Adam, the Go counterpart of its PyTorch autograd section. The loss is
//
//	‖M − WH‖_F + λ·(mean(min(W,0)²) + mean(min(H,0)²))
//
// (the norm itself, not its square; λ = 1e6 in the lesson) and its
// gradient comes from reverse-mode automatic differentiation of the graph
// that computes it; nobody writes the derivative down. Adam (lr 1e-3,
// betas (0.9, 0.9)) then moves W and H.
//
// # Which automatic differentiation library
//
// Two Go libraries were tried on this machine (Go 1.26, 2 cores):
//
//   - GoMLX (github.com/gomlx/gomlx v0.26.0) with its pure-Go backend
//     simplego: builds with no cgo and no extra setup; a small program that
//     differentiates this loss is a 7.4 MB binary and rebuilds in about 3 s
//     after an edit. It is actively maintained, has Gather/Scatter with
//     gradients, and the same graph runs on XLA (CPU or GPU) by changing the
//     backend.
//   - Gorgonia (gorgonia.org/gorgonia v0.9.18): builds only after
//     upgrading go4.org/unsafe/assume-no-moving-gc; the same toy program is
//     a 20 MB binary and rebuilds in about 5 s. Development has stalled.
//
// A notebook (GoNB) recompiles the whole program for every cell, so build
// time and binary size count twice; GoMLX wins on both and is the one used.
//
// # Sparse loss
//
// The lesson's PyTorch code forms the dense residual M − WH: on the
// 2034×26576 tf-idf matrix that is 54 million entries, and on simplego one
// step (forward and backward) took about 6 s here. The default graph instead
// writes the same norm through the non-zeros of M,
//
//	‖M − WH‖² = ‖M‖² − 2·Σ_(i,j)∈nz m_ij·(W_i·H_j) + ⟨WᵀW, HHᵀ⟩,
//
// with W_i and H_j gathered per non-zero; differentiating a gather gives a
// scatter-add, so the gradient is also O(nnz·d + (m+n)·d²): about 0.17 s
// per step on a lesson-sized matrix on simplego here (BenchmarkStepLessonSize;
// 1000 steps take minutes, so a notebook runs fewer). Options.Dense
// keeps the literal graph for small demonstrations. Grad gives the
// analytic gradient, against which the tests check the automatic one.
package autograd
