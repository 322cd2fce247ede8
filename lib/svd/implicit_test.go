package svd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// TestProjectTall checks projectTall's two results against the block
// Y = M·X formed explicitly, on both routes: Rᵀ·R = YᵀY within 1e-13,
// Q = Y·R⁻¹ orthonormal (within 1e-12 with the chunks' Householder R, 1e-10
// on the Gram route, whose Cholesky R leaves 1e-16·cond(Y)²), Bᵀ = Mᵀ·Q
// within 1e-12, and the same bits for GOMAXPROCS 1, 2 and 3. 5000 rows with
// l = 3 give one chunk per part and more; 1029×8 a single chunk (fewer
// chunks than parts).
func TestProjectTall(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	type shape struct{ m, n, l int }
	for _, route := range []struct {
		exact  bool
		seed   uint64
		qtol   float64
		shapes []shape
	}{
		{true, 51, 1e-12, []shape{{5000, 37, 3}, {5000, 60, 20}, {1029, 30, 8}, {70000, 50, 12}}},
		{false, 59, 1e-10, []shape{{5000, 37, 3}, {70000, 50, 12}, {1029, 30, 8}}},
	} {
		rnd := rand.New(rand.NewPCG(route.seed, route.seed+1))
		for _, c := range route.shapes {
			name := fmt.Sprintf("exact=%v %d×%d l=%d", route.exact, c.m, c.n, c.l)
			a := fromSparse(randomSparse(rnd, c.m, c.n, 0.2))
			op := &operator{rows: c.m, cols: c.n, sp: a}
			x := make([]float64, c.n*c.l)
			for i := range x {
				x[i] = rnd.NormFloat64()
			}
			var first, firstR []float64
			for _, procs := range []int{1, 2, 3} {
				runtime.GOMAXPROCS(procs)
				var parts []float64
				bt, r, ok := op.projectTall(nil, x, c.l, &parts, route.exact)
				if !ok {
					t.Fatalf("%s: a random block reported as ill-conditioned", name)
				}
				if first == nil {
					first, firstR = bt, r
				} else if !sameBits(first, bt) || !sameBits(firstR, r) {
					t.Fatalf("%s: GOMAXPROCS=%d gives other bits", name, procs)
				}
			}
			y := mat.NewDense(c.m, c.l, op.mulTo(nil, x, c.l))
			rm := mat.NewDense(c.l, c.l, firstR)
			var yty, rtr mat.Dense
			yty.Mul(y.T(), y)
			rtr.Mul(rm.T(), rm)
			big := mat.Norm(&yty, math.Inf(1))
			for i := 0; i < c.l; i++ {
				for j := 0; j < c.l; j++ {
					if d := math.Abs(rtr.At(i, j) - yty.At(i, j)); d > 1e-13*big {
						t.Fatalf("%s: (RᵀR)[%d,%d] = %v, YᵀY has %v", name, i, j, rtr.At(i, j), yty.At(i, j))
					}
				}
			}
			var q mat.Dense
			q.Solve(rm.T(), y.T()) // Rᵀ·Qᵀ = Yᵀ
			var qtq mat.Dense
			qtq.Mul(&q, q.T())
			for i := 0; i < c.l; i++ {
				for j := 0; j < c.l; j++ {
					want := 0.0
					if i == j {
						want = 1
					}
					if d := math.Abs(qtq.At(i, j) - want); d > route.qtol {
						t.Fatalf("%s: (QᵀQ)[%d,%d] = %v, want %v", name, i, j, qtq.At(i, j), want)
					}
				}
			}
			qr := mat.DenseCopyOf(q.T())
			want := op.T().mulTo(nil, qr.RawMatrix().Data, c.l)
			big = 0
			for _, v := range want {
				big = math.Max(big, math.Abs(v))
			}
			for i := range want {
				if math.Abs(first[i]-want[i]) > 1e-12*big {
					t.Fatalf("%s: Bᵀ entry %d = %v, Mᵀ·Q gives %v", name, i, first[i], want[i])
				}
			}
		}
	}
}

// TestProjectTallIllConditioned checks that a block with nearly dependent
// columns is handed back to the explicit route.
func TestProjectTallIllConditioned(t *testing.T) {
	rnd := rand.New(rand.NewPCG(53, 54))
	const m, n, l = 5000, 40, 4
	a := fromSparse(randomSparse(rnd, m, n, 0.2))
	op := &operator{rows: m, cols: n, sp: a}
	x := make([]float64, n*l)
	for i := 0; i < n; i++ {
		v := rnd.NormFloat64()
		for j := 0; j < l; j++ {
			// Columns equal up to 1e-9: cond(M·X) is about 1e9.
			x[i*l+j] = v + 1e-9*float64(j)*rnd.NormFloat64()
		}
	}
	for _, exact := range []bool{true, false} {
		var parts []float64
		if _, _, ok := op.projectTall(nil, x, l, &parts, exact); ok {
			t.Fatalf("exact=%v: a block of condition about 1e9 kept Q implicit", exact)
		}
	}
}

