package sparse

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// axpyRows is the reference for MulDenseRows: rows of dst zeroed, then one
// axpy per stored entry in storage order.
func axpyRows(dst []float64, ldd int, indptr, indices []int, data, b []float64, ldb, k, lo, hi int) {
	for i := lo; i < hi; i++ {
		row := dst[i*ldd : i*ldd+k]
		clear(row)
		for p := indptr[i]; p < indptr[i+1]; p++ {
			for t := range row {
				row[t] += data[p] * b[indices[p]*ldb+t]
			}
		}
	}
}

// TestMulDenseRowsMatchesAxpy checks that MulDenseRows gives bit for bit the
// sums of the plain axpy loop for every width (one to three groups of eight
// and every tail of one to seven), with strides wider than k, writes only
// the first k entries of rows lo…hi−1, and ignores what dst held.
func TestMulDenseRowsMatchesAxpy(t *testing.T) {
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
	for k := 0; k <= 25; k++ {
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
