package topics

import (
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// TopWords returns the vocabulary indices of the n largest entries of w in
// descending order of value: NumPy's np.argsort(w)[:-n-1:-1].
//
// Ties: NumPy's default argsort is not stable, so equal weights come out in
// an order that depends on its quicksort. Here the rule is fixed and
// documented: among equal values the larger index comes first, which is what
// a stable ascending sort followed by the lesson's reversal gives. NaN sorts
// as larger than every number (NumPy puts NaN last in an ascending sort), so
// NaN weights come first. If n exceeds len(w) all indices are returned.
func TopWords(w []float64, n int) []int {
	idx := make([]int, len(w))
	for i := range idx {
		idx[i] = i
	}
	less := func(a, b int) bool { // a before b in descending order
		x, y := w[a], w[b]
		xn, yn := math.IsNaN(x), math.IsNaN(y)
		switch {
		case xn && yn:
			return a > b
		case xn:
			return true
		case yn:
			return false
		case x != y:
			return x > y
		default:
			return a > b
		}
	}
	n = min(n, len(w))
	if n <= 0 {
		return nil
	}
	// Partial selection: keep the best n in a small sorted buffer.
	if n < len(w)/8 {
		best := make([]int, 0, n+1)
		for i := range w {
			if len(best) == n && !less(i, best[n-1]) {
				continue
			}
			pos := sort.Search(len(best), func(p int) bool { return less(i, best[p]) })
			best = append(best, 0)
			copy(best[pos+1:], best[pos:])
			best[pos] = i
			if len(best) > n {
				best = best[:n]
			}
		}
		return best
	}
	sort.Slice(idx, func(p, q int) bool { return less(idx[p], idx[q]) })
	return idx[:n]
}

// ShowTopics is the lesson's show_topics: for each row of components (a
// k×V matrix) the n words of largest weight, most important first, joined by
// single spaces. vocab must hold the V words in column order; it panics
// otherwise. Cost O(k·V·log n).
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
