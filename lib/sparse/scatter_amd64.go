//go:build !purego

package sparse

// scatterMasks[r] enables the first r lanes of a four-lane AVX2 vector.
var scatterMasks = [4][4]int64{{}, {-1}, {-1, -1}, {-1, -1, -1}}

//go:noescape
func scatterRowAVX2(out *float64, ldo int, rowsOut int, idx *int, val *float64, n int, w *float64, k int, mask *[4]int64, ahead int) (done int)

// scatterVector runs ScatterRow's entries with the AVX2 kernel and returns
// how many it did: all of them, none where AVX2 is missing, or those before
// the first index outside the rows out holds (the Go loop then panics on it
// with the runtime's error).
func scatterVector(out []float64, ldo int, idx []int, val []float64, w []float64) int {
	if !useAVX2 {
		return 0
	}
	k := len(w)
	rows := 0
	if len(out) >= k {
		rows = (len(out)-k)/ldo + 1
	}
	return scatterRowAVX2(&out[0], ldo, rows, &idx[0], &val[0], len(idx), &w[0], k, &scatterMasks[k&3], cap(idx))
}
