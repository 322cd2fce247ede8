package nprand_test

import (
	"fmt"

	"github.com/fastai-go/topicmodel/lib/nprand"
)

// The same numbers as numpy.random.RandomState(0): two raw words, then
// random_sample() (numpy: RandomState(0).random_sample(2)[1] = 0.71518937).
func ExampleNew() {
	rs := nprand.New(0)
	fmt.Println(rs.Uint32(), rs.Uint32())
	fmt.Printf("%.8f\n", rs.Float64())
	// Output:
	// 2357136044 2546248239
	// 0.71518937
}

// np.random.RandomState(42).permutation(10)
func ExampleRandomState_Permutation() {
	fmt.Println(nprand.New(42).Permutation(10))
	// Output:
	// [8 1 5 0 7 2 9 4 3 6]
}

// Shuffling a slice of strings in numpy's order, as
// RandomState(1).shuffle(a) does for a 1-D array.
func ExampleRandomState_Shuffle() {
	a := []string{"a", "b", "c", "d", "e"}
	nprand.New(1).Shuffle(len(a), func(i, j int) { a[i], a[j] = a[j], a[i] })
	fmt.Println(a)
	// Output:
	// [c b e a d]
}

// np.random.RandomState(3).normal(size=(2, 3)): a row-major fill.
func ExampleRandomState_StandardNormalFill() {
	m := make([]float64, 2*3)
	nprand.New(3).StandardNormalFill(m)
	for i := 0; i < 2; i++ {
		fmt.Printf("%.6f\n", m[3*i:3*i+3])
	}
	// Output:
	// [1.788628 0.436510 0.096497]
	// [-1.863493 -0.277388 -0.354759]
}
