package nmf

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/small"
	"github.com/fastai-go/topicmodel/lib/nmf/internal/kern"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// epsilon32 is float32's machine epsilon, scikit-learn's EPSILON guard.
const epsilon32 = 1.1920928955078125e-07

// epsilon64 is float64's machine epsilon.
const epsilon64 = 2.220446049250313e-16

// solver runs cd or mu on a fixed X. W is m×k and Ht = Hᵀ is n×k, both
// row-major, so that the W and H updates are the same code on X and Xᵀ.
//
// The loops in this file write each product that is added as float64(a*b):
// no fused multiply-add, so that arm64 gives the bits amd64 gives, and
// cdSweep's Go loops the bits of the AVX2 kernel (kern.CDRowsVector).
type solver struct {
	x                  *sparse.CSR
	dense              bool // X came in dense: report the error from the explicit residual
	p                  *NMF
	kl                 bool
	l1W, l1H, l2W, l2H float64
	prog               *progress // nil: no progress lines
}

func newSolver(x *sparse.CSR, dense bool, p *NMF) *solver {
	m, n := x.Dims()
	s := &solver{x: x, dense: dense, p: p, kl: p.BetaLoss == KullbackLeibler}
	s.l1W, s.l1H, s.l2W, s.l2H = p.regularization(m, n)
	return s
}

// rescale turns the penalties into those of the problem on 2^e·X with
// factors 2^(e/2)·W and 2^(e/2)·H, so that it has the same minimiser up to
// that factor: the Frobenius loss grows by 2^(2e), the KL loss by 2^e,
// ‖W‖₁ by 2^(e/2) and ‖W‖² by 2^e.
func (s *solver) rescale(e int) {
	l1, l2 := 3*e/2, e
	if s.kl {
		l1, l2 = e/2, 0
	}
	s.l1W, s.l1H = math.Ldexp(s.l1W, l1), math.Ldexp(s.l1H, l1)
	s.l2W, s.l2H = math.Ldexp(s.l2W, l2), math.Ldexp(s.l2H, l2)
}

// run updates w (and ht when updateH) in place and returns the number of
// iterations.
func (s *solver) run(w, ht *mat.Dense, updateH bool) int {
	if s.p.Solver == SolverMU {
		return s.runMU(w, ht, updateH)
	}
	return s.runCD(w, ht, updateH)
}

// runCD is scikit-learn's _fit_coordinate_descent.
func (s *solver) runCD(w, ht *mat.Dense, updateH bool) int {
	var rs interface{ Permutation(int) []int }
	if s.p.Shuffle {
		rs = newRand(s.p.RandomState)
	}
	_, k := w.Dims()
	ws := newCDWork(s.x, k)
	var wsT *cdWork
	if updateH {
		wsT = newCDWork(s.x.Transpose(), k)
	}
	var vInit float64
	nIter := 0
	for nIter = 1; nIter <= s.p.MaxIter; nIter++ {
		v := ws.update(w, ht, s.l1W, s.l2W, perm(rs, k))
		if updateH {
			v += wsT.update(ht, w, s.l1H, s.l2H, perm(rs, k))
		}
		if nIter == 1 {
			vInit = v
		}
		s.prog.iter(nIter, s.p.MaxIter, "violation/first", v/vInit)
		if vInit == 0 {
			break
		}
		if v/vInit <= s.p.Tol {
			break
		}
	}
	return min(nIter, s.p.MaxIter)
}

func perm(rs interface{ Permutation(int) []int }, k int) []int {
	if rs != nil {
		return rs.Permutation(k)
	}
	p := make([]int, k)
	for i := range p {
		p[i] = i
	}
	return p
}

// cdWork holds the buffers of one half-sweep of coordinate descent: the
// update of the rows×k factor A for X ≈ A·Bᵀ.
type cdWork struct {
	x   *sparse.CSR
	k   int
	bbt []float64 // Bᵀ·B, k×k
	xb  mat.Dense // X·B, rows×k
	pg  []float64 // |projected gradient|, k×rows in visiting order
}

func newCDWork(x *sparse.CSR, k int) *cdWork {
	r, _ := x.Dims()
	return &cdWork{x: x, k: k, bbt: make([]float64, k*k), pg: make([]float64, k*r)}
}

