// Package nprand reproduces numpy's legacy random generator,
// numpy.random.RandomState, bit for bit.
//
// scikit-learn draws all of its randomness from RandomState: the order in
// which load_files and fetch_20newsgroups shuffle documents, the Gaussian
// test matrix of randomized_svd, the random initialisations of NMF. A Go
// program that wants to see the same documents in the same order, and the
// same random projections, as a Python session must therefore draw the very
// same numbers. This package does that.
//
// The generator is the 32-bit Mersenne Twister MT19937. A RandomState
// seeded with an integer s is initialised by Matsumoto and Nishimura's
// init_genrand(s), exactly as numpy.random.RandomState(s) is for
// 0 ≤ s < 2³². From the raw 32-bit stream the package derives
//
//   - Uint32: the raw output (numpy's randint over the full uint32 range
//     uses the same stream),
//   - Float64: a double in [0, 1) built from two draws with 53 random bits
//     (random_sample),
//   - StandardNormal and Normal: the legacy polar (Marsaglia) method that
//     produces Gaussians in pairs and caches the second one for the next
//     call; the cache lives in the RandomState and carries over between
//     calls, as in numpy,
//   - Interval: a uniform integer in [0, max] by masked rejection,
//   - Shuffle and Permutation: numpy's in-place Fisher–Yates order.
//
// Integer outputs and uniform doubles are identical to numpy's. Gaussian
// draws use math.Log, which differs from glibc's log in the last bit for a
// few percent of arguments; the affected normals then differ from numpy's by
// a few units in the last place (in 100,000 draws: 3.1% differ, by at most
// 3 ulp, a relative difference below 1e-15). The sequence of draws stays in
// step, so later values are unaffected.
//
// A RandomState is not safe for concurrent use.
package nprand
