package svd

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/check"
	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// luExample and its factors from SciPy 1.10: linalg.lu(a, permute_l=True)
// and linalg.qr(a, mode='economic'). Column 0 has a tie (-4 and 4) that
// LAPACK resolves to the first row.
var (
	luExample = []float64{1, 2, 3, -4, 1, 0, 4, 0, 2, 2, -1, 1, 0, 3, -3}
	luWantPL  = []float64{
		-0.25, 0.75, 1,
		1, 0, 0,
		-1, 0.33333333333333333, 0.5714285714285714,
		-0.5, -0.16666666666666666, 0.09523809523809523,
		0, 1, 0,
	}
	qrWantQ = []float64{
		-0.16439899, -0.55233092, 0.7133801,
		0.65759595, -0.14870448, 0.35537708,
		-0.65759595, -0.11329865, 0.15843165,
		-0.32879797, 0.2053538, 0.0372008,
		0, -0.78600939, -0.58164549,
	}
)

func TestPermutedL(t *testing.T) {
	a := mat.NewDense(5, 3, luExample)
	var pl mat.Dense
	PermutedL(&pl, a)
	if !check.AllClose(&pl, mat.NewDense(5, 3, luWantPL), 1e-14, 1e-14) {
		t.Errorf("P·L =\n%v\nwant SciPy's\n%v", mat.Formatted(&pl), mat.Formatted(mat.NewDense(5, 3, luWantPL)))
	}
	// A large tall matrix takes the parallel path; P·L·U must give A back
	// with U = the k×k upper factor solved from the pivot rows.
	rnd := rand.New(rand.NewPCG(7, 8))
	m, k := 360000, 6 // m·k above the threshold for parallel sweeps
	b := testMatrix("gauss", m, k, rnd)
	var pl2 mat.Dense
	PermutedL(&pl2, b)
	// Every entry of L is at most 1 in magnitude (partial pivoting), and
	// the span of P·L is the span of B: the residual of projecting B onto
	// the range of P·L vanishes.
	for _, v := range pl2.RawMatrix().Data {
		if math.Abs(v) > 1+1e-15 {
			t.Fatalf("|L| entry %v > 1", v)
		}
	}
	var q mat.Dense
	ThinQ(&q, &pl2)
	var c, p mat.Dense
	c.Mul(q.T(), b)
	p.Mul(&q, &c)
	if !check.AllClose(&p, b, 1e-9, 1e-9) {
		i, j, e, _ := check.MaxViolation(&p, b, 1e-12, 1e-12)
		t.Errorf("range of P·L differs from the range of B at %d,%d by %g beyond tolerance (%g vs %g)", i, j, e, p.At(i, j), b.At(i, j))
	}
}

// The parallel sweeps give bit-for-bit the serial result.
func TestPermutedLParallel(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 16))
	m, k := 20000, 9
	b := testMatrix("gauss", m, k, rnd).RawMatrix().Data
	x1 := append([]float64(nil), b...)
	x2 := append([]float64(nil), b...)
	serial := permutedLWorkers(x1, m, k, nil, 1)
	par := permutedLWorkers(x2, m, k, nil, 3)
	for i := range serial {
		if serial[i] != par[i] {
			t.Fatalf("entry %d: serial %v, parallel %v", i, serial[i], par[i])
		}
	}
}

func TestThinQ(t *testing.T) {
	a := mat.NewDense(5, 3, luExample)
	var q mat.Dense
	ThinQ(&q, a)
	if !check.AllClose(&q, mat.NewDense(5, 3, qrWantQ), 1e-7, 1e-8) {
		t.Errorf("Q =\n%v\nwant SciPy's", mat.Formatted(&q))
	}
	if ok, dev := check.Orthonormal(&q, false, 0, 1e-14); !ok {
		t.Errorf("Q not orthonormal: %g", dev)
	}
	var r mat.Dense
	r.Mul(q.T(), a)
	for i := 1; i < 3; i++ {
		for j := 0; j < i; j++ {
			if math.Abs(r.At(i, j)) > 1e-14 {
				t.Errorf("R(%d,%d) = %g, want 0", i, j, r.At(i, j))
			}
		}
	}
}

// lowRank returns an m×n matrix with singular values 100·0.7^i.
func lowRank(m, n int, rnd *rand.Rand) *mat.Dense {
	k := min(m, n)
	var q1, q2 mat.Dense
	ThinQ(&q1, testMatrix("gauss", m, k, rnd))
	ThinQ(&q2, testMatrix("gauss", n, k, rnd))
	s := mat.NewDiagDense(k, nil)
	for i := 0; i < k; i++ {
		s.SetDiag(i, 100*math.Pow(0.7, float64(i)))
	}
	var t, a mat.Dense
	t.Mul(&q1, s)
	a.Mul(&t, q2.T())
	return &a
}

