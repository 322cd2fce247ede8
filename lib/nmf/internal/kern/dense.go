package kern

import (
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// MulDense sets dst = x·b (sizing an empty dst); the sums are in SciPy's
// order. When b is larger than dst and too large for the caches (x wider
// than tall, b over scatterBytes) it streams b and scatters through xᵀ
// (cached by sparse.CSR), which avoids random reads of b; otherwise it
// gathers rows of b per stored entry, with the sums in registers.
func MulDense(dst *mat.Dense, x *sparse.CSR, b *mat.Dense) {
	r, c := x.Dims()
	_, k := b.Dims()
	if dst.IsEmpty() {
		dst.ReuseAs(r, k)
	}
	if c > r && c*k*8 > scatterBytes {
		tIndptr, tIndices, tData := x.Transpose().Raw()
		MulCSRT(dst.RawMatrix().Data, tIndptr, tIndices, tData, b.RawMatrix().Data, k, r)
		return
	}
	indptr, indices, data := x.Raw() // Data would drop x's cached transpose
	MulCSR(dst.RawMatrix().Data, indptr, indices, data, b.RawMatrix().Data, k)
}

// scatterBytes is the size of b above which MulDense streams it.
const scatterBytes = 4 << 20
