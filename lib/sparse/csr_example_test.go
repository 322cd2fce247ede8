package sparse_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// A tiny document-term matrix: 3 documents, 4 terms.
func ExampleNewCSR() {
	m, err := sparse.NewCSR(3, 4,
		[]int{0, 2, 3, 5},        // row i's entries are at [indptr[i], indptr[i+1])
		[]int{0, 3, 1, 0, 2},     // their columns
		[]float64{2, 1, 1, 1, 4}, // their values
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("nnz:", m.NNZ(), "sum:", m.Sum())
	fmt.Printf("%v\n", mat.Formatted(m.ToDense()))
	// Output:
	// nnz: 5 sum: 9
	// ⎡2  0  0  1⎤
	// ⎢0  1  0  0⎥
	// ⎣1  0  4  0⎦
}

// The product of a sparse matrix with a thin dense factor, as in X·Hᵀ.
func ExampleCSR_MulDenseTo() {
	m := sparse.FromDense(mat.NewDense(2, 3, []float64{
		1, 0, 2,
		0, 3, 0,
	}))
	h := mat.NewDense(3, 1, []float64{1, 1, 1})
	var dst mat.Dense
	m.MulDenseTo(&dst, h)
	fmt.Println(mat.Formatted(&dst))
	// Output:
	// ⎡3⎤
	// ⎣3⎦
}

// The Gram matrix A·Aᵀ holds the dot products of every pair of rows.
func ExampleCSR_Gram() {
	m := sparse.FromDense(mat.NewDense(2, 3, []float64{
		1, 0, 2,
		1, 3, 0,
	}))
	fmt.Println(mat.Formatted(m.Gram()))
	// Output:
	// ⎡ 5   1⎤
	// ⎣ 1  10⎦
}