func TestRandomizedMatchesFull(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 10))
	for _, sh := range [][2]int{{60, 200}, {200, 60}, {80, 80}} {
		a := lowRank(sh[0], sh[1], rnd)
		var f Full
		if err := f.Factorize(a); err != nil {
			t.Fatal(err)
		}
		want := f.Values(nil)
		for _, norm := range []Normalizer{NormAuto, NormNone, NormLU, NormQR} {
			for _, in := range []mat.Matrix{a, sparse.FromDense(a)} {
				var r Randomized
				if err := r.Factorize(in, 6, &RandomizedOptions{Normalizer: norm, Iters: 6}); err != nil {
					t.Fatal(err)
				}
				s := r.Values(nil)
				for i := range s {
					if math.Abs(s[i]-want[i]) > 1e-9*want[0] {
						t.Errorf("%v norm %d: s[%d] = %v, want %v", sh, norm, i, s[i], want[i])
					}
				}
				var u, vt mat.Dense
				r.UTo(&u)
				r.VTTo(&vt)
				if ok, dev := check.Orthonormal(&u, false, 0, 1e-12); !ok {
					t.Errorf("%v: U not orthonormal (%g)", sh, dev)
				}
				if ok, dev := check.Orthonormal(&vt, true, 0, 1e-12); !ok {
					t.Errorf("%v: V not orthonormal (%g)", sh, dev)
				}
				// scikit-learn's sign rule: decided on the columns of U.
				for c := 0; c < 6; c++ {
					if x := firstMaxAbs(mat.Col(nil, c, &u)); x < 0 {
						t.Errorf("%v: column %d of U leads with %g", sh, c, x)
					}
				}
				var v mat.Dense
				r.VTo(&v)
				if !mat.Equal(v.T(), &vt) {
					t.Error("VTo and VTTo disagree")
				}
			}
		}
	}
}

func TestRandomizedSeed(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 12))
	a := lowRank(50, 90, rnd)
	var r1, r2, r3 Randomized
	r1.Factorize(a, 4, &RandomizedOptions{Seed: 3})
	r2.Factorize(a, 4, &RandomizedOptions{Rand: nprand.New(3)})
	r3.Factorize(a, 4, &RandomizedOptions{Seed: 4, Iters: -1})
	var u1, u2, u3 mat.Dense
	r1.UTo(&u1)
	r2.UTo(&u2)
	r3.UTo(&u3)
	if !mat.Equal(&u1, &u2) {
		t.Error("Seed and Rand with the same seed differ")
	}
	if mat.Equal(&u1, &u3) {
		t.Error("different seeds without power iterations gave identical results")
	}
}

func TestRandomizedBadInput(t *testing.T) {
	a := mat.NewDense(4, 6, nil)
	for i := 0; i < 4; i++ {
		a.Set(i, i, float64(i+1))
	}
	var r Randomized
	for _, k := range []int{0, -1, 5} {
		if err := r.Factorize(a, k, nil); err == nil {
			t.Errorf("k = %d accepted", k)
		}
		if _, _, _, err := LessonRandomizedSVD(a, k, 10, 4, nprand.New(0)); err == nil {
			t.Errorf("lesson k = %d accepted", k)
		}
	}
	if err := r.Factorize(emptyMatrix{3, 0}, 1, nil); !errors.Is(err, errEmpty) {
		t.Errorf("empty: %v", err)
	}
	a.Set(2, 5, math.NaN())
	if err := r.Factorize(a, 2, nil); !errors.Is(err, errNotFinite) {
		t.Errorf("NaN: %v", err)
	}
	if _, err := RangeFinder(a, 3, 2, NormLU, nprand.New(0)); !errors.Is(err, errNotFinite) {
		t.Errorf("range finder NaN: %v", err)
	}
	a.Set(2, 5, 0)
	if _, err := RangeFinder(a, 0, 2, NormLU, nprand.New(0)); err == nil {
		t.Error("size 0 accepted")
	}
	// k = min(m, n) is allowed: oversampling is capped by the shape.
	if err := r.Factorize(a, 4, nil); err != nil {
		t.Errorf("k = min(m, n): %v", err)
	}
}

func TestLessonFunctions(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 14))
	a := lowRank(70, 120, rnd)
	q, err := LessonRangeFinder(a, 15, 5, nprand.New(1))
	if err != nil {
		t.Fatal(err)
	}
	if r, c := q.Dims(); r != 70 || c != 15 {
		t.Fatalf("Q is %d×%d", r, c)
	}
	if ok, dev := check.Orthonormal(q, false, 0, 1e-12); !ok {
		t.Errorf("Q not orthonormal: %g", dev)
	}
	u, s, vt, err := LessonRandomizedSVD(a, 5, 10, 4, nprand.New(1))
	if err != nil {
		t.Fatal(err)
	}
	for i := range s {
		want := 100 * math.Pow(0.7, float64(i))
		if math.Abs(s[i]-want) > 1e-8*want {
			t.Errorf("s[%d] = %v, want %v", i, s[i], want)
		}
	}
	if res := check.ResidualNormExact(a, u, s, vt); math.Abs(res-tailNorm(5, 70)) > 1e-8 {
		t.Errorf("rank-5 residual %v, want %v", res, tailNorm(5, 70))
	}
}

