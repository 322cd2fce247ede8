package npsort_test

import (
	"fmt"

	"github.com/fastai-go/topicmodel/lib/npsort"
)

// Equal keys keep numpy's (unstable) order, so code that takes the largest
// entries picks the same ones as the Python lesson.
func ExampleArgsort() {
	weights := []float64{0.5, 2, 0.5, 1, 2}
	fmt.Println(npsort.Argsort(weights))
	// Output:
	// [0 2 3 1 4]
}
