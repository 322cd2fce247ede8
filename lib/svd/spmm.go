package svd

// spmmRows stores rows lo..hi-1 of A·W into out (stride ldo) for the CSR
// matrix a and the row-major cols×k matrix w, overwriting whatever out
// held. Each output entry is the sum over the row's non-zeros in storage
// order, starting from zero, exactly as repeated axpy into a zeroed row
// would give, so the result is bit-for-bit that of the simple loop. The
// columns are taken 8 at a time, then a last group of 7 (k = 15, scikit-
// learn's default 5 + 10 oversamples) or groups of 4, 2 and 1, with the
// partial sums held in registers; the row's indices and values are re-read
// for each group (they stay in L1).
func spmmRows(a *csr, out []float64, ldo int, w []float64, k, lo, hi int) {
	indptr, indices, data := a.indptr, a.indices, a.data
	for j := lo; j < hi; j++ {
		q0, q1 := indptr[j], indptr[j+1]
		idx := indices[q0:q1]
		val := data[q0:q1:q1]
		val = val[:len(idx)]
		row := out[j*ldo : j*ldo+k]
		c := 0
		for ; c+8 <= k; c += 8 {
			var s0, s1, s2, s3, s4, s5, s6, s7 float64
			for t, i := range idx {
				v := val[t]
				x := (*[8]float64)(w[i*k+c:])
				s0 += v * x[0]
				s1 += v * x[1]
				s2 += v * x[2]
				s3 += v * x[3]
				s4 += v * x[4]
				s5 += v * x[5]
				s6 += v * x[6]
				s7 += v * x[7]
			}
			r := (*[8]float64)(row[c:])
			r[0], r[1], r[2], r[3] = s0, s1, s2, s3
			r[4], r[5], r[6], r[7] = s4, s5, s6, s7
		}
		if k-c == 7 {
			var s0, s1, s2, s3, s4, s5, s6 float64
			for t, i := range idx {
				v := val[t]
				x := (*[7]float64)(w[i*k+c:])
				s0 += v * x[0]
				s1 += v * x[1]
				s2 += v * x[2]
				s3 += v * x[3]
				s4 += v * x[4]
				s5 += v * x[5]
				s6 += v * x[6]
			}
			r := (*[7]float64)(row[c:])
			r[0], r[1], r[2], r[3] = s0, s1, s2, s3
			r[4], r[5], r[6] = s4, s5, s6
			continue
		}
		for ; c+4 <= k; c += 4 {
			var s0, s1, s2, s3 float64
			for t, i := range idx {
				v := val[t]
				x := (*[4]float64)(w[i*k+c:])
				s0 += v * x[0]
				s1 += v * x[1]
				s2 += v * x[2]
				s3 += v * x[3]
			}
			r := (*[4]float64)(row[c:])
			r[0], r[1], r[2], r[3] = s0, s1, s2, s3
		}
		for ; c+2 <= k; c += 2 {
			var s0, s1 float64
			for t, i := range idx {
				v := val[t]
				x := (*[2]float64)(w[i*k+c:])
				s0 += v * x[0]
				s1 += v * x[1]
			}
			row[c], row[c+1] = s0, s1
		}
		for ; c < k; c++ {
			var s0 float64
			for t, i := range idx {
				s0 += val[t] * w[i*k+c]
			}
			row[c] = s0
		}
	}
}
