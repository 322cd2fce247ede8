package nmf

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf/internal/kern"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Products that feed a sum are written float64(a*b): no fused multiply-add,
// so that arm64 gives the bits amd64 gives (scripts/check_fma.sh keeps it so).

// The named β-divergences of MiniBatchNMF.BetaLoss (scikit-learn's
// 'frobenius', 'kullback-leibler' and 'itakura-saito'); any other finite β
// is allowed too.
const (
	BetaFrobenius       = 2.0 // ½‖X − WH‖²_F
	BetaKullbackLeibler = 1.0 // Σ x·log(x/wh) − x + wh
	BetaItakuraSaito    = 0.0 // Σ x/wh − log(x/wh) − 1; X must have no zeros
)

// ParseBetaLoss turns scikit-learn's beta_loss spelling into β: one of
// "frobenius", "kullback-leibler", "itakura-saito" or a number such as
// "1.5". It returns an error naming the accepted values otherwise.
func ParseBetaLoss(s string) (float64, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "frobenius":
		return BetaFrobenius, nil
	case "kullback-leibler":
		return BetaKullbackLeibler, nil
	case "itakura-saito":
		return BetaItakuraSaito, nil
	}
	b, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(b) || math.IsInf(b, 0) {
		return 0, fmt.Errorf("nmf: beta loss %q: use \"frobenius\", \"kullback-leibler\", \"itakura-saito\" or a finite number", s)
	}
	return b, nil
}

// npPow is numpy's x ** e for an array and a scalar exponent: the
// exponents −1, 0, ½, 1 and 2 take numpy's fast paths (reciprocal, one,
// square root, copy, square), the others the C library's pow.
func npPow(x, e float64) float64 {
	switch e {
	case 1:
		return x
	case 2:
		return x * x
	case -1:
		return 1 / x
	case 0:
		return 1
	case 0.5:
		return math.Sqrt(x)
	}
	return math.Pow(x, e)
}

// betaDivergence returns scikit-learn's _beta_divergence(X, W, H, β)
// (not square-rooted) for X (rows×cols), W (rows×k) and Hᵀ (cols×k). dense
// says X came in dense, which only changes how β = 2 is summed (the
// explicit residual instead of the expanded formula). Entries of X at most
// float32's epsilon are left out of the terms in x, and products wh that
// are 0 count as that epsilon there. Cost O(nnz·k) for β ∈ {1, 2} (plus
// O(rows·cols·k) for dense β = 2), O(rows·cols·k) for other β.
func betaDivergence(x *sparse.CSR, dense bool, w, ht *mat.Dense, beta float64) float64 {
	switch beta {
	case 2:
		if dense {
			return denseResidualSquared(x, w, ht) / 2
		}
		return frobeniusSquared(x, w, ht) / 2
	case 1:
		return klDivergence(x, w, ht)
	}
	m, n := x.Dims()
	_, k := w.Dims()
	wd, hd := w.RawMatrix().Data, ht.RawMatrix().Data
	indptr, indices, data := x.Raw()
	// Sums over the stored entries above epsilon: Σ x/wh and Σ log(x/wh)
	// for β = 0, Σ x^β and Σ x·wh^(β−1) otherwise.
	var s1, s2 float64
	for i := 0; i < m; i++ {
		wrow := wd[i*k : i*k+k]
		for p := indptr[i]; p < indptr[i+1]; p++ {
			v := data[p]
			if !(v > epsilon32) {
				continue
			}
			wh := dot(wrow, hd[indices[p]*k:indices[p]*k+k])
			if wh == 0 {
				wh = epsilon32
			}
			if beta == 0 {
				d := v / wh
				s1 += d
				s2 += math.Log(d)
			} else {
				s1 += npPow(v, beta)
				s2 += float64(v * npPow(wh, beta-1))
			}
		}
	}
	if beta == 0 {
		return s1 - float64(float64(m)*float64(n)) - s2
	}
	// Σ (WH)^β over all rows×cols products.
	sumWH := kern.BlockSum(m, n*k, func(lo, hi int) float64 {
		var s float64
		for i := lo; i < hi; i++ {
			wrow := wd[i*k : i*k+k]
			for j := 0; j < n; j++ {
				s += npPow(dot(wrow, hd[j*k:j*k+k]), beta)
			}
		}
		return s
	})
	res := s1 - float64(beta*s2)
	res += float64(sumWH * (beta - 1))
	return res / (beta * (beta - 1))
}

