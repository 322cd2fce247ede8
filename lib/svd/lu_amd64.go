//go:build !purego

package svd

import "golang.org/x/sys/cpu"

// hasAVX2 reports whether this machine runs the AVX2 kernel; useAVX2
// selects it (tests turn it off to check the scalar loop too).
var (
	hasAVX2 = cpu.X86.HasAVX2
	useAVX2 = hasAVX2
)

// tailMasks[r] enables the first r lanes of a four-lane AVX2 vector.
var tailMasks = [5][4]int64{{}, {-1}, {-1, -1}, {-1, -1, -1}, {-1, -1, -1, -1}}

//go:noescape
func luRowsAVX2(x *float64, k int, rows int, u *float64, pivot float64, tail *[4]int64, slots int) (bi int, bv float64)

// luSweepVector is luSweep's main loop (pivot ≠ 0, 1 ≤ n = k−j−1) on rows
// lo…hi−1 by the AVX2 kernel, for n ≤ 16; ok is false, with nothing done,
// where AVX2 is missing or n is larger. The kernel performs the scalar
// loop's operations in its order, so the results agree bit for bit.
func luSweepVector(x []float64, k, j, lo, hi int, pivot float64) (bi int, bv float64, ok bool) {
	n := k - j - 1
	if !useAVX2 || n > 16 {
		return 0, 0, false
	}
	if lo >= hi {
		return -1, -1, true
	}
	_ = x[hi*k-1] // every row read and written is in x
	urow := x[j*k+j+1 : (j+1)*k]
	slots := (n + 3) / 4
	bi, bv = luRowsAVX2(&x[lo*k+j], k, hi-lo, &urow[0], pivot, &tailMasks[n-4*(slots-1)], slots)
	if bi >= 0 {
		bi += lo
	}
	return bi, bv, true
}
