package npsort

import "math/bits"

// key is a type numpy sorts with the same algorithm.
type key interface{ ~float64 | ~int64 }

// lt is numpy's ordering: NaN sorts after every number (FLOAT_LT), and
// for integers the plain comparison.
func lt[T key](a, b T) bool {
	return a < b || (b != b && a == a)
}

// Argsort returns the permutation numpy's np.argsort(keys) returns with its
// default kind, "quicksort": keys[idx[0]] ≤ keys[idx[1]] ≤ …, with ties
// (and NaNs, which come last) in numpy's order. keys is not modified. The
// cost is O(n log n) comparisons.
func Argsort[T key](keys []T) []int {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	if len(keys) < 2 {
		return idx
	}
	const smallQuicksort = 15 // numpy's SMALL_QUICKSORT
	type span struct{ lo, hi, depth int }
	var stack []span
	v := keys
	lo, hi := 0, len(idx)-1
	depth := 2 * (bits.Len(uint(len(keys))) - 1) // numpy: npy_get_msb(num) * 2
	for {
		if depth < 0 {
			aheapsort(v, idx[lo:hi+1])
		} else {
			for hi-lo > smallQuicksort {
				mid := lo + (hi-lo)>>1
				if lt(v[idx[mid]], v[idx[lo]]) {
					idx[mid], idx[lo] = idx[lo], idx[mid]
				}
				if lt(v[idx[hi]], v[idx[mid]]) {
					idx[hi], idx[mid] = idx[mid], idx[hi]
				}
				if lt(v[idx[mid]], v[idx[lo]]) {
					idx[mid], idx[lo] = idx[lo], idx[mid]
				}
				pivot := v[idx[mid]]
				i, j := lo, hi-1
				idx[mid], idx[j] = idx[j], idx[mid]
				for {
					i++
					for lt(v[idx[i]], pivot) {
						i++
					}
					j--
					for lt(pivot, v[idx[j]]) {
						j--
					}
					if i >= j {
						break
					}
					idx[i], idx[j] = idx[j], idx[i]
				}
				idx[i], idx[hi-1] = idx[hi-1], idx[i]
				// Push the larger part, go on with the smaller one.
				depth--
				if i-lo < hi-i {
					stack = append(stack, span{i + 1, hi, depth})
					hi = i - 1
				} else {
					stack = append(stack, span{lo, i - 1, depth})
					lo = i + 1
				}
			}
			// Insertion sort of the small remainder. Like numpy, the depth
			// limit is checked only when a part is taken from the stack.
			for i := lo + 1; i <= hi; i++ {
				t := idx[i]
				p := v[t]
				j := i
				for j > lo && lt(p, v[idx[j-1]]) {
					idx[j] = idx[j-1]
					j--
				}
				idx[j] = t
			}
		}
		if len(stack) == 0 {
			return idx
		}
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		lo, hi, depth = top.lo, top.hi, top.depth
	}
}

// aheapsort sorts the indices a by their keys as numpy's aheapsort does.
func aheapsort[T key](v []T, a []int) {
	n := len(a)
	// numpy works on a one-based view: its a[k] is a[k-1] here.
	for l := n >> 1; l > 0; l-- {
		tmp := a[l-1]
		i, j := l, l<<1
		for j <= n {
			if j < n && lt(v[a[j-1]], v[a[j]]) {
				j++
			}
			if lt(v[tmp], v[a[j-1]]) {
				a[i-1] = a[j-1]
				i = j
				j += j
			} else {
				break
			}
		}
		a[i-1] = tmp
	}
	for n > 1 {
		tmp := a[n-1]
		a[n-1] = a[0]
		n--
		i, j := 1, 2
		for j <= n {
			if j < n && lt(v[a[j-1]], v[a[j]]) {
				j++
			}
			if lt(v[tmp], v[a[j-1]]) {
				a[i-1] = a[j-1]
				i = j
				j += j
			} else {
				break
			}
		}
		a[i-1] = tmp
	}
}

// ArgsortHeap returns the permutation np.argsort(keys, kind="heapsort")
// returns, ties in numpy's order. Argsort falls back to this heapsort on
// parts of the input where its quicksort recurses too deeply. The cost is
// O(n log n) comparisons.
func ArgsortHeap[T key](keys []T) []int {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	aheapsort(keys, idx)
	return idx
}