// frobeniusSquaredGram is frobeniusSquared with ⟨(WᵀW)H, H⟩ taken as
// ⟨WᵀW, HHᵀ⟩_F from gH = HHᵀ (k×k): O(nnz·k + rows·k²) instead of adding
// O(cols·k²). It is the mini-batch cost, whose only use is the comparison
// of smoothed values, so its own summation order is as good as any.
func frobeniusSquaredGram(x *sparse.CSR, w, ht *mat.Dense, gH []float64) float64 {
	rows, k := w.Dims()
	_, _, data := x.Raw()
	var normX float64
	for _, v := range data {
		normX += float64(v * v)
	}
	gW := make([]float64, k*k)
	kern.Gram(gW, w.RawMatrix().Data, rows, k)
	var normWH float64
	for i, g := range gW {
		normWH += float64(g * gH[i])
	}
	return normX + normWH - 2*CrossTerm(x, w, ht)
}

func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s float64
	for c, v := range a {
		s += float64(v * b[c])
	}
	return s
}

// betaNumerator sets num (rows×k) = (X ⊙ (A·Bᵀ)^(β−2))·B over the stored
// entries of x (rows×cols), for β ∉ {1, 2}, with a (rows×k) and b (cols×k)
// row-major: the numerator of the multiplicative update of A. Products
// that are 0 count as float32's epsilon when β < 2, as in scikit-learn.
// Cost O(nnz·k).
func betaNumerator(num []float64, x *sparse.CSR, a, b []float64, k int, beta float64) {
	rows, _ := x.Dims()
	indptr, indices, data := x.Raw()
	kern.ForBlocks(rows, (indptr[rows]/max(rows, 1)+1)*2*k, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			arow := a[i*k : i*k+k]
			out := num[i*k : i*k+k]
			clear(out)
			for p := indptr[i]; p < indptr[i+1]; p++ {
				brow := b[indices[p]*k : indices[p]*k+k]
				wh := dot(arow, brow)
				if beta < 2 && wh == 0 {
					wh = epsilon32
				}
				var q float64
				if beta == 0 {
					r := 1 / wh
					q = r * r * data[p]
				} else {
					q = npPow(wh, beta-2) * data[p]
				}
				for c, bv := range brow {
					out[c] += float64(q * bv)
				}
			}
		}
	})
}

// betaDenominator sets den (rows×k) = (A·Bᵀ)^(β−1)·B over all rows×cols
// products, for β ∉ {1, 2}, with zero products counted as float32's
// epsilon when β < 1: the denominator of the multiplicative update of A.
// Cost O(rows·cols·k).
func betaDenominator(den, a, b []float64, rows, cols, k int, beta float64) {
	kern.ForBlocks(rows, cols*k*2, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			arow := a[i*k : i*k+k]
			out := den[i*k : i*k+k]
			clear(out)
			for j := 0; j < cols; j++ {
				brow := b[j*k : j*k+k]
				wh := dot(arow, brow)
				if beta < 1 && wh == 0 {
					wh = epsilon32
				}
				f := npPow(wh, beta-1)
				for c, bv := range brow {
					out[c] += float64(f * bv)
				}
			}
		}
	})
}

// muApply sets a ⊙= (num ⊘ den)^γ with scikit-learn's regularisation and
// guards (den + l1 + l2·a, a zero denominator replaced by float32's
// epsilon); γ = 1 is finishMU.
func muApply(a, num, den []float64, l1, l2, gamma float64) {
	if gamma == 1 {
		finishMU(a, num, den, l1, l2)
		return
	}
	for i, d := range den {
		d = regDen(d, a[i], l1, l2)
		a[i] *= npPow(num[i]/d, gamma)
	}
}

// regDen is a multiplicative-update denominator with the penalties added
// and a zero replaced by float32's epsilon.
func regDen(d, a, l1, l2 float64) float64 {
	if l1 > 0 {
		d += l1
	}
	if l2 > 0 {
		d += float64(l2 * a)
	}
	if d == 0 {
		d = epsilon32
	}
	return d
}
