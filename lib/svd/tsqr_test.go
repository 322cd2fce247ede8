package svd

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// TestTSQR checks tsqrQ against dgeqrf/dorgqr on the whole block: each
// column equal to LAPACK's up to its sign within 1e-12 (the bases agree to
// rounding, not in the signs; past a zero column the basis is not unique),
// the columns of the block in Q's range and QᵀQ = I within 1e-13, the same bits for
// GOMAXPROCS 1, 2 and 5, for a Gaussian block, one with a zero column,
// one whose columns differ in scale by 10¹⁰, and heights that do and do not
// divide into whole chunks.
func TestTSQR(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rnd := rand.New(rand.NewPCG(43, 44))
	for _, c := range []struct {
		name string
		m, k int
	}{
		{"gauss", 3 * tsqrChunk(12), 12},
		{"gauss, a shorter last chunk", 5*tsqrChunk(20) + 777, 20},
		{"zero column", 4*tsqrChunk(7) + 3, 7},
		{"scaled", 2*tsqrChunk(5) + 11, 5},
		{"one chunk", 9, 1},
	} {
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
				src[i*c.k+1] *= 1e10
				src[i*c.k+2] *= 1e-10
			}
		}
		ref := append([]float64(nil), src...)
		tau := make([]float64, c.k)
		work := make([]float64, 64*c.k)
		lapackImpl.Dgeqrf(c.m, c.k, ref, c.k, tau, work, len(work))
		lapackImpl.Dorgqr(c.m, c.k, c.k, ref, c.k, tau, work, len(work))
		var first []float64
		for _, procs := range []int{1, 2, 5} {
			runtime.GOMAXPROCS(procs)
			q := tsqrQ(append([]float64(nil), src...), c.m, c.k)
			if first == nil {
				first = q
			} else if !sameBits(first, q) {
				t.Fatalf("%s: GOMAXPROCS=%d gives other bits than GOMAXPROCS=1", c.name, procs)
			}
		}
		q := first
		for j := 0; j < c.k; j++ {
			sign := 1.0
			if q[j]*ref[j] < 0 || (q[j] == 0 && q[c.k+j]*ref[c.k+j] < 0) {
				sign = -1
			}
			if c.name == "zero column" && j >= 3 {
				// From the zero column on, the basis is not unique (any
				// unit vector orthogonal to the first three can come
				// next); the projection check below covers it.
				break
			}
			for i := 0; i < c.m; i++ {
				if d := math.Abs(sign*q[i*c.k+j] - ref[i*c.k+j]); d > 1e-12 {
					t.Fatalf("%s: Q[%d,%d] = %v, LAPACK's %v (sign %v)", c.name, i, j, q[i*c.k+j], ref[i*c.k+j], sign)
				}
			}
		}
		// The columns of src are in the range of Q: ‖x − Q·Qᵀ·x‖ ≤ 1e-13·‖x‖.
		for j := 0; j < c.k; j++ {
			p := make([]float64, c.k)
			var norm float64
			for i := 0; i < c.m; i++ {
				v := src[i*c.k+j]
				norm += v * v
				for l := range p {
					p[l] += q[i*c.k+l] * v
				}
			}
			var res float64
			for i := 0; i < c.m; i++ {
				d := src[i*c.k+j]
				for l, v := range p {
					d -= q[i*c.k+l] * v
				}
				res += d * d
			}
			if math.Sqrt(res) > 1e-13*math.Sqrt(norm) {
				t.Fatalf("%s: column %d is %.3g out of the range of Q (relative)", c.name, j, math.Sqrt(res/norm))
			}
		}
		for a := 0; a < c.k; a++ {
			for b := 0; b < c.k; b++ {
				var s float64
				for i := 0; i < c.m; i++ {
					s += q[i*c.k+a] * q[i*c.k+b]
				}
				want := 0.0
				if a == b {
					want = 1
				}
				if math.Abs(s-want) > 1e-13 {
					t.Fatalf("%s: (QᵀQ)[%d,%d] = %v, want %v", c.name, a, b, s, want)
				}
			}
		}
	}
}

