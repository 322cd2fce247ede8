package nmf

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf/internal/kern"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// ReconstructionError returns ‖X − W·H‖_F for an m×n matrix x, W m×k and H
// k×n. For a *sparse.CSR x it never forms the m×n residual:
//
//	‖X − WH‖² = ‖X‖² + ⟨(WᵀW)·H, H⟩ − 2⟨X·Hᵀ, W⟩
//
// in O(nnz·k + (m+n)·k²) (a negative result of cancellation is clamped to
// 0); for a dense x it sums the residual entry by entry in O(m·n·k).
// Panics on mismatched shapes.
//
// The sums in this file write each product as float64(a*b): no fused
// multiply-add, so that arm64 gives the bits amd64 gives.
func ReconstructionError(x, w, h mat.Matrix) float64 {
	m, n := x.Dims()
	wr, k := w.Dims()
	hk, hn := h.Dims()
	if wr != m || hk != k || hn != n {
		panic("nmf: ReconstructionError: shapes of X, W and H do not match")
	}
	wd := mat.DenseCopyOf(w)
	ht := mat.DenseCopyOf(h.T())
	if xs, ok := x.(*sparse.CSR); ok {
		return FrobeniusError(xs, wd, ht)
	}
	return denseResidualNorm(sparse.FromDense(x), wd, ht)
}

// FrobeniusError is the sparse form of ReconstructionError with H given
// transposed: ht is n×k. It is the formula scikit-learn uses for sparse X.
func FrobeniusError(x *sparse.CSR, w, ht *mat.Dense) float64 {
	return math.Sqrt(math.Max(frobeniusSquared(x, w, ht), 0))
}

// frobeniusSquared is ‖X‖² + ⟨(WᵀW)H, H⟩ − 2⟨XHᵀ, W⟩, unclamped (it may
// come out slightly negative by cancellation), as scikit-learn's
// _beta_divergence adds it up for sparse X.
func frobeniusSquared(x *sparse.CSR, w, ht *mat.Dense) float64 {
	m, _ := x.Dims()
	_, k := w.Dims()
	var normX float64
	_, _, xdata := x.Raw()
	for _, v := range xdata {
		normX += float64(v * v)
	}
	g := make([]float64, k*k)
	kern.Gram(g, w.RawMatrix().Data, m, k)
	return normX + QuadTerm(g, ht) - 2*CrossTerm(x, w, ht)
}

// QuadTerm returns ⟨G·H, H⟩ = Σ_j h_jᵀ·G·h_j over the rows h_j of the n×k
// Hᵀ ht, for the row-major k×k g (G = WᵀW gives ‖W·H‖²): the second term of
// ‖X − W·H‖² = ‖X‖² + ⟨(WᵀW)·H, H⟩ − 2⟨X·Hᵀ, W⟩, which a model split in row
// shards can add up from the shards' WᵀW. Rows are summed in fixed blocks,
// the same for any number of goroutines. Cost 2·n·k² flops.
func QuadTerm(g []float64, ht *mat.Dense) float64 {
	n, k := ht.Dims()
	hr := ht.RawMatrix()
	hd, hs := hr.Data, hr.Stride
	return kern.BlockSum(n, k*k, func(lo, hi int) float64 {
		var s float64
		for j := lo; j < hi; j++ {
			h := hd[j*hs : j*hs+k]
			for r, hr := range h {
				if hr == 0 {
					continue
				}
				var t float64
				for c, gv := range g[r*k : r*k+k] {
					t += float64(gv * h[c])
				}
				s += float64(hr * t)
			}
		}
		return s
	})
}