// update runs one sweep of coordinate descent over the columns of a (in the
// order perm), each row's coordinate minimising ½‖X − ABᵀ‖² + l1·ΣA +
// ½·l2·‖A‖² exactly, projected on A ≥ 0. Rows are independent and are split
// across goroutines; the violation (sum of |projected gradient|) is added
// column by column, row by row, as scikit-learn's _update_cdnmf_fast does.
func (c *cdWork) update(a, b *mat.Dense, l1, l2 float64, perm []int) float64 {
	k := c.k
	rows, _ := a.Dims()
	braw := b.RawMatrix()
	nb, _ := b.Dims()
	kern.Gram(c.bbt, braw.Data, nb, k)
	if c.xb.IsEmpty() {
		c.xb.ReuseAs(rows, k)
	}
	kern.MulDense(&c.xb, c.x, b)
	if l2 != 0 {
		for t := 0; t < k; t++ {
			c.bbt[t*k+t] += l2
		}
	}
	xb := c.xb.RawMatrix().Data
	if l1 != 0 {
		for i := range xb {
			xb[i] -= l1
		}
	}
	cdSweep(a.RawMatrix().Data, xb, c.bbt, perm, c.pg, rows, k)
	pg := c.pg
	var v float64
	for _, x := range pg[:k*rows] {
		v += x
	}
	return v
}

// runMU is scikit-learn's _fit_multiplicative_update for beta 2 and 1.
func (s *solver) runMU(w, ht *mat.Dense, updateH bool) int {
	m, k := w.Dims()
	n, _ := ht.Dims()
	errInit := s.errorOf(w, ht)
	prev := errInit
	mw := newMUWork(m, n, k)
	nIter := 0
	for nIter = 1; nIter <= s.p.MaxIter; nIter++ {
		if s.kl {
			s.muKLW(mw, w, ht)
		} else {
			s.muFroW(mw, w, ht, updateH)
		}
		if updateH {
			if s.kl {
				s.muKLH(mw, w, ht)
				hd := ht.RawMatrix().Data
				for i, v := range hd {
					if v < epsilon64 {
						hd[i] = 0
					}
				}
			} else {
				s.muFroH(mw, w, ht)
			}
		}
		if s.p.Tol > 0 && nIter%10 == 0 {
			e := s.errorOf(w, ht)
			s.prog.iter(nIter, s.p.MaxIter, "error decrease/initial error", (prev-e)/errInit)
			if (prev-e)/errInit < s.p.Tol {
				break
			}
			prev = e
		}
	}
	return min(nIter, s.p.MaxIter)
}

type muWork struct {
	xht, num, den   mat.Dense // m×k
	xtw, numH, denH mat.Dense // n×k
	g               []float64 // k×k
	haveXHt         bool
}

func newMUWork(m, n, k int) *muWork {
	return &muWork{g: make([]float64, k*k)}
}

// finishMU applies a *= num/den with scikit-learn's regularisation and zero
// guards: den += l1, den += l2·a, den == 0 → EPSILON.
func finishMU(a, num, den []float64, l1, l2 float64) {
	for i, d := range den {
		if l1 > 0 {
			d += l1
		}
		if l2 > 0 {
			d += float64(l2 * a[i])
		}
		if d == 0 {
			d = epsilon32
		}
		a[i] *= num[i] / d
	}
}

func (s *solver) muFroW(mw *muWork, w, ht *mat.Dense, updateH bool) {
	m, k := w.Dims()
	n, _ := ht.Dims()
	if updateH || !mw.haveXHt {
		kern.MulDense(&mw.xht, s.x, ht)
		kern.Gram(mw.g, ht.RawMatrix().Data, n, k)
		mw.haveXHt = true
	}
	if mw.den.IsEmpty() {
		mw.den.ReuseAs(m, k)
	}
	wd := w.RawMatrix().Data
	small.Mul(mw.den.RawMatrix().Data, k, wd, k, mw.g, k, m, k, k)
	finishMU(wd, mw.xht.RawMatrix().Data, mw.den.RawMatrix().Data, s.l1W, s.l2W)
}

