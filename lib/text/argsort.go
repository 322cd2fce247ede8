package text

import "math/bits"

// npArgsort returns the permutation that numpy's default argsort
// (kind="quicksort", an introsort) gives for keys. The order of equal keys is
// numpy's, not the stable one: scikit-learn's MaxFeatures picks terms by
// argsort of negated term counts, so ties at the cut are settled exactly as
// scikit-learn settles them. The cost is O(n log n).
func npArgsort(keys []int64) []int {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	if len(keys) < 2 {
		return idx
	}
	const smallQuicksort = 15
	type span struct{ lo, hi, depth int }
	var stack []span
	v := keys
	lo, hi := 0, len(idx)-1
	depth := 2 * (bits.Len(uint(len(keys))) - 1) // numpy: npy_get_msb(num) * 2
	for {
		if depth < 0 {
			npAheapsort(v, idx[lo:hi+1])
		} else {
			for hi-lo > smallQuicksort {
				mid := lo + (hi-lo)>>1
				if v[idx[mid]] < v[idx[lo]] {
					idx[mid], idx[lo] = idx[lo], idx[mid]
				}
				if v[idx[hi]] < v[idx[mid]] {
					idx[hi], idx[mid] = idx[mid], idx[hi]
				}
				if v[idx[mid]] < v[idx[lo]] {
					idx[mid], idx[lo] = idx[lo], idx[mid]
				}
				pivot := v[idx[mid]]
				i, j := lo, hi-1
				idx[mid], idx[j] = idx[j], idx[mid]
				for {
					i++
					for v[idx[i]] < pivot {
						i++
					}
					j--
					for pivot < v[idx[j]] {
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
			// Insertion sort of the small remainder.
			for i := lo + 1; i <= hi; i++ {
				t := idx[i]
				p := v[t]
				j := i
				for j > lo && p < v[idx[j-1]] {
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

// npAheapsort sorts the indices a by their keys as numpy's aheapsort does.
func npAheapsort(v []int64, a []int) {
	n := len(a)
	// at(k) is numpy's one-based a[k].
	for l := n >> 1; l > 0; l-- {
		tmp := a[l-1]
		i, j := l, l<<1
		for j <= n {
			if j < n && v[a[j-1]] < v[a[j]] {
				j++
			}
			if v[tmp] < v[a[j-1]] {
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
			if j < n && v[a[j-1]] < v[a[j]] {
				j++
			}
			if v[tmp] < v[a[j-1]] {
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