// TestRandomizedImplicitFallback factors a tall sparse matrix whose
// singular values fall by 10⁻¹ per column, so that (M·Mᵀ)²·M·Ω is far too
// ill-conditioned for an implicit Q: the result must still be the
// explicit route's.
func TestRandomizedImplicitFallback(t *testing.T) {
	defer func(v int, f bool) { tsqrRowsForTest, fuseGram = v, f }(tsqrRowsForTest, fuseGram)
	rnd := rand.New(rand.NewPCG(55, 56))
	const m, n = 70000, 30 // over 2²⁰ entries: tall enough for the scatter route
	indptr := []int{0}
	var indices []int
	var data []float64
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			if rnd.Float64() < 0.5 {
				indices = append(indices, j)
				data = append(data, rnd.NormFloat64()*math.Pow(10, -float64(j)/2))
			}
		}
		indptr = append(indptr, len(indices))
	}
	a, err := sparse.NewCSR(m, n, indptr, indices, data)
	if err != nil {
		t.Fatal(err)
	}
	fit := func(iters int) []float64 {
		var r Randomized
		if err := r.Factorize(a, 3, &RandomizedOptions{Iters: iters, Oversamples: 5}); err != nil {
			t.Fatal(err)
		}
		return r.Values(nil)
	}
	tsqrRowsForTest = 1000
	op, err := newOperator(a)
	if err != nil {
		t.Fatal(err)
	}
	var parts []float64
	if !implicitQ(op, 8) {
		t.Fatal("the matrix does not take the implicit route's first step")
	}
	if _, _, ok := op.projectTall(nil, powerGram(op, 8, 2, nprand.New(0), &parts), 8, &parts, true); ok {
		t.Fatal("the range block kept Q implicit; the test needs one that does not")
	}
	// With LU normalisation (4 iterations) the first iteration's M·Ω is
	// already too ill-conditioned for the Gram route's Cholesky factor.
	if _, _, ok := op.projectTall(nil, powerGram(op, 8, 0, nprand.New(0), &parts), 8, &parts, false); ok {
		t.Fatal("M·Ω kept Q implicit on the Gram route; the test needs one that does not")
	}
	for _, iters := range []int{2, 4} {
		tsqrRowsForTest, fuseGram = 1000, true
		got := fit(iters)
		tsqrRowsForTest, fuseGram = math.MaxInt, false
		want := fit(iters)
		for i := range want {
			if d := math.Abs(got[i] - want[i]); d > 1e-12*want[0] {
				t.Fatalf("%d iterations: singular value %d = %v, the explicit route gives %v", iters, i, got[i], want[i])
			}
		}
	}
}

// TestProjectedSVD compares projectedSVD with the SVD of B itself: the
// singular values, and Û and the first k rows of Vᵀ up to each triplet's
// sign; the bits do not depend on GOMAXPROCS. A B whose k-th singular value
// is far below the first is handed back.
func TestProjectedSVD(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rnd := rand.New(rand.NewPCG(57, 58))
	for _, c := range []struct{ n, l, k int }{{200, 5, 3}, {10000, 20, 10}, {70000, 12, 12}} {
		bt := make([]float64, c.n*c.l)
		for i := range bt {
			// Columns of decreasing size: singular values from 1 to about 1e-2.
			bt[i] = rnd.NormFloat64() * math.Pow(0.7, float64(i%c.l))
		}
		runtime.GOMAXPROCS(1)
		uh, s, vt, ok := projectedSVD(bt, c.n, c.l, c.k)
		if !ok {
			t.Fatalf("n=%d l=%d: a well conditioned B handed back", c.n, c.l)
		}
		runtime.GOMAXPROCS(3)
		uh3, s3, vt3, _ := projectedSVD(bt, c.n, c.l, c.k)
		if !sameBits(uh, uh3) || !sameBits(s, s3) || !sameBits(vt, vt3) {
			t.Fatalf("n=%d l=%d: GOMAXPROCS 1 and 3 give other bits", c.n, c.l)
		}
		var sv mat.SVD
		if !sv.Factorize(mat.NewDense(c.n, c.l, bt).T(), mat.SVDThin) {
			t.Fatal("SVD failed")
		}
		want := sv.Values(nil)
		var u, v mat.Dense
		sv.UTo(&u)
		sv.VTo(&v)
		for i := 0; i < c.l; i++ {
			if d := math.Abs(s[i] - want[i]); d > 1e-13*want[0] {
				t.Fatalf("n=%d l=%d: σ%d = %v, the SVD of B gives %v", c.n, c.l, i, s[i], want[i])
			}
		}
		for j := 0; j < c.k; j++ {
			sign := 1.0
			if uh[j]*u.At(0, j) < 0 {
				sign = -1
			}
			for i := 0; i < c.l; i++ {
				if d := math.Abs(sign*uh[i*c.l+j] - u.At(i, j)); d > 1e-12 {
					t.Fatalf("n=%d l=%d: Û[%d,%d] = %v, the SVD of B gives %v", c.n, c.l, i, j, sign*uh[i*c.l+j], u.At(i, j))
				}
			}
			for i := 0; i < c.n; i++ {
				if d := math.Abs(sign*vt[j*c.n+i] - v.At(i, j)); d > 1e-12 {
					t.Fatalf("n=%d l=%d: Vᵀ[%d,%d] = %v, the SVD of B gives %v", c.n, c.l, j, i, sign*vt[j*c.n+i], v.At(i, j))
				}
			}
		}
	}
	// A rank-2 B asked for 3 triplets.
	const n, l = 1000, 6
	bt := make([]float64, n*l)
	for i := 0; i < n; i++ {
		a, b := rnd.NormFloat64(), rnd.NormFloat64()
		for j := 0; j < l; j++ {
			bt[i*l+j] = a*float64(j+1) + b*float64(j*j)
		}
	}
	if _, _, _, ok := projectedSVD(bt, n, l, 3); ok {
		t.Fatal("a rank-2 B asked for 3 triplets was not handed back")
	}
}

