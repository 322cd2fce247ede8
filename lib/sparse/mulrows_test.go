package sparse

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// axpyRows is the reference for MulDenseRows: rows of dst zeroed, then one
// axpy per stored entry in storage order, each product rounded before it is
// added (float64(): no fused multiply-add, as in the kernel).
func axpyRows(dst []float64, ldd int, indptr, indices []int, data, b []float64, ldb, k, lo, hi int) {
	for i := lo; i < hi; i++ {
		row := dst[i*ldd : i*ldd+k]
		clear(row)
		for p := indptr[i]; p < indptr[i+1]; p++ {
			for t := range row {
				row[t] += float64(data[p] * b[indices[p]*ldb+t])
			}
		}
	}
}

// TestMulDenseRowsMatchesAxpy checks that MulDenseRows gives bit for bit the
// sums of the plain axpy loop for every width up to 25 and wider ones that
// take the wide kernel (20 to 32 columns a pass) and then the narrow one
// (one to three groups of eight
// and every tail of one to seven), with strides wider than k, writes only
// the first k entries of rows lo…hi−1, and ignores what dst held.
func TestMulDenseRowsMatchesAxpy(t *testing.T) {
	forEachKernel(t, testMulDenseRowsMatchesAxpy)
}

// forEachKernel runs test with the scalar loop, then with the AVX2 kernel
// where this machine has one.
func forEachKernel(t *testing.T, test func(t *testing.T)) {
	t.Helper()
	kernels := []bool{false}
	if hasAVX2 {
		kernels = append(kernels, true)
	}
	defer func(v bool) { useAVX2 = v }(useAVX2)
	for _, vec := range kernels {
		useAVX2 = vec
		name := "scalar"
		if vec {
			name = "avx2"
		}
		t.Run(name, test)
	}
}

func testMulDenseRowsMatchesAxpy(t *testing.T) {
	const sentinel = 99
	rnd := rand.New(rand.NewPCG(3, 4))
	const rows, cols = 37, 23
	indptr := make([]int, rows+1)
	var indices []int
	var data []float64
	for i := 0; i < rows; i++ {
		if i%6 == 5 {
			indptr[i+1] = len(data) // an empty row
			continue
		}
		for j := 0; j < cols; j++ {
			if rnd.Float64() < 0.3 {
				indices = append(indices, j)
				data = append(data, rnd.NormFloat64())
			}
		}
		indptr[i+1] = len(data)
	}
	widths := []int{28, 30, 32, 33, 36, 40, 47, 52, 64}
	for k := 0; k <= 25; k++ {
		widths = append(widths, k)
	}
	for _, k := range widths {
		ldb, ldd := k+1, k+2
		b := make([]float64, cols*ldb)
		for i := range b {
			b[i] = rnd.NormFloat64()
		}
		want := make([]float64, rows*ldd)
		for i := range want {
			want[i] = sentinel
		}
		axpyRows(want, ldd, indptr, indices, data, b, ldb, k, 0, rows)
		for _, split := range [][]int{{0, rows}, {0, 1, 12, 13, rows}} {
			got := make([]float64, rows*ldd)
			for i := range got {
				got[i] = sentinel
			}
			for c := 0; c+1 < len(split); c++ {
				for i := split[c] * ldd; i < split[c+1]*ldd; i++ {
					if i%ldd < k {
						got[i] = math.NaN() // an entry left unwritten fails
					}
				}
				MulDenseRows(got, ldd, indptr, indices, data, b, ldb, k, split[c], split[c+1])
			}
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("k=%d split %v: entry %d,%d = %v, want %v (bit for bit)", k, split, i/ldd, i%ldd, got[i], want[i])
				}
			}
		}
		// A sub-range leaves the other rows alone.
		got := make([]float64, rows*ldd)
		for i := range got {
			got[i] = sentinel
		}
		MulDenseRows(got, ldd, indptr, indices, data, b, ldb, k, 10, 20)
		for i := range got {
			w := float64(sentinel)
			if r := i / ldd; r >= 10 && r < 20 {
				w = want[i]
			}
			if math.Float64bits(got[i]) != math.Float64bits(w) {
				t.Fatalf("k=%d rows 10…19: entry %d,%d = %v, want %v", k, i/ldd, i%ldd, got[i], w)
			}
		}
	}
}

func TestMulDenseRowsPanics(t *testing.T) {
	forEachKernel(t, testMulDenseRowsPanics)
}

