package sparse_test

import (
	"fmt"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// The row-range kernel on raw CSR slices: rows 1 and 2 of A·B, written into
// a destination with a stride of 3 (the third column is left alone).
func ExampleMulDenseRows() {
	// A = ⎡2 0 1⎤   B = ⎡1 10⎤
	//     ⎢0 3 0⎥       ⎢2 20⎥
	//     ⎣4 0 5⎦       ⎣3 30⎦
	indptr := []int{0, 2, 3, 5}
	indices := []int{0, 2, 1, 0, 2}
	data := []float64{2, 1, 3, 4, 5}
	b := []float64{1, 10, 2, 20, 3, 30}
	dst := []float64{-1, -1, -1, -1, -1, -1, -1, -1, -1}
	sparse.MulDenseRows(dst, 3, indptr, indices, data, b, 2, 2, 1, 3)
	fmt.Println(dst[0:3])
	fmt.Println(dst[3:6])
	fmt.Println(dst[6:9])
	// Output:
	// [-1 -1 -1]
	// [6 60 -1]
	// [19 190 -1]
}
