// Package npsort reproduces numpy's default argsort (kind="quicksort") index
// for index, including the order it gives to equal keys.
//
// numpy's quicksort is an introsort and is not stable, so where keys tie the
// order of their indices depends on the exact sequence of pivots, partitions
// and insertion sorts. The lesson's show_topics takes the last entries of
// np.argsort(weights), and scikit-learn's max_features picks terms from an
// argsort of counts: wherever two weights or counts are equal, only the same
// algorithm gives the same words. This package is that algorithm (numpy
// 1.24's npysort/quicksort.cpp aquicksort_ and heapsort.cpp aheapsort_, for
// double and int64 keys, with numpy's ordering of NaN after every number).
package npsort
