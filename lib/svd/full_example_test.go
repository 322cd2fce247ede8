package svd_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/check"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/svd"
)

func ExampleFull() {
	// A tiny document-term matrix: 3 documents, 4 words, one empty document.
	a := mat.NewDense(3, 4, []float64{
		3, 0, 1, 0,
		0, 0, 0, 0,
		1, 0, 3, 2,
	})
	var f svd.Full
	if err := f.Factorize(sparse.FromDense(a)); err != nil {
		log.Fatal(err)
	}
	s := f.Values(nil)
	var u, vt mat.Dense
	f.UTo(&u)
	f.VTTo(&vt)
	fmt.Printf("s = %.4f\n", s)
	fmt.Printf("U is %d×%d, Vᵀ is %d×%d\n", u.RawMatrix().Rows, u.RawMatrix().Cols, vt.RawMatrix().Rows, vt.RawMatrix().Cols)

	// The lesson's exercises: U·diag(s)·Vᵀ gives A back, U and V are
	// orthonormal.
	var us, rec mat.Dense
	us.Mul(&u, mat.NewDiagDense(len(s), s))
	rec.Mul(&us, &vt)
	fmt.Println("reconstructs A:", check.AllClose(&rec, a, check.RTol, check.ATol))
	okU, _ := check.Orthonormal(&u, false, check.RTol, check.ATol)
	okV, _ := check.Orthonormal(&vt, true, check.RTol, check.ATol)
	fmt.Println("orthonormal U, V:", okU, okV)
	// Output:
	// s = [4.2807 2.3823 0.0000]
	// U is 3×3, Vᵀ is 3×4
	// reconstructs A: true
	// orthonormal U, V: true true
}
