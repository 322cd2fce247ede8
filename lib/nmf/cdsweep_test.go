package nmf

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/fastai-go/topicmodel/lib/nmf/internal/kern"
)

// TestCDSweepKernels checks that the AVX2 sweep (four rows per vector)
// gives the Go loops' W and projected gradients bit for bit: for k from 1
// to 20, row counts that leave one to three rows over, zero entries (the
// projected gradient), a zero diagonal in the Gram matrix (no step), a NaN
// one (a step), steps that go negative (clipped to +0), −0 entries and a NaN.
func TestCDSweepKernels(t *testing.T) {
	if !kern.HasAVX2 {
		t.Skip("no AVX2 kernel on this machine: the Go loops are the only ones")
	}
	defer func(v bool) { kern.UseAVX2 = v }(kern.UseAVX2)
	rnd := rand.New(rand.NewPCG(51, 52))
	for _, k := range []int{1, 2, 3, 5, 8, 13, 20} {
		for _, rows := range []int{3, 9, 258, 1031} {
			a := make([]float64, rows*k)
			xb := make([]float64, rows*k)
			for i := range a {
				switch rnd.IntN(8) {
				case 0:
					a[i] = 0
				case 1:
					a[i] = math.Copysign(0, -1)
				default:
					a[i] = rnd.Float64() * 2
				}
				xb[i] = rnd.NormFloat64() * 3
			}
			if rows > 5 {
				a[5*k] = math.NaN()
			}
			// A Gram matrix BᵀB, with one zero row and column when k > 2.
			b := make([]float64, 3*k*k)
			for i := range b {
				b[i] = rnd.NormFloat64()
			}
			g := make([]float64, k*k)
			for i := 0; i < k; i++ {
				for j := 0; j < k; j++ {
					for r := 0; r < 3*k; r++ {
						g[i*k+j] += float64(b[r*k+i] * b[r*k+j])
					}
				}
			}
			if k > 2 {
				for j := 0; j < k; j++ {
					g[1*k+j], g[j*k+1] = 0, 0
				}
			}
			if k > 2 && rows == 258 {
				g[k*k-1] = math.NaN() // a NaN diagonal still steps
			}
			perm := rnd.Perm(k)
			var ws, pgs [2][]float64
			for v, vec := range []bool{false, true} {
				kern.UseAVX2 = vec
				w := append([]float64(nil), a...)
				pg := make([]float64, k*rows)
				cdSweep(w, xb, g, perm, pg, rows, k)
				ws[v], pgs[v] = w, pg
			}
			for i := range ws[0] {
				if !sameFloat(ws[0][i], ws[1][i]) {
					t.Fatalf("k=%d rows=%d: W[%d,%d] = %v with AVX2, %v without", k, rows, i/k, i%k, ws[1][i], ws[0][i])
				}
			}
			for i := range pgs[0] {
				if !sameFloat(pgs[0][i], pgs[1][i]) {
					t.Fatalf("k=%d rows=%d: pg[%d] = %v with AVX2, %v without", k, rows, i, pgs[1][i], pgs[0][i])
				}
			}
		}
	}
}

// sameFloat reports whether a and b have the same bits, or are both NaN.
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}
