package sparse

import "math"

// The sums of squares below write each square as float64(v*v): no fused
// multiply-add, so that arm64 gives the bits amd64 gives.

// Sum returns the sum of all entries, added in storage order, in O(nnz).
func (m *CSR) Sum() float64 {
	var s float64
	for _, v := range m.data {
		s += v
	}
	return s
}

// Norm returns the Frobenius norm ‖A‖_F = sqrt(Σ a_ij²) in O(nnz).
func (m *CSR) Norm() float64 {
	var s float64
	for _, v := range m.data {
		s += float64(v * v)
	}
	return math.Sqrt(s)
}

// RowSums returns the r sums Σ_j a_ij, in O(nnz).
func (m *CSR) RowSums() []float64 {
	out := make([]float64, m.rows)
	for i := range out {
		var s float64
		for _, v := range m.data[m.indptr[i]:m.indptr[i+1]] {
			s += v
		}
		out[i] = s
	}
	return out
}

// ColSums returns the c sums Σ_i a_ij, in O(c + nnz).
func (m *CSR) ColSums() []float64 {
	out := make([]float64, m.cols)
	for k, j := range m.indices {
		out[j] += m.data[k]
	}
	return out
}

// RowNorms returns the r Euclidean norms sqrt(Σ_j a_ij²), in O(nnz).
func (m *CSR) RowNorms() []float64 {
	out := make([]float64, m.rows)
	for i := range out {
		var s float64
		for _, v := range m.data[m.indptr[i]:m.indptr[i+1]] {
			s += float64(v * v)
		}
		out[i] = math.Sqrt(s)
	}
	return out
}

// ColNorms returns the c Euclidean norms sqrt(Σ_i a_ij²), in O(c + nnz).
func (m *CSR) ColNorms() []float64 {
	out := make([]float64, m.cols)
	for k, j := range m.indices {
		out[j] += float64(m.data[k] * m.data[k])
	}
	for j, s := range out {
		out[j] = math.Sqrt(s)
	}
	return out
}
