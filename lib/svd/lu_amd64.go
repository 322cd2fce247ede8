//go:build !purego

package svd

import (
	"math"

	"golang.org/x/sys/cpu"
)

// hasAVX2 reports whether this machine runs the AVX2 kernel; useAVX2
// selects it (tests turn it off to check the scalar loop too).
var (
	hasAVX2 = cpu.X86.HasAVX2
	useAVX2 = hasAVX2
)

// tailMasks[r] enables the first r lanes of a four-lane AVX2 vector.
var tailMasks = [5][4]int64{{}, {-1}, {-1, -1}, {-1, -1, -1}, {-1, -1, -1, -1}}

//go:noescape
func toColsAVX2(x *float64, ldx int, xc *float64, m int, groups int, blocks int, tail int, mask *[4]int64)

//go:noescape
func fromColsAVX2(xc *float64, m int, out *float64, r int, perm *int, groups int, blocks int, tail int)

//go:noescape
func luColAVX2(col *float64, stride int, groups int, u *float64, n int, pivot float64, best *[8]float64)

// luColSweep is one column step j of the column-major elimination
// (permutedLCols) on rows lo…hi−1 of the m×k column-major matrix xc:
// multipliers into column j, the update of columns j+1…k−1 by the pivot row
// u = row j of those columns, and the search for the next pivot in column
// j+1. The operations on each row and the choice of the pivot (the first
// row of largest magnitude; a NaN only when it is the first row) are
// luSweep's, so the factors agree with the row-major loop bit for bit. It
// returns the pivot row and its magnitude (−1, −1 when there is no column
// j+1 or no row).
func luColSweep(xc []float64, m, k, j, lo, hi int, u []float64) (int, float64) {
	if lo >= hi {
		return -1, -1
	}
	pivot := xc[j*m+j]
	n := k - j - 1
	if pivot == 0 {
		// No multipliers, no update; only the search, as luSweep does.
		if n == 0 {
			return -1, -1
		}
		bi, bv := -1, -1.0
		next := xc[(j+1)*m : (j+2)*m]
		for i := lo; i < hi; i++ {
			if v := math.Abs(next[i]); v > bv || math.IsNaN(v) && bi < 0 {
				bi, bv = i, v
			}
		}
		return bi, bv
	}
	_ = xc[(k-1)*m+hi-1] // every entry the kernel touches is in xc
	groups := (hi - lo) / 4
	var best [8]float64
	if groups > 0 {
		var up *float64
		if n > 0 {
			up = &u[0]
		}
		luColAVX2(&xc[j*m+lo], m*8, groups, up, n, pivot, &best)
	}
	bi, bv := -1, -1.0
	if n > 0 && groups > 0 {
		for lane := 0; lane < 4; lane++ {
			if best[4+lane] < 0 {
				continue
			}
			i := lo + int(best[4+lane])
			if v := best[lane]; v > bv || v == bv && i < bi {
				bi, bv = i, v
			}
		}
	}
	// The last rows, fewer than four, one at a time in the kernel's order.
	for i := lo + 4*groups; i < hi; i++ {
		l := xc[j*m+i] / pivot
		xc[j*m+i] = l
		if l != 0 {
			for c := 0; c < n; c++ {
				xc[(j+1+c)*m+i] -= l * u[c]
			}
		}
		if n > 0 {
			if v := math.Abs(xc[(j+1)*m+i]); v > bv {
				bi, bv = i, v
			}
		}
	}
	if n > 0 && math.IsNaN(xc[(j+1)*m+lo]) {
		// luSweep takes the first row whatever it holds, and nothing beats
		// a NaN.
		return lo, math.NaN()
	}
	return bi, bv
}

// permutedLCols is permutedLWorkers with the elimination done on a
// column-major copy of x by the AVX2 kernel: a column step reads and writes
// only the columns it changes, each a contiguous run, where the row-major
// sweep moves whole cache lines of every row. The operations on every entry
// and the pivots are the row-major loop's, so P·L is the same bits. x is
// left as it was.
func permutedLCols(x []float64, m, k int, out []float64, workers int) []float64 {
	r := min(m, k)
	xc := colBuf(m * k)
	defer colPool.Put(&xc)
	_ = x[m*k-1] // the kernels read whole rows of x
	toColMajor(xc, x, m, k, workers)
	perm := identityPerm(m)
	defer permPool.Put(&perm)
	// First pivot: column 0 of xc is an m×1 row-major block.
	piv := argmaxCol(xc, m, 1, 0, 0, m)
	u := make([]float64, k)
	for j := 0; j < r; j++ {
		if p := piv; p != j {
			for c := 0; c < k; c++ {
				xc[c*m+j], xc[c*m+p] = xc[c*m+p], xc[c*m+j]
			}
			perm[j], perm[p] = perm[p], perm[j]
		}
		n := k - j - 1
		for c := 0; c < n; c++ {
			u[c] = xc[(j+1+c)*m+j]
		}
		bi := sweepRows(j+1, m, workers, func(a, b int) (int, float64) { return luColSweep(xc, m, k, j, a, b, u[:n]) })
		piv = j + 1
		if bi >= 0 && j+1 < r {
			piv = bi
		}
	}
	if len(out) < m*r {
		out = make([]float64, m*r)
	}
	out = out[:m*r]
	// Rows above r hold the unit diagonal and zeros beyond it.
	for i := range r {
		dst := out[perm[i]*r : (perm[i]+1)*r]
		for c := range i {
			dst[c] = xc[c*m+i]
		}
		dst[i] = 1
		clear(dst[i+1:])
	}
	fromColMajor(out, xc, m, r, perm, r, m, workers)
	return out
}

// toColsVector copies rows lo… of the row-major m×k matrix x into the
// column-major xc four at a time, transposed in registers, and returns the
// first row it has not copied (lo where AVX2 is missing).
func toColsVector(xc, x []float64, m, k, lo, hi int) int {
	groups := (hi - lo) / 4
	if !useAVX2 || groups == 0 || k == 0 {
		return lo
	}
	_, _ = x[hi*k-1], xc[(k-1)*m+hi-1]
	toColsAVX2(&x[lo*k], k, &xc[lo], m, groups, k/4, k%4, &tailMasks[k%4])
	return lo + 4*groups
}

// fromColsVector copies rows lo… of the column-major m×r matrix xc into the
// row-major out, row i to row perm[i], four at a time, and returns the
// first row it has not copied (lo where AVX2 is missing).
func fromColsVector(out, xc []float64, m, r int, perm []int, lo, hi int) int {
	groups := (hi - lo) / 4
	if !useAVX2 || groups == 0 || r == 0 {
		return lo
	}
	_ = xc[(r-1)*m+hi-1]
	for _, p := range perm[lo : lo+4*groups] {
		_ = out[p*r+r-1] // the kernel writes whole rows of out
	}
	fromColsAVX2(&xc[lo], m, &out[0], r, &perm[lo], groups, r/4, r%4)
	return lo + 4*groups
}
