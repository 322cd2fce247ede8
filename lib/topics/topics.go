package topics

import (
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/npsort"
)

// TopWords returns the vocabulary indices of the n largest entries of w in
// descending order of value: NumPy's np.argsort(w)[:-n-1:-1], index for
// index. NumPy's default argsort is not stable, so equal weights come out in
// the order its introsort happens to leave them; TopWords runs the same
// algorithm (lib/npsort), so ties give the lesson's words too. NaN sorts
// after every number, as in NumPy, so NaN weights come first. If n exceeds
// len(w) all indices are returned. Cost O(V log V) for V = len(w).
func TopWords(w []float64, n int) []int {
	n = min(n, len(w))
	if n <= 0 {
		return nil
	}
	idx := npsort.Argsort(w)
	top := make([]int, n)
	for i := range top {
		top[i] = idx[len(idx)-1-i]
	}
	return top
}

// ShowTopics is the lesson's show_topics: for each row of components (a
// k×V matrix) the n words of largest weight, most important first, joined by
// single spaces. vocab must hold the V words in column order; it panics
// otherwise. Cost O(k·V·log V).
func ShowTopics(components mat.Matrix, vocab []string, n int) []string {
	k, v := components.Dims()
	if v != len(vocab) {
		panic("topics: ShowTopics: components have a different number of columns than vocab has words")
	}
	out := make([]string, k)
	row := make([]float64, v)
	for t := 0; t < k; t++ {
		mat.Row(row, t, components)
		top := TopWords(row, n)
		words := make([]string, len(top))
		for i, j := range top {
			words[i] = vocab[j]
		}
		out[t] = strings.Join(words, " ")
	}
	return out
}