// TestRandomizedTall checks that a sparse matrix tall enough for the
// chunked QR and the fused power iterations (300000×400, about 3·10⁶
// non-zeros, Zipf-like columns) gets the singular values, U and Vᵀ that
// thinQ and the separate products give, within 1e-11 relative, and bits
// that do not depend on GOMAXPROCS.
func TestRandomizedTall(t *testing.T) {
	if testing.Short() {
		t.Skip("a 300000-row matrix: skipped under -short (it runs in the full suite)")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	const m, n = 300000, 400
	rnd := nprand.New(7)
	indptr := make([]int, m+1)
	var indices []int
	var data []float64
	for i := 0; i < m; i++ {
		seen := map[int]bool{}
		for d := 0; d < 10; d++ {
			j := int(float64(n) * math.Pow(rnd.Float64(), 3))
			if !seen[j] {
				seen[j] = true
			}
		}
		for j := 0; j < n; j++ {
			if seen[j] {
				indices = append(indices, j)
				data = append(data, float64(1+i%4))
			}
		}
		indptr[i+1] = len(indices)
	}
	a, err := sparse.NewCSR(m, n, indptr, indices, data)
	if err != nil {
		t.Fatal(err)
	}
	// Two unnormalised iterations (one pass over M each), and LU and QR
	// normalised ones (the row side normalised implicitly, powerTall).
	for _, opts := range []*RandomizedOptions{{Iters: 2}, {Iters: 5}, {Iters: 3, Normalizer: NormQR}} {
		fit := func() (s []float64, u, vt []float64) {
			var r Randomized
			if err := r.Factorize(a, 10, opts); err != nil {
				t.Fatal(err)
			}
			return r.Values(nil), r.u.RawMatrix().Data, r.vt.RawMatrix().Data
		}
		runtime.GOMAXPROCS(1)
		s1, u1, vt1 := fit()
		runtime.GOMAXPROCS(2)
		s2, u2, vt2 := fit()
		if !sameBits(s1, s2) || !sameBits(u1, u2) || !sameBits(vt1, vt2) {
			t.Fatalf("%+v: GOMAXPROCS 1 and 2 give other bits", *opts)
		}
		// The reference: the same factorization with the QR on the whole
		// block and the power iterations as two products each.
		savedRows, savedFuse := tsqrRowsForTest, fuseGram
		tsqrRowsForTest, fuseGram = math.MaxInt, false
		s0, u0, vt0 := fit()
		tsqrRowsForTest, fuseGram = savedRows, savedFuse
		for _, c := range []struct {
			name      string
			got, want []float64
		}{{"singular values", s1, s0}, {"U", u1, u0}, {"Vᵀ", vt1, vt0}} {
			for i := range c.want {
				if d := math.Abs(c.got[i] - c.want[i]); d > 1e-11*math.Abs(s0[0]) && d > 1e-11*math.Abs(c.want[i]) {
					if c.name != "singular values" && d < 1e-9 {
						continue
					}
					t.Fatalf("%+v: %s[%d] = %v, the whole-block QR gives %v", *opts, c.name, i, c.got[i], c.want[i])
				}
			}
		}
	}
}

// TestGramMul checks Mᵀ·(M·X) in one pass against the two products of the
// operator (op.mulTo, then the scatter of op.T()): every entry within
// 1e-13 of the largest, the same bits for GOMAXPROCS 1, 2 and 3, out and x
// the same slice allowed, on a tall matrix with empty rows, fewer rows than
// parts and blocks, and k from 1 to 9.
func TestGramMul(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rnd := rand.New(rand.NewPCG(45, 46))
	for _, c := range []struct{ m, n int }{{5000, 37}, {3, 5}, {1029, 8}} {
		a := fromSparse(randomSparse(rnd, c.m, c.n, 0.2))
		op := &operator{rows: c.m, cols: c.n, sp: a}
		for k := 1; k <= 9; k++ {
			x := make([]float64, c.n*k)
			for i := range x {
				x[i] = rnd.NormFloat64()
			}
			y := op.mulTo(nil, x, k)
			want := op.T().mulTo(nil, y, k)
			var first []float64
			for _, procs := range []int{1, 2, 3} {
				runtime.GOMAXPROCS(procs)
				var parts []float64
				got := op.gramMulTo(nil, x, k, &parts)
				if first == nil {
					first = got
				} else if !sameBits(first, got) {
					t.Fatalf("%d×%d k=%d: GOMAXPROCS=%d gives other bits", c.m, c.n, k, procs)
				}
			}
			big := 0.0
			for _, v := range want {
				big = math.Max(big, math.Abs(v))
			}
			for i := range want {
				if math.Abs(first[i]-want[i]) > 1e-13*big {
					t.Fatalf("%d×%d k=%d: entry %d = %v, the two products give %v", c.m, c.n, k, i, first[i], want[i])
				}
			}
			// In place: out is x.
			xx := append([]float64(nil), x...)
			var parts []float64
			if got := op.gramMulTo(xx, xx, k, &parts); !sameBits(got, first) {
				t.Fatalf("%d×%d k=%d: with out = x the result differs", c.m, c.n, k)
			}
		}
	}
}

// randomSparse is an r×c CSR matrix with about density·r·c entries and
// every fifth row empty.
func randomSparse(rnd *rand.Rand, r, c int, density float64) *sparse.CSR {
	indptr := make([]int, r+1)
	var indices []int
	var data []float64
	for i := 0; i < r; i++ {
		if i%5 != 4 {
			for j := 0; j < c; j++ {
				if rnd.Float64() < density {
					indices = append(indices, j)
					data = append(data, rnd.NormFloat64())
				}
			}
		}
		indptr[i+1] = len(indices)
	}
	a, err := sparse.NewCSR(r, c, indptr, indices, data)
	if err != nil {
		panic(err)
	}
	return a
}

// TestScatterParts checks Mᵀ·W by fixed row ranges against the gather
// through the transpose (within 1e-13 of the largest entry), its bits
// across GOMAXPROCS, and that it declines when the partial sums would
// outnumber the entries.
func TestScatterParts(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rnd := rand.New(rand.NewPCG(47, 48))
	a := fromSparse(randomSparse(rnd, 20000, 50, 0.3))
	at := a.transpose()
	for _, k := range []int{1, 7, 20} {
		w := make([]float64, a.rows*k)
		for i := range w {
			w[i] = rnd.NormFloat64()
		}
		want := make([]float64, a.cols*k)
		sparseMulTo(at, want, k, w, k)
		big := 0.0
		for _, v := range want {
			big = math.Max(big, math.Abs(v))
		}
		var first []float64
		for _, procs := range []int{1, 2, 3} {
			runtime.GOMAXPROCS(procs)
			got := make([]float64, a.cols*k)
			var parts []float64
			if !scatterParts(a, got, w, k, &parts) {
				t.Fatalf("k=%d: declined a matrix with %d entries", k, len(a.data))
			}
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-13*big {
					t.Fatalf("k=%d GOMAXPROCS=%d: entry %d = %v, the gather gives %v", k, procs, i, got[i], want[i])
				}
			}
			if first == nil {
				first = got
			} else if !sameBits(first, got) {
				t.Fatalf("k=%d: GOMAXPROCS=%d gives other bits", k, procs)
			}
		}
	}
	small := fromSparse(randomSparse(rnd, 100, 50, 0.1))
	if scatterParts(small, make([]float64, 50*20), make([]float64, 100*20), 20, new([]float64)) {
		t.Fatal("accepted partial sums larger than the matrix")
	}
}