// TestCSRMaxAbs checks the parallel scan behind the finiteness check and
// the rescaling, and that checkFinite still names the first bad entry.
func TestCSRMaxAbs(t *testing.T) {
	const m, n = 1000, 300
	for _, c := range []struct {
		name string
		at   int // entry set to v (−1: none)
		v    float64
		want float64
	}{
		{"plain", -1, 0, 7.5},
		{"negative largest", 250000, -9, 9},
		{"inf at the end", m*n - 1, math.Inf(-1), math.Inf(1)},
		{"nan in the middle", 123456, math.NaN(), math.NaN()},
	} {
		indptr := make([]int, m+1)
		indices := make([]int, 0, m*n)
		data := make([]float64, 0, m*n)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				indices = append(indices, j)
				data = append(data, 7.5*float64((i*n+j)%5)/4)
			}
			indptr[i+1] = len(indices)
		}
		if c.at >= 0 {
			data[c.at] = c.v
		}
		a := &csr{rows: m, cols: n, indptr: indptr, indices: indices, data: data}
		got := a.maxAbs()
		if !(got == c.want || math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Fatalf("%s: maxAbs = %v, want %v", c.name, got, c.want)
		}
		err := a.checkFinite()
		if finite := !math.IsInf(c.want, 0) && !math.IsNaN(c.want); finite != (err == nil) {
			t.Fatalf("%s: checkFinite = %v", c.name, err)
		}
		if err != nil && !strings.Contains(err.Error(), fmt.Sprintf("entry %d,%d", c.at/n, c.at%n)) {
			t.Fatalf("%s: %v does not name entry %d,%d", c.name, err, c.at/n, c.at%n)
		}
	}
}

// TestRandomizedTallRankDeficient factors a tall sparse matrix of rank 5
// with k = 3 (blocks of 13 columns, so Y is singular): the implicit route
// must hand every step to the explicit one and give its singular values,
// with no NaN, for unnormalised and LU-normalised iterations.
func TestRandomizedTallRankDeficient(t *testing.T) {
	if testing.Short() {
		t.Skip("a 300000-row matrix: skipped under -short (it runs in the full suite)")
	}
	defer func(v int, f bool) { tsqrRowsForTest, fuseGram = v, f }(tsqrRowsForTest, fuseGram)
	rnd := rand.New(rand.NewPCG(63, 64))
	const m, n = 300000, 50
	indptr := []int{0}
	var indices []int
	var data []float64
	for i := 0; i < m; i++ {
		for j := 0; j < 5; j++ {
			indices = append(indices, j*10)
			data = append(data, 1+rnd.Float64())
		}
		indptr = append(indptr, len(indices))
	}
	a, err := sparse.NewCSR(m, n, indptr, indices, data)
	if err != nil {
		t.Fatal(err)
	}
	for _, iters := range []int{2, 7} {
		fit := func() []float64 {
			var r Randomized
			if err := r.Factorize(a, 3, &RandomizedOptions{Iters: iters}); err != nil {
				t.Fatal(err)
			}
			var u mat.Dense
			r.UTo(&u)
			for _, v := range u.RawMatrix().Data {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("%d iterations: U holds %v", iters, v)
				}
			}
			return r.Values(nil)
		}
		tsqrRowsForTest, fuseGram = tsqrMinRows, true
		got := fit()
		tsqrRowsForTest, fuseGram = math.MaxInt, false
		want := fit()
		for i := range want {
			if d := math.Abs(got[i] - want[i]); d > 1e-10*want[0] {
				t.Fatalf("%d iterations: singular value %d = %v, the explicit route gives %v", iters, i, got[i], want[i])
			}
		}
	}
}