func (s *solver) muFroH(mw *muWork, w, ht *mat.Dense) {
	m, k := w.Dims()
	n, _ := ht.Dims()
	kern.MulDense(&mw.xtw, s.x.Transpose(), w) // (WᵀX)ᵀ
	kern.Gram(mw.g, w.RawMatrix().Data, m, k)
	if mw.denH.IsEmpty() {
		mw.denH.ReuseAs(n, k)
	}
	hd := ht.RawMatrix().Data
	small.Mul(mw.denH.RawMatrix().Data, k, hd, k, mw.g, k, n, k, k) // (WᵀW·H)ᵀ
	finishMU(hd, mw.xtw.RawMatrix().Data, mw.denH.RawMatrix().Data, s.l1H, s.l2H)
}

// klNum sets num (rows×k) = (X ⊘ AB)·B restricted to the stored entries of
// x (rows×cols), with AB = a·bᵀ and zero products replaced by EPSILON.
func klNum(num []float64, x *sparse.CSR, a, b []float64, k int) {
	rows, _ := x.Dims()
	indptr, indices, data := x.Raw()
	kern.ForBlocks(rows, (indptr[rows]/max(rows, 1)+1)*2*k, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			arow := a[i*k : i*k+k]
			out := num[i*k : i*k+k]
			for c := range out {
				out[c] = 0
			}
			for p := indptr[i]; p < indptr[i+1]; p++ {
				brow := b[indices[p]*k : indices[p]*k+k]
				var wh float64
				for c, av := range arow {
					wh += float64(av * brow[c])
				}
				if wh == 0 {
					wh = epsilon32
				}
				q := data[p] / wh
				for c, bv := range brow {
					out[c] += float64(q * bv)
				}
			}
		}
	})
}

func (s *solver) muKLW(mw *muWork, w, ht *mat.Dense) {
	m, k := w.Dims()
	n, _ := ht.Dims()
	if mw.num.IsEmpty() {
		mw.num.ReuseAs(m, k)
		mw.den.ReuseAs(m, k)
	}
	wd, hd := w.RawMatrix().Data, ht.RawMatrix().Data
	klNum(mw.num.RawMatrix().Data, s.x, wd, hd, k)
	hsum := make([]float64, k)
	for j := 0; j < n; j++ {
		for c := 0; c < k; c++ {
			hsum[c] += hd[j*k+c]
		}
	}
	den := mw.den.RawMatrix().Data
	for i := 0; i < m; i++ {
		copy(den[i*k:i*k+k], hsum)
	}
	finishMU(wd, mw.num.RawMatrix().Data, den, s.l1W, s.l2W)
}

func (s *solver) muKLH(mw *muWork, w, ht *mat.Dense) {
	m, k := w.Dims()
	n, _ := ht.Dims()
	if mw.numH.IsEmpty() {
		mw.numH.ReuseAs(n, k)
		mw.denH.ReuseAs(n, k)
	}
	wd, hd := w.RawMatrix().Data, ht.RawMatrix().Data
	klNum(mw.numH.RawMatrix().Data, s.x.Transpose(), hd, wd, k)
	wsum := make([]float64, k)
	for i := 0; i < m; i++ {
		for c := 0; c < k; c++ {
			wsum[c] += wd[i*k+c]
		}
	}
	for c := range wsum {
		if wsum[c] == 0 {
			wsum[c] = 1
		}
	}
	den := mw.denH.RawMatrix().Data
	for j := 0; j < n; j++ {
		copy(den[j*k:j*k+k], wsum)
	}
	finishMU(hd, mw.numH.RawMatrix().Data, den, s.l1H, s.l2H)
}

// errorOf returns the model's reconstruction error: ‖X − WH‖_F, or
// sqrt(2·D_KL) for the KL loss.
func (s *solver) errorOf(w, ht *mat.Dense) float64 {
	if s.kl {
		return math.Sqrt(2 * math.Max(klDivergence(s.x, w, ht), 0))
	}
	if s.dense {
		return denseResidualNorm(s.x, w, ht)
	}
	return FrobeniusError(s.x, w, ht)
}

