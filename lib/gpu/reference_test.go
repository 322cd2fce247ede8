package gpu

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// This file holds a plain float64 statement of the lesson's maths, written
// directly from the formulas (dense residual and all), that the kernels'
// CPU mirrors and the GPU are compared with.

// refPen is the lesson's pen(x) = min(x − μ, 0), element-wise.
func refPen(a *mat.Dense, mu float64) *mat.Dense {
	var out mat.Dense
	out.Apply(func(_, _ int, v float64) float64 { return math.Min(v-mu, 0) }, a)
	return &out
}

// refSGDGrads returns ∇W = (WH − M)Hᵀ + λ·pen(W), ∇H = Wᵀ(WH − M) + λ·pen(H).
func refSGDGrads(M mat.Matrix, W, H *mat.Dense, lam, mu float64) (gW, gH *mat.Dense) {
	var R mat.Dense
	R.Mul(W, H)
	R.Sub(&R, M)
	gW, gH = new(mat.Dense), new(mat.Dense)
	gW.Mul(&R, H.T())
	var p mat.Dense
	p.Scale(lam, refPen(W, mu))
	gW.Add(gW, &p)
	gH.Mul(W.T(), &R)
	p.Reset()
	p.Scale(lam, refPen(H, mu))
	gH.Add(gH, &p)
	return gW, gH
}

// refSGD runs the lesson's loop (update, then report/decay on i%every == 0)
// and returns the final W, H and the norms ‖M − WH‖ at the reports.
func refSGD(M mat.Matrix, W0, H0 *mat.Dense, o SGDOptions) (W, H *mat.Dense, norms []float64) {
	W, H = mat.DenseCopyOf(W0), mat.DenseCopyOf(H0)
	lr := o.LR
	for i := 0; i < o.Steps; i++ {
		gW, gH := refSGDGrads(M, W, H, o.Lam, o.Mu)
		gW.Scale(lr, gW)
		gH.Scale(lr, gH)
		W.Sub(W, gW)
		H.Sub(H, gH)
		if i%o.ReportEvery == 0 {
			norms = append(norms, refNorm(M, W, H))
		}
		if i%o.DecayEvery == 0 {
			lr *= o.Decay
		}
	}
	return W, H, norms
}

func refNorm(M mat.Matrix, W, H *mat.Dense) float64 {
	var R mat.Dense
	R.Mul(W, H)
	R.Sub(&R, M)
	return mat.Norm(&R, 2)
}

// refAdamLoss is the lesson's autograd loss
// ‖M − WH‖ + λ·(mean(min(W,0)²) + mean(min(H,0)²)).
func refAdamLoss(M mat.Matrix, W, H *mat.Dense, lam float64) float64 {
	pen := func(a *mat.Dense) float64 {
		r, c := a.Dims()
		var s float64
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				v := math.Min(a.At(i, j), 0)
				s += v * v
			}
		}
		return s / float64(r*c)
	}
	return refNorm(M, W, H) + lam*(pen(W)+pen(H))
}

// refAdamGrads is the analytic gradient of refAdamLoss.
func refAdamGrads(M mat.Matrix, W, H *mat.Dense, lam float64) (gW, gH *mat.Dense) {
	m, d := W.Dims()
	_, n := H.Dims()
	var R mat.Dense
	R.Mul(W, H)
	R.Sub(&R, M)
	nrm := mat.Norm(&R, 2)
	gW, gH = new(mat.Dense), new(mat.Dense)
	gW.Mul(&R, H.T())
	gW.Scale(1/nrm, gW)
	gH.Mul(W.T(), &R)
	gH.Scale(1/nrm, gH)
	gW.Apply(func(i, j int, v float64) float64 { return v + 2*lam*math.Min(W.At(i, j), 0)/float64(m*d) }, gW)
	gH.Apply(func(i, j int, v float64) float64 { return v + 2*lam*math.Min(H.At(i, j), 0)/float64(d*n) }, gH)
	return gW, gH
}

// refAdam runs PyTorch's Adam on refAdamLoss in float64.
func refAdam(M mat.Matrix, W0, H0 *mat.Dense, o AdamOptions) (W, H *mat.Dense) {
	W, H = mat.DenseCopyOf(W0), mat.DenseCopyOf(H0)
	state := func(a *mat.Dense) (*mat.Dense, *mat.Dense) {
		r, c := a.Dims()
		return mat.NewDense(r, c, nil), mat.NewDense(r, c, nil)
	}
	mW, vW := state(W)
	mH, vH := state(H)
	for t := 1; t <= o.Steps; t++ {
		gW, gH := refAdamGrads(M, W, H, o.Lam)
		b1, b2 := o.Betas[0], o.Betas[1]
		step := o.LR / (1 - math.Pow(b1, float64(t)))
		sb2 := math.Sqrt(1 - math.Pow(b2, float64(t)))
		for _, s := range []struct{ p, g, m, v *mat.Dense }{{W, gW, mW, vW}, {H, gH, mH, vH}} {
			r, c := s.p.Dims()
			for i := 0; i < r; i++ {
				for j := 0; j < c; j++ {
					g := s.g.At(i, j)
					m1 := b1*s.m.At(i, j) + (1-b1)*g
					v1 := b2*s.v.At(i, j) + (1-b2)*g*g
					s.m.Set(i, j, m1)
					s.v.Set(i, j, v1)
					s.p.Set(i, j, s.p.At(i, j)-step*m1/(math.Sqrt(v1)/sb2+o.Eps))
				}
			}
		}
	}
	return W, H
}

// randomProblem returns a non-negative M (m×n) with about the given share
// of zeros, as *mat.Dense and *sparse.CSR, and W0, H0 like the lesson's
// |normal(0, scale)| with a few entries made negative so the penalties act.
func randomProblem(rng *rand.Rand, m, n, d int, zeros, scale float64) (*mat.Dense, *sparse.CSR, *mat.Dense, *mat.Dense) {
	M := mat.NewDense(m, n, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			if rng.Float64() >= zeros {
				M.Set(i, j, rng.Float64())
			}
		}
	}
	fill := func(r, c int) *mat.Dense {
		a := mat.NewDense(r, c, nil)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				v := math.Abs(rng.NormFloat64() * scale)
				if rng.IntN(10) == 0 {
					v = -v
				}
				a.Set(i, j, v)
			}
		}
		return a
	}
	return M, sparse.FromDense(M), fill(m, d), fill(d, n)
}

// maxRelDiff returns max |a − b| / (max |b| + tiny) over all entries.
func maxRelDiff(a, b mat.Matrix) float64 {
	r, c := b.Dims()
	var diff, scale float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			diff = math.Max(diff, math.Abs(a.At(i, j)-b.At(i, j)))
			if math.IsNaN(a.At(i, j)) {
				return math.Inf(1)
			}
			scale = math.Max(scale, math.Abs(b.At(i, j)))
		}
	}
	return diff / (scale + 1e-300)
}

func sparseFromDense(M *mat.Dense) *sparse.CSR { return sparse.FromDense(M) }
