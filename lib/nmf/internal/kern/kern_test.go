package kern

import (
	"math/rand/v2"
	"testing"
)

// TestMulCSRTMatchesMulCSR checks that the scatter and gather products give
// bit-identical results, for several k, serial and parallel.
func TestMulCSRTMatchesMulCSR(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const rows, cols = 300, 1000
	indptr := []int{0}
	var indices []int
	var data []float64
	tcount := make([]int, cols)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			if rng.Float64() < 0.05 {
				indices = append(indices, j)
				data = append(data, rng.NormFloat64())
				tcount[j]++
			}
		}
		indptr = append(indptr, len(data))
	}
	// Transpose.
	tIndptr := make([]int, cols+1)
	for j := 0; j < cols; j++ {
		tIndptr[j+1] = tIndptr[j] + tcount[j]
	}
	next := append([]int(nil), tIndptr[:cols]...)
	tIndices := make([]int, len(indices))
	tData := make([]float64, len(data))
	for i := 0; i < rows; i++ {
		for p := indptr[i]; p < indptr[i+1]; p++ {
			q := next[indices[p]]
			tIndices[q], tData[q] = i, data[p]
			next[indices[p]]++
		}
	}
	for _, k := range []int{1, 2, 3, 5, 6, 7, 8, 11, 20} {
		b := make([]float64, cols*k)
		for i := range b {
			b[i] = rng.NormFloat64()
		}
		want := make([]float64, rows*k)
		for i := 0; i < rows; i++ {
			for p := indptr[i]; p < indptr[i+1]; p++ {
				for c := 0; c < k; c++ {
					want[i*k+c] += float64(data[p] * b[indices[p]*k+c])
				}
			}
		}
		for _, nw := range []int{1, 2, 3} {
			savedWork := SerialWork
			SerialWork = 0
			defer func() { SerialWork = savedWork }()
			saved := Workers
			Workers = func() int { return nw }
			got1 := make([]float64, rows*k)
			got2 := make([]float64, rows*k)
			for i := range got2 {
				got1[i], got2[i] = 1e300, 1e300 // must be overwritten
			}
			MulCSR(got1, indptr, indices, data, b, k)
			MulCSRT(got2, tIndptr, tIndices, tData, b, k, rows)
			Workers = saved
			for i := range want {
				if got1[i] != want[i] || got2[i] != want[i] {
					t.Fatalf("k=%d workers=%d: entry %d: MulCSR %v, MulCSRT %v, naive %v", k, nw, i, got1[i], got2[i], want[i])
				}
			}
		}
	}
}

// TestGramDeterministic checks Gram against a naive sum and across worker
// counts.
func TestGramDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n, k = 5000, 7
	a := make([]float64, n*k)
	for i := range a {
		a[i] = rng.Float64()
	}
	g1 := make([]float64, k*k)
	g2 := make([]float64, k*k)
	saved, savedWork := Workers, SerialWork
	SerialWork = 0
	defer func() { SerialWork = savedWork }()
	Workers = func() int { return 1 }
	Gram(g1, a, n, k)
	Workers = func() int { return 3 }
	Gram(g2, a, n, k)
	Workers = saved
	for r := 0; r < k; r++ {
		for c := 0; c < k; c++ {
			var s float64
			for i := 0; i < n; i++ {
				s += float64(a[i*k+r] * a[i*k+c])
			}
			if g1[r*k+c] != g2[r*k+c] {
				t.Fatalf("(%d,%d): serial %v, parallel %v", r, c, g1[r*k+c], g2[r*k+c])
			}
			if d := g1[r*k+c] - s; d > 1e-9*s || d < -1e-9*s {
				t.Errorf("(%d,%d) = %v, naive %v", r, c, g1[r*k+c], s)
			}
		}
	}
}

// TestMulCSRTParts checks MulCSRT's route for a tall Aᵀ (fixed row ranges
// with partial sums) against the naive sum within 1e-13 of the largest
// entry, and that its bits do not depend on the number of workers.
func TestMulCSRTParts(t *testing.T) {
	defer func(v int) { partsRows = v }(partsRows)
	partsRows = 100
	rng := rand.New(rand.NewPCG(3, 4))
	const rows, cols = 40, 3000 // Aᵀ is 3000×40 with about 30 entries per row of A
	var tIndptr = []int{0}
	var tIndices []int
	var tData []float64
	for j := 0; j < cols; j++ {
		for i := 0; i < rows; i++ {
			if rng.Float64() < 0.25 {
				tIndices = append(tIndices, i)
				tData = append(tData, rng.NormFloat64())
			}
		}
		tIndptr = append(tIndptr, len(tData))
	}
	for _, k := range []int{1, 4, 10, 20} {
		b := make([]float64, cols*k)
		for i := range b {
			b[i] = rng.NormFloat64()
		}
		want := make([]float64, rows*k)
		big := 0.0
		for j := 0; j < cols; j++ {
			for p := tIndptr[j]; p < tIndptr[j+1]; p++ {
				for c := 0; c < k; c++ {
					want[tIndices[p]*k+c] += tData[p] * b[j*k+c]
				}
			}
		}
		for _, v := range want {
			big = max(big, v, -v)
		}
		var first []float64
		for _, nw := range []int{1, 2, 3} {
			saved := Workers
			Workers = func() int { return nw }
			got := make([]float64, rows*k)
			for i := range got {
				got[i] = 1e300 // must be overwritten
			}
			MulCSRT(got, tIndptr, tIndices, tData, b, k, rows)
			Workers = saved
			for i := range want {
				if d := got[i] - want[i]; d > 1e-13*big || d < -1e-13*big {
					t.Fatalf("k=%d workers=%d: entry %d = %v, want %v", k, nw, i, got[i], want[i])
				}
			}
			if first == nil {
				first = got
			} else {
				for i := range got {
					if got[i] != first[i] {
						t.Fatalf("k=%d: workers=%d gives other bits at %d", k, nw, i)
					}
				}
			}
		}
	}
}