// cdCoord updates coordinate t of the row a given its gradient and the
// Hessian G_tt, and returns the magnitude of the projected gradient: at a
// zero coordinate only a negative gradient (one that would increase it)
// counts.
func cdCoord(a []float64, t int, grad, hess float64) float64 {
	// Bit arithmetic instead of comparisons: whether a coordinate is zero
	// or a step goes negative follows the data, so branches would be
	// mispredicted often; these masks compile to straight-line code.
	at := a[t]
	gb := math.Float64bits(grad)
	x := math.Float64bits(at) << 1                    // 0 iff at is ±0
	zero := ((x | -x) >> 63) ^ 1                      // 1 iff at == 0
	pos := (^gb >> 63) & ((gb<<1 | -(gb << 1)) >> 63) // 1 iff grad > 0 (or +NaN)
	pb := gb &^ (1 << 63)                             // |grad|
	pb &^= -(zero & pos)                              // projected: 0 at a bound
	if hess != 0 {
		vb := math.Float64bits(at - grad/hess)
		vb &^= -(vb >> 63) // max(·, 0): negative (and −0) → +0
		a[t] = math.Float64frombits(vb)
	}
	return math.Float64frombits(pb)
}

// cdSweep is the coordinate-descent sweep over the rows×k row-major matrix
// ad with Gram matrix g (k×k), cross term xb (rows×k) and column order
// perm; |projected gradient| of visit s of row i goes to pg[s*rows+i].
func cdSweep(ad, xb, g []float64, perm []int, pg []float64, rows, k int) {
	kern.ForRows(rows, k*k, 256, func(lo, hi int) {
		// Four rows per AVX2 vector where the machine has it; then four (then
		// two) rows at a time: their updates are independent, so the two
		// dependency chains overlap in the CPU. Each row's arithmetic is
		// exactly the single-row code's.
		i := kern.CDRowsVector(ad, xb, g, perm, pg, rows, k, lo, hi)
		for ; i+4 <= hi; i += 4 {
			a0 := ad[i*k : i*k+k : i*k+k]
			a1 := ad[i*k+k : i*k+2*k : i*k+2*k]
			a2 := ad[i*k+2*k : i*k+3*k : i*k+3*k]
			a3 := ad[i*k+3*k : i*k+4*k : i*k+4*k]
			xr := xb[i*k : i*k+4*k : i*k+4*k]
			for s, t := range perm {
				grow := g[t*k : t*k+k : t*k+k]
				_ = a0[len(grow)-1]
				_ = a1[len(grow)-1]
				_ = a2[len(grow)-1]
				_ = a3[len(grow)-1]
				g0, g1, g2, g3 := -xr[t], -xr[k+t], -xr[2*k+t], -xr[3*k+t]
				for r, gv := range grow {
					g0 += float64(gv * a0[r])
					g1 += float64(gv * a1[r])
					g2 += float64(gv * a2[r])
					g3 += float64(gv * a3[r])
				}
				hess := grow[t]
				o := pg[s*rows+i : s*rows+i+4 : s*rows+i+4]
				o[0] = cdCoord(a0, t, g0, hess)
				o[1] = cdCoord(a1, t, g1, hess)
				o[2] = cdCoord(a2, t, g2, hess)
				o[3] = cdCoord(a3, t, g3, hess)
			}
		}
		for ; i+2 <= hi; i += 2 {
			a0 := ad[i*k : i*k+k : i*k+k]
			a1 := ad[i*k+k : i*k+2*k : i*k+2*k]
			x0 := xb[i*k : i*k+k : i*k+k]
			x1 := xb[i*k+k : i*k+2*k : i*k+2*k]
			for s, t := range perm {
				grow := g[t*k : t*k+k : t*k+k]
				_ = a0[len(grow)-1]
				_ = a1[len(grow)-1]
				g0, g1 := -x0[t], -x1[t]
				for r, gv := range grow {
					g0 += float64(gv * a0[r])
					g1 += float64(gv * a1[r])
				}
				hess := grow[t]
				pg[s*rows+i] = cdCoord(a0, t, g0, hess)
				pg[s*rows+i+1] = cdCoord(a1, t, g1, hess)
			}
		}
		for ; i < hi; i++ {
			arow := ad[i*k : i*k+k : i*k+k]
			xrow := xb[i*k : i*k+k : i*k+k]
			for s, t := range perm {
				grow := g[t*k : t*k+k : t*k+k]
				_ = arow[len(grow)-1]
				grad := -xrow[t]
				for r, gv := range grow {
					grad += float64(gv * arow[r])
				}
				pg[s*rows+i] = cdCoord(arow, t, grad, grow[t])
			}
		}
	})
}