// CrossTerm returns ⟨X·Hᵀ, W⟩ = Σ_ij x_ij·(W·H)_ij over the stored entries
// of the m×n x, for the m×k w and the n×k Hᵀ ht (any strides): the third term of
// ‖X − W·H‖² (see QuadTerm), which a row shard computes from its own rows
// of X and W. Rows are summed in fixed blocks, the same for any number of
// goroutines. Cost 2·nnz·k flops.
func CrossTerm(x *sparse.CSR, w, ht *mat.Dense) float64 {
	m, _ := x.Dims()
	_, k := w.Dims()
	hr, wr := ht.RawMatrix(), w.RawMatrix()
	hd, hs, wdat, ws := hr.Data, hr.Stride, wr.Data, wr.Stride
	indptr, indices, data := x.Raw()
	return kern.BlockSum(m, (indptr[m]/max(m, 1)+1)*k, func(lo, hi int) float64 {
		var s float64
		for i := lo; i < hi; i++ {
			wrow := wdat[i*ws : i*ws+k]
			for p := indptr[i]; p < indptr[i+1]; p++ {
				h := hd[indices[p]*hs : indices[p]*hs+k]
				var d float64
				for c, wv := range wrow {
					d += float64(wv * h[c])
				}
				s += float64(data[p] * d)
			}
		}
		return s
	})
}

// denseResidualNorm is the square root of denseResidualSquared.
func denseResidualNorm(x *sparse.CSR, w, ht *mat.Dense) float64 {
	return math.Sqrt(denseResidualSquared(x, w, ht))
}

// denseResidualSquared sums (x_ij − w_i·h_j)² over all m×n entries.
func denseResidualSquared(x *sparse.CSR, w, ht *mat.Dense) float64 {
	m, n := x.Dims()
	_, k := w.Dims()
	wd, hd := w.RawMatrix().Data, ht.RawMatrix().Data
	indptr, indices, data := x.Raw()
	return kern.BlockSum(m, n*k, func(lo, hi int) float64 {
		var s float64
		for i := lo; i < hi; i++ {
			wrow := wd[i*k : i*k+k]
			p := indptr[i]
			for j := 0; j < n; j++ {
				h := hd[j*k : j*k+k]
				var wh float64
				for c, wv := range wrow {
					wh += float64(wv * h[c])
				}
				xv := 0.0
				if p < indptr[i+1] && indices[p] == j {
					xv = data[p]
					p++
				}
				r := xv - wh
				s += float64(r * r)
			}
		}
		return s
	})
}

// klDivergence returns the generalised Kullback–Leibler divergence
// Σ x log(x/wh) − x + wh over X, with scikit-learn's guards (entries of X
// at most EPSILON are skipped in the log term, zero products become
// EPSILON).
func klDivergence(x *sparse.CSR, w, ht *mat.Dense) float64 {
	m, _ := x.Dims()
	_, k := w.Dims()
	n, _ := ht.Dims()
	wd, hd := w.RawMatrix().Data, ht.RawMatrix().Data
	wsum := make([]float64, k)
	hsum := make([]float64, k)
	for i := 0; i < m; i++ {
		for c := 0; c < k; c++ {
			wsum[c] += wd[i*k+c]
		}
	}
	for j := 0; j < n; j++ {
		for c := 0; c < k; c++ {
			hsum[c] += hd[j*k+c]
		}
	}
	var sumWH float64
	for c := range wsum {
		sumWH += float64(wsum[c] * hsum[c])
	}
	indptr, indices, data := x.Raw()
	var xsum float64
	for _, v := range data {
		if v > epsilon32 {
			xsum += v
		}
	}
	logTerm := kern.BlockSum(m, (indptr[m]/max(m, 1)+1)*k, func(lo, hi int) float64 {
		var s float64
		for i := lo; i < hi; i++ {
			wrow := wd[i*k : i*k+k]
			for p := indptr[i]; p < indptr[i+1]; p++ {
				v := data[p]
				if !(v > epsilon32) {
					continue
				}
				h := hd[indices[p]*k : indices[p]*k+k]
				var wh float64
				for c, wv := range wrow {
					wh += float64(wv * h[c])
				}
				if wh == 0 {
					wh = epsilon32
				}
				s += float64(v * math.Log(v/wh))
			}
		}
		return s
	})
	return logTerm + sumWH - xsum
}
