package topics

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestTopWords(t *testing.T) {
	nan := math.NaN()
	for _, test := range []struct {
		w    []float64
		n    int
		want []int
	}{
		{[]float64{0.1, 0.9, 0.5}, 2, []int{1, 2}},
		{[]float64{0.1, 0.9, 0.5}, 5, []int{1, 2, 0}},
		{[]float64{0.1, 0.9, 0.5}, 0, nil},
		{[]float64{}, 3, nil},
		{[]float64{1, nan, 3}, 2, []int{1, 2}},
		// Ties in numpy's order: np.argsort([0.5, 2, 0.5, 1, 2])[:-4:-1] = [4 1 3].
		{[]float64{0.5, 2, 0.5, 1, 2}, 3, []int{4, 1, 3}},
		// np.argsort([1.0]*20)[:-4:-1] = [19 18 1]: past 16 keys numpy partitions.
		{slices.Repeat([]float64{1}, 20), 3, []int{19, 18, 1}},
	} {
		if got := TopWords(test.w, test.n); !slices.Equal(got, test.want) {
			t.Errorf("TopWords(%v, %d) = %v, want %v", test.w, test.n, got, test.want)
		}
	}
}

func TestShowTopics(t *testing.T) {
	c := mat.NewDense(2, 4, []float64{
		0.1, 0.7, 0.0, 0.3,
		0.9, -1, 0.8, 0.2,
	})
	got := ShowTopics(c, []string{"space", "god", "image", "nasa"}, 2)
	want := []string{"god nasa", "space image"}
	if !slices.Equal(got, want) {
		t.Errorf("ShowTopics = %q, want %q", got, want)
	}
}
