package autograd

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// ResidualNorm returns ‖X − WH‖_F for W m×d and H d×n without forming the
// residual: sqrt(‖X‖² − 2⟨X·Hᵀ, W⟩ + ⟨WᵀW, HHᵀ⟩), in O(nnz·d + (m+n)·d²).
// The products in this file that are added are written float64(a*b): no
// fused multiply-add, so that arm64 gives the bits amd64 gives.
func ResidualNorm(x *sparse.CSR, w, h *mat.Dense) float64 {
	var xht, wtw, hht mat.Dense
	x.MulDenseTo(&xht, h.T())
	wtw.Mul(w.T(), w)
	hht.Mul(h, h.T())
	nx := x.Norm()
	sq := float64(nx*nx) - 2*mat.Sum(mulElem(&xht, w)) + mat.Sum(mulElem(&wtw, &hht))
	return math.Sqrt(math.Max(sq, 0))
}

func mulElem(a, b mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.MulElem(a, b)
	return &out
}

// Loss returns the lesson's autograd loss
//
//	‖X − WH‖_F + λ·(mean(min(W,0)²) + mean(min(H,0)²))
//
// computed directly (no automatic differentiation).
func Loss(x *sparse.CSR, w, h *mat.Dense, lam float64) float64 {
	return ResidualNorm(x, w, h) + float64(lam*(meanNegSq(w)+meanNegSq(h)))
}

func meanNegSq(a *mat.Dense) float64 {
	var s float64
	d := a.RawMatrix().Data
	for _, v := range d {
		if v < 0 {
			s += float64(v * v)
		}
	}
	return s / float64(len(d))
}

// Grad returns the loss and its analytic gradients, the reference the
// automatic differentiation (and the GPU kernels) are checked against.
// With R = WH − X and f = ‖R‖_F:
//
//	∂/∂W = (W·HHᵀ − X·Hᵀ)/f + 2λ·min(W,0)/(m·d)
//	∂/∂H = (WᵀW·H − Wᵀ·X)/f + 2λ·min(H,0)/(d·n)
//
// in O(nnz·d + (m+n)·d²). At f = 0 the norm has no gradient; its part is
// then taken as 0.
func Grad(x *sparse.CSR, w, h *mat.Dense, lam float64) (loss float64, dW, dH *mat.Dense) {
	m, d := w.Dims()
	_, n := h.Dims()
	f := ResidualNorm(x, w, h)
	loss = f + float64(lam*(meanNegSq(w)+meanNegSq(h)))
	var xht, xtw, wtw, hht mat.Dense
	x.MulDenseTo(&xht, h.T()) // m×d
	x.TMulDenseTo(&xtw, w)    // n×d = (WᵀX)ᵀ
	wtw.Mul(w.T(), w)
	hht.Mul(h, h.T())
	dW, dH = &mat.Dense{}, &mat.Dense{}
	dW.Mul(w, &hht)
	dW.Sub(dW, &xht)
	dH.Mul(&wtw, h)
	dH.Sub(dH, xtw.T())
	inv := 0.0
	if f > 0 {
		inv = 1 / f
	}
	dW.Scale(inv, dW)
	dH.Scale(inv, dH)
	addPen := func(g, a *mat.Dense, count int) {
		gd, ad := g.RawMatrix().Data, a.RawMatrix().Data
		for i, v := range ad {
			if v < 0 {
				gd[i] += 2 * lam * v / float64(count)
			}
		}
	}
	addPen(dW, w, m*d)
	addPen(dH, h, d*n)
	return loss, dW, dH
}
