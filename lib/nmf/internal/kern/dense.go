package kern

import (
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// MulDense sets dst = x·b (sizing an empty dst); the sums are in SciPy's
// order. When b has more rows than dst (x wider than tall) it streams b and
// scatters through xᵀ (cached by sparse.CSR), which avoids random reads of a
// large b; otherwise it gathers rows of b per stored entry.
func MulDense(dst *mat.Dense, x *sparse.CSR, b *mat.Dense) {
	r, c := x.Dims()
	_, k := b.Dims()
	if dst.IsEmpty() {
		dst.ReuseAs(r, k)
	}
	if c > r {
		t := x.Transpose()
		MulCSRT(dst.RawMatrix().Data, t.Indptr(), t.Indices(), t.Data(), b.RawMatrix().Data, k, r)
		return
	}
	MulCSR(dst.RawMatrix().Data, x.Indptr(), x.Indices(), x.Data(), b.RawMatrix().Data, k)
}
