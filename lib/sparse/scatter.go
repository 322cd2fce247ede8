package sparse

// ScatterRow adds v·w to rows of the row-major dense matrix out for one
// stored row of a sparse matrix: for each q,
//
//	out[idx[q]·ldo + t] += val[q]·w[t],  0 ≤ t < len(w).
//
// It is the step of Aᵀ·W formed from A's rows (row i of A scatters
// a_ij·W[i, :] into row j of the result) without building Aᵀ: calling it
// for i = 0, 1, … sums every entry of the result in increasing i, the
// order and the terms of the gather through the transpose, so the two give
// the same bits. Each product is rounded before it is added (no fused
// multiply-add), so every machine gives the same bits too. The indices must
// be distinct (a CSR row's are), which lets the vector kernel keep no
// dependences between entries. On amd64 with AVX2 the row runs in four-lane
// vectors; elsewhere, in Go. Cost 2·len(w)·len(idx) flops.
//
// The AVX2 kernel also reads idx past its length, up to its capacity, as
// hints only: it prefetches the rows of out those indices name sixteen
// entries ahead. A CSR row passed as indices[lo:hi] thus prefetches the
// next rows' targets, which is what makes a scatter into an out larger
// than the caches fast (a quarter less time on a 10⁵×20 out); pass
// idx[lo:hi:hi] to give none. The hints never change the result.
//
// ScatterRow panics if len(val) < len(idx), ldo < len(w), or an index
// names a row that out does not hold whole.
func ScatterRow(out []float64, ldo int, idx []int, val []float64, w []float64) {
	k := len(w)
	if len(val) < len(idx) {
		panic("sparse: ScatterRow has fewer values than indices")
	}
	if ldo < k {
		panic("sparse: ScatterRow stride shorter than the row")
	}
	if k == 0 || len(idx) == 0 {
		return
	}
	q := scatterVector(out, ldo, idx, val, w)
	idx = idx[q:]
	val = val[q:][:len(idx)]
	k4 := k &^ 3
	for q, j := range idx {
		v := val[q]
		o := out[j*ldo : j*ldo+k : j*ldo+k]
		t := 0
		for ; t < k4; t += 4 {
			x := (*[4]float64)(w[t : t+4])
			y := (*[4]float64)(o[t : t+4])
			y[0] += float64(v * x[0])
			y[1] += float64(v * x[1])
			y[2] += float64(v * x[2])
			y[3] += float64(v * x[3])
		}
		for ; t < k; t++ {
			o[t] += float64(v * w[t])
		}
	}
}