// tailNorm is √(Σ_{i≥k} (100·0.7^i)²) for i < r.
func tailNorm(k, r int) float64 {
	var ss float64
	for i := k; i < r; i++ {
		x := 100 * math.Pow(0.7, float64(i))
		ss += x * x
	}
	return math.Sqrt(ss)
}

// TestLUSweepKernels checks that the column-major AVX2 elimination gives
// the row-major scalar loop's P·L bit for bit, for narrow to wide blocks,
// with zero multipliers (the update is skipped, as −0 entries would show), a
// zero pivot column, infinities, NaNs and tied magnitudes, on one worker and
// on three (row chunks whose lengths are not multiples of four).
func TestLUSweepKernels(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no AVX2 kernel on this machine: the scalar loop is the only one")
	}
	defer func(v bool) { useAVX2 = v }(useAVX2)
	rnd := rand.New(rand.NewPCG(21, 22))
	for _, k := range []int{1, 2, 3, 4, 5, 8, 9, 15, 16, 17, 18, 22} {
		for _, kind := range []string{"gauss", "special", "tall"} {
			m := 301
			if kind == "tall" {
				m = 9003 // parallel sweeps: chunks of rows not multiples of 4
			}
			src := make([]float64, m*k)
			for i := range src {
				src[i] = rnd.NormFloat64()
			}
			if kind == "special" {
				negz := math.Copysign(0, -1)
				for i := range src {
					switch rnd.IntN(12) {
					case 0:
						src[i] = 0
					case 1:
						src[i] = negz
					case 2:
						src[i] = 2 // ties in magnitude
					case 3:
						src[i] = -2
					}
				}
				src[17*k+k/2] = math.Inf(1)
				src[40*k+k-1] = math.NaN()
				src[60*k] = math.NaN() // a NaN multiplier: its row still updated
				if k > 2 {
					for i := 0; i < m; i++ {
						src[i*k+1] = 0 // a zero pivot column
					}
				}
			}
			var out [2][]float64
			for v, vec := range []bool{false, true} {
				useAVX2 = vec
				x := append([]float64(nil), src...)
				out[v] = permutedLWorkers(x, m, k, nil, 1)
				x = append(x[:0], src...)
				if par := permutedLWorkers(x, m, k, nil, 3); !sameBits(par, out[v]) {
					t.Errorf("k=%d %s avx2=%v: two workers differ from one", k, kind, vec)
				}
			}
			if !sameBits(out[0], out[1]) {
				t.Errorf("k=%d %s: AVX2 factors differ from the scalar loop's", k, kind)
			}
		}
	}
}

// sameBits reports whether a and b hold the same float64 bit patterns.
func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// TestThinQTall checks the LQ route for tall blocks against dgeqrf/dorgqr on
// the same block: the same Q, signs included, to rounding, for a Gaussian
// block, one with a zero column (its reflector is the identity) and one
// whose columns differ in scale by 10¹², with every kernel.
func TestThinQTall(t *testing.T) {
	kernels := []bool{false}
	if hasAVX2 {
		kernels = append(kernels, true)
	}
	defer func(v bool) { useAVX2 = v }(useAVX2)
	rnd := rand.New(rand.NewPCG(41, 42))
	for _, c := range []struct {
		name string
		m, k int
	}{{"gauss", 26576, 15}, {"zero column", 20001, 7}, {"scaled", 16387, 4}} {
		src := make([]float64, c.m*c.k)
		for i := range src {
			src[i] = rnd.NormFloat64()
		}
		switch c.name {
		case "zero column":
			for i := 0; i < c.m; i++ {
				src[i*c.k+3] = 0
			}
		case "scaled":
			for i := 0; i < c.m; i++ {
				src[i*c.k+1] *= 1e12
				src[i*c.k+2] *= 1e-12
			}
		}
		// The reference: dgeqrf and dorgqr on the row-major block.
		ref := append([]float64(nil), src...)
		r := c.k
		tau := make([]float64, r)
		work := make([]float64, 64*c.k)
		lapackImpl.Dgeqrf(c.m, c.k, ref, c.k, tau, work, len(work))
		lapackImpl.Dorgqr(c.m, r, r, ref, r, tau, work, len(work))
		var first []float64
		for _, vec := range kernels {
			useAVX2 = vec
			x := append([]float64(nil), src...)
			q, qc := thinQ(x, c.m, c.k)
			if qc != r || len(q) != c.m*r {
				t.Fatalf("%s: Q is %d×%d, want %d×%d", c.name, len(q)/max(qc, 1), qc, c.m, r)
			}
			for i := range q {
				if math.Abs(q[i]-ref[i]) > 1e-13 {
					t.Fatalf("%s avx2=%v: Q[%d,%d] = %v, dgeqrf/dorgqr %v", c.name, vec, i/r, i%r, q[i], ref[i])
				}
			}
			if first == nil {
				first = q
			} else if !sameBits(first, q) {
				t.Errorf("%s: the AVX2 copies give other bits than the Go copies", c.name)
			}
		}
	}
}
