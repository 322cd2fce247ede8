package sparse

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestScatterRowMatchesTranspose checks that ScatterRow, called for every
// row of A in order, gives bit for bit Aᵀ·W as MulDenseRows gathers it
// through the explicit transpose, for every width from 1 to 23 (full
// vectors and every masked tail), with a stride wider than the row, and
// that it touches nothing past column k of any row of out.
func TestScatterRowMatchesTranspose(t *testing.T) {
	forEachKernel(t, func(t *testing.T) {
		const sentinel = 77
		rnd := rand.New(rand.NewPCG(5, 6))
		const rows, cols = 41, 29
		a := randomCSR(rnd, rows, cols, 0.3)
		at := a.Transpose()
		ip, ix, dt := at.Raw()
		for k := 1; k <= 23; k++ {
			ldo := k + 3
			w := make([]float64, rows*k)
			for i := range w {
				w[i] = rnd.NormFloat64() * math.Ldexp(1, rnd.IntN(20)-10)
			}
			got := make([]float64, cols*ldo)
			for j := 0; j < cols; j++ {
				for c := k; c < ldo; c++ {
					got[j*ldo+c] = sentinel
				}
			}
			aip, aix, adt := a.Raw()
			for i := 0; i < rows; i++ {
				ScatterRow(got, ldo, aix[aip[i]:aip[i+1]], adt[aip[i]:aip[i+1]], w[i*k:(i+1)*k])
			}
			want := make([]float64, cols*ldo)
			MulDenseRows(want, ldo, ip, ix, dt, w, k, k, 0, cols)
			for j := 0; j < cols; j++ {
				for c := 0; c < ldo; c++ {
					g := got[j*ldo+c]
					if c >= k {
						if g != sentinel {
							t.Fatalf("k=%d: out[%d, %d] = %v was written (past the row)", k, j, c, g)
						}
						continue
					}
					if math.Float64bits(g) != math.Float64bits(want[j*ldo+c]) {
						t.Fatalf("k=%d: out[%d, %d] = %v, the gather gives %v", k, j, c, g, want[j*ldo+c])
					}
				}
			}
		}
	})
}

// randomCSR is an r×c matrix with about density·r·c entries (some rows
// empty), values of mixed magnitudes.
func randomCSR(rnd *rand.Rand, r, c int, density float64) *CSR {
	indptr := make([]int, r+1)
	var indices []int
	var data []float64
	for i := 0; i < r; i++ {
		if i%7 != 3 {
			for j := 0; j < c; j++ {
				if rnd.Float64() < density {
					indices = append(indices, j)
					data = append(data, rnd.NormFloat64()*math.Ldexp(1, rnd.IntN(30)-15))
				}
			}
		}
		indptr[i+1] = len(indices)
	}
	m, err := NewCSR(r, c, indptr, indices, data)
	if err != nil {
		panic(err)
	}
	return m
}

// TestScatterRowBadIndex checks that an index outside out, negative or
// past its last whole row, panics with the runtime's index error in both
// kernels after the entries before it are added, never writing outside out.
func TestScatterRowBadIndex(t *testing.T) {
	forEachKernel(t, func(t *testing.T) {
		for _, bad := range []int{-1, 3, 1 << 40} {
			out := make([]float64, 3*5+2) // three whole rows of 5 (stride 5) and 2 spare
			w := []float64{1, 2, 3, 4, 5}
			func() {
				defer func() {
					r := recover()
					if r == nil {
						t.Fatalf("index %d: no panic", bad)
					}
					if !strings.Contains(toString(r), "out of range") {
						t.Fatalf("index %d: panic %v, want the runtime's index error", bad, r)
					}
				}()
				ScatterRow(out, 5, []int{0, bad, 1}, []float64{2, 3, 4}, w)
			}()
			if out[0] != 2 || out[4] != 10 || out[5] != 0 {
				t.Fatalf("index %d: out = %v, want row 0 done and row 1 untouched", bad, out)
			}
		}
	})
}

func toString(v any) string {
	if e, ok := v.(error); ok {
		return e.Error()
	}
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// TestScatterRowAhead checks that the indices past len(idx) within its
// capacity, which the AVX2 kernel reads as prefetch hints, change nothing,
// whatever they hold: rows out of range, negative or huge.
func TestScatterRowAhead(t *testing.T) {
	forEachKernel(t, func(t *testing.T) {
		rnd := rand.New(rand.NewPCG(61, 62))
		const rows, k = 50, 7
		for _, n := range []int{1, 5, 17, 40} {
			idx := rnd.Perm(rows)[:n]
			val := make([]float64, n)
			w := make([]float64, k)
			for i := range val {
				val[i] = rnd.NormFloat64()
			}
			for i := range w {
				w[i] = rnd.NormFloat64()
			}
			want := make([]float64, rows*k)
			ScatterRow(want, k, idx[:n:n], val, w)
			for _, junk := range []int{-1 << 40, -1, rows, 1 << 50} {
				long := append(append([]int(nil), idx...), make([]int, 40)...)
				for i := n; i < len(long); i++ {
					long[i] = junk
				}
				got := make([]float64, rows*k)
				ScatterRow(got, k, long[:n], val, w)
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("n=%d, hints %d: entry %d = %v, want %v", n, junk, i, got[i], want[i])
					}
				}
			}
		}
	})
}
