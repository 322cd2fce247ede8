//go:build !purego

package sparse

import "golang.org/x/sys/cpu"

// hasAVX2 reports whether this machine runs the AVX2 kernel; useAVX2
// selects it (tests turn it off to check the scalar loop too).
var (
	hasAVX2 = cpu.X86.HasAVX2
	useAVX2 = hasAVX2
)

// mask3 enables the first three lanes of a four-lane AVX2 vector: the
// kernel's mask for a last slot of three columns.
var mask3 = [4]int64{-1, -1, -1, 0}

//go:noescape
func mulRowsWideAVX2(dst *float64, ldd int, indptr *int, indices *int, data *float64, b *float64, ldb int, slots int, rows int, rowsB int, pend int) (done int)

//go:noescape
func mulRowsAVX2(dst *float64, ldd int, indptr *int, indices *int, data *float64, b *float64, ldb int, tail *[4]int64, w int, rows int, rowsB int, pend int) (done int)

// mulRowsVector runs MulDenseRows on rows lo…hi−1 (lo < hi, k ≥ 1, dst
// long enough) with the AVX2 kernels (sixteen columns per pass, or 20 to 32
// in one pass of the wide kernel), and returns
// the first row it has not done: hi, or lo where AVX2 is missing or where
// the input is malformed (the scalar loop then redoes the rows and panics
// with the runtime's error). Each lane adds its products in storage order
// with separate roundings, so the results are the scalar loop's bit for bit.
func mulRowsVector(dst []float64, ldd int, indptr, indices []int, data, b []float64, ldb, k, lo, hi int) int {
	if !useAVX2 {
		return lo
	}
	p0, p1 := indptr[lo], indptr[hi]
	if p0 < 0 || p1 <= p0 || p1 > len(indices) || p1 > len(data) {
		return lo
	}
	// Row j of b is whole when j·ldb + k ≤ len(b).
	rowsB := 0
	if len(b) >= k {
		rowsB = (len(b)-k)/ldb + 1
	}
	for t := 0; t < k; {
		// The kernels find row i's entries at indptr[i] from the start of
		// indices and data. Twenty columns or more go through the wide
		// kernel, 20 to 32 of them per pass; the rest sixteen per pass.
		var done int
		if w := k - t; w >= 20 {
			slots := min(w, 32) / 4
			done = mulRowsWideAVX2(&dst[lo*ldd+t], ldd, &indptr[lo], &indices[0], &data[0], &b[t], ldb,
				slots, hi-lo, rowsB, p1)
			t += 4 * slots
		} else {
			w = min(w, 16)
			done = mulRowsAVX2(&dst[lo*ldd+t], ldd, &indptr[lo], &indices[0], &data[0], &b[t], ldb,
				&mask3, w, hi-lo, rowsB, p1)
			t += w
		}
		if done < hi-lo {
			return lo
		}
	}
	return hi
}