func testMulDenseRowsPanics(t *testing.T) {
	indptr := []int{0, 1, 2}
	indices := []int{0, 1}
	data := []float64{1, 2}
	b := make([]float64, 2*3)
	for _, c := range []struct {
		name      string
		dst       []float64
		ldd, ldb  int
		k, lo, hi int
		want      string
	}{
		{"hi past the last row", make([]float64, 9), 3, 3, 3, 0, 3, "row range"},
		{"negative lo", make([]float64, 9), 3, 3, 3, -1, 1, "row range"},
		{"lo after hi", make([]float64, 9), 3, 3, 3, 2, 1, "row range"},
		{"ldd < k", make([]float64, 9), 2, 3, 3, 0, 2, "stride"},
		{"ldb < k", make([]float64, 9), 3, 2, 3, 0, 2, "stride"},
		{"negative k", make([]float64, 9), 3, 3, -1, 0, 2, "stride"},
		{"short dst", make([]float64, 5), 3, 3, 3, 0, 2, "too short"},
	} {
		func() {
			defer func() {
				r := recover()
				if s, ok := r.(string); !ok || !strings.Contains(s, c.want) {
					t.Errorf("%s: panic %v, want one mentioning %q", c.name, r, c.want)
				}
			}()
			MulDenseRows(c.dst, c.ldd, indptr, indices, data, b, c.ldb, c.k, c.lo, c.hi)
		}()
	}
}

// TestMulDenseRowsSpecialValues checks signed zeros, infinities and NaNs
// against the axpy loop (bit for bit, any NaN for a NaN) with every kernel.
func TestMulDenseRowsSpecialValues(t *testing.T) {
	forEachKernel(t, func(t *testing.T) {
		inf, nan := math.Inf(1), math.NaN()
		negz := math.Copysign(0, -1)
		// Row 0: −0·x terms only (the sum of −0 products from +0 is +0);
		// row 1: Inf and −Inf columns meet; row 2: a NaN entry; row 3: an
		// entry 0 against Inf in b.
		indptr := []int{0, 2, 4, 5, 6}
		indices := []int{0, 1, 1, 2, 0, 2}
		data := []float64{negz, negz, 1, 1, nan, 0}
		const k = 19
		b := make([]float64, 3*k)
		for i := range b {
			b[i] = float64(i%7) - 3
		}
		b[1*k+2], b[2*k+2] = inf, -inf // row 1, column 2: Inf + −Inf
		b[2*k+5] = inf                 // row 3, column 5: 0·Inf
		b[0*k+4] = negz
		want := make([]float64, 4*k)
		axpyRows(want, k, indptr, indices, data, b, k, k, 0, 4)
		got := make([]float64, 4*k)
		MulDenseRows(got, k, indptr, indices, data, b, k, k, 0, 4)
		for i := range got {
			g, w := got[i], want[i]
			if math.IsNaN(w) && math.IsNaN(g) {
				continue
			}
			if math.Float64bits(g) != math.Float64bits(w) {
				t.Errorf("entry %d,%d = %v, want %v (bit for bit)", i/k, i%k, g, w)
			}
		}
		if !math.IsNaN(got[1*k+2]) || !math.IsNaN(got[3*k+5]) || !math.IsNaN(got[2*k]) {
			t.Errorf("Inf−Inf, 0·Inf or a NaN entry did not give NaN: %v %v %v", got[1*k+2], got[3*k+5], got[2*k])
		}
	})
}

// TestMulDenseRowsMalformed checks that malformed raw slices give the
// runtime's index error with every kernel, never an out-of-bounds read.
func TestMulDenseRowsMalformed(t *testing.T) {
	forEachKernel(t, func(t *testing.T) {
		const k = 6
		b := make([]float64, 3*k) // rows 0…2 of b
		for _, c := range []struct {
			name    string
			indptr  []int
			indices []int
		}{
			{"index past the rows of b", []int{0, 1, 3}, []int{0, 1, 3}},
			{"negative index", []int{0, 2, 3}, []int{0, -1, 2}},
			{"indptr decreasing", []int{0, 3, 1}, []int{0, 1, 2}},
			{"indptr past indices", []int{0, 1, 9}, []int{0, 1, 2}},
			{"negative indptr", []int{-1, 1, 2}, []int{0, 1, 2}},
		} {
			func() {
				defer func() {
					if r := recover(); r == nil {
						t.Errorf("%s: no panic", c.name)
					} else if _, ok := r.(error); !ok {
						t.Errorf("%s: panic %v, want the runtime's index error", c.name, r)
					}
				}()
				data := make([]float64, len(c.indices))
				dst := make([]float64, 2*k)
				MulDenseRows(dst, k, c.indptr, c.indices, data, b, k, k, 0, 2)
			}()
		}
	})
}
