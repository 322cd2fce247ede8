package sparse

// MulDenseRows stores rows lo, …, hi−1 of the product A·B into dst, for the
// CSR matrix A given by its raw slices (row i holds data[p] in column
// indices[p] for p = indptr[i], …, indptr[i+1]−1) and the row-major dense
// B whose row j starts at b[j·ldb]:
//
//	dst[i·ldd + t] = Σ_p data[p]·b[indices[p]·ldb + t],  lo ≤ i < hi, 0 ≤ t < k.
//
// Each entry is summed from 0 over the row's stored entries in storage
// order (SciPy's csr_matvecs order), so it is bit for bit what repeated
// axpy into a zeroed row gives. The first k entries of each of those rows
// of dst are overwritten (they need not be zero); the rest of dst is not
// touched. Rows are independent, so callers can split [0, rows) between
// goroutines in any way without changing the result.
//
// The partial sums stay in registers, one pass over the row's entries per
// group of columns: on amd64 with AVX2, sixteen columns per group in four
// vector registers (k = 5 or 15: one pass), elsewhere eight per group in
// scalar registers (k = 5: one pass; k = 15: two). Both add each product
// with its own rounding (no fused multiply-add: the Go loops write each
// product as float64(v*x), which Go may not fuse, where arm64 and amd64
// with GOAMD64=v3 would), so every machine gives the same bits. The cost is 2·k·nnz(rows lo…hi−1) flops on the calling
// goroutine. It is the kernel behind MulDenseTo, lib/svd's sparse products
// and lib/nmf's.
//
// MulDenseRows panics if lo, hi is not a range of rows of indptr, if k < 0,
// ldd < k or ldb < k, or if dst is too short for row hi−1; an index beyond
// the rows of b panics with the runtime's index error.
func MulDenseRows(dst []float64, ldd int, indptr, indices []int, data, b []float64, ldb, k, lo, hi int) {
	if lo < 0 || hi < lo || hi >= len(indptr) {
		panic("sparse: MulDenseRows row range out of bounds")
	}
	if k < 0 || ldd < k || ldb < k {
		panic("sparse: MulDenseRows stride shorter than k")
	}
	if lo == hi || k == 0 {
		return
	}
	if len(dst) < (hi-1)*ldd+k {
		panic("sparse: MulDenseRows destination too short")
	}
	for i := mulRowsVector(dst, ldd, indptr, indices, data, b, ldb, k, lo, hi); i < hi; i++ {
		p0, p1 := indptr[i], indptr[i+1]
		idx := indices[p0:p1]
		val := data[p0:p1:p1]
		val = val[:len(idx)]
		out := dst[i*ldd : i*ldd+k : i*ldd+k]
		for t := 0; t < k; {
			// Columns t, …, t+w−1 in registers, one pass over the row.
			w := min(k-t, 8)
			switch w {
			case 8:
				var s0, s1, s2, s3, s4, s5, s6, s7 float64
				for q, j := range idx {
					v := val[q]
					x := b[j*ldb+t : j*ldb+t+8 : j*ldb+t+8]
					s0 += float64(v * x[0])
					s1 += float64(v * x[1])
					s2 += float64(v * x[2])
					s3 += float64(v * x[3])
					s4 += float64(v * x[4])
					s5 += float64(v * x[5])
					s6 += float64(v * x[6])
					s7 += float64(v * x[7])
				}
				o := out[t : t+8 : t+8]
				o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7] = s0, s1, s2, s3, s4, s5, s6, s7
			case 7:
				var s0, s1, s2, s3, s4, s5, s6 float64
				for q, j := range idx {
					v := val[q]
					x := b[j*ldb+t : j*ldb+t+7 : j*ldb+t+7]
					s0 += float64(v * x[0])
					s1 += float64(v * x[1])
					s2 += float64(v * x[2])
					s3 += float64(v * x[3])
					s4 += float64(v * x[4])
					s5 += float64(v * x[5])
					s6 += float64(v * x[6])
				}
				o := out[t : t+7 : t+7]
				o[0], o[1], o[2], o[3], o[4], o[5], o[6] = s0, s1, s2, s3, s4, s5, s6
			case 6:
				var s0, s1, s2, s3, s4, s5 float64
				for q, j := range idx {
					v := val[q]
					x := b[j*ldb+t : j*ldb+t+6 : j*ldb+t+6]
					s0 += float64(v * x[0])
					s1 += float64(v * x[1])
					s2 += float64(v * x[2])
					s3 += float64(v * x[3])
					s4 += float64(v * x[4])
					s5 += float64(v * x[5])
				}
				o := out[t : t+6 : t+6]
				o[0], o[1], o[2], o[3], o[4], o[5] = s0, s1, s2, s3, s4, s5
			case 5:
				var s0, s1, s2, s3, s4 float64
				for q, j := range idx {
					v := val[q]
					x := b[j*ldb+t : j*ldb+t+5 : j*ldb+t+5]
					s0 += float64(v * x[0])
					s1 += float64(v * x[1])
					s2 += float64(v * x[2])
					s3 += float64(v * x[3])
					s4 += float64(v * x[4])
				}
				o := out[t : t+5 : t+5]
				o[0], o[1], o[2], o[3], o[4] = s0, s1, s2, s3, s4
			case 4:
				var s0, s1, s2, s3 float64
				for q, j := range idx {
					v := val[q]
					x := b[j*ldb+t : j*ldb+t+4 : j*ldb+t+4]
					s0 += float64(v * x[0])
					s1 += float64(v * x[1])
					s2 += float64(v * x[2])
					s3 += float64(v * x[3])
				}
				o := out[t : t+4 : t+4]
				o[0], o[1], o[2], o[3] = s0, s1, s2, s3
			case 3:
				var s0, s1, s2 float64
				for q, j := range idx {
					v := val[q]
					x := b[j*ldb+t : j*ldb+t+3 : j*ldb+t+3]
					s0 += float64(v * x[0])
					s1 += float64(v * x[1])
					s2 += float64(v * x[2])
				}
				o := out[t : t+3 : t+3]
				o[0], o[1], o[2] = s0, s1, s2
			case 2:
				var s0, s1 float64
				for q, j := range idx {
					v := val[q]
					x := b[j*ldb+t : j*ldb+t+2 : j*ldb+t+2]
					s0 += float64(v * x[0])
					s1 += float64(v * x[1])
				}
				o := out[t : t+2 : t+2]
				o[0], o[1] = s0, s1
			case 1:
				var s0 float64
				for q, j := range idx {
					v := val[q]
					x := b[j*ldb+t : j*ldb+t+1 : j*ldb+t+1]
					s0 += float64(v * x[0])
				}
				o := out[t : t+1 : t+1]
				o[0] = s0
			}
			t += w
		}
	}
}
