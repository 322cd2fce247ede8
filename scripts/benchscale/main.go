// Command benchscale times lib/svd's randomized SVD and lib/nmf's NMF on a
// large sparse matrix read from a scipy.sparse.save_npz file, for
// scripts/bench_scale.sh, and prints one JSON object per case:
//
//	{"side": "go", "case": "rsvd", "nnz": 9533595, "read_s": 0.4, "best_s": 1.2, "times_s": [...],
//	 "s": [...], "peak_rss_mb": 900}
//
// Cases: rsvd (randomized SVD, k = 10, n_iter = 2, random_state = 0: what
// scikit-learn's randomized_svd(X, 10, n_iter=2, random_state=0) does) and
// nmf (NMF, k = 10, scikit-learn 1.2's defaults: cd, init nndsvda,
// tol 1e-4, max_iter 200; random_state 0). read_s is the time to read the
// .npz into a CSR; best_s and cpu_s the best wall and CPU (user + system,
// all threads) seconds of -repeat runs of the case alone.
// peak_rss_mb is the process's peak resident memory (getrusage), so run
// one case per process to see its own peak. -cpuprofile writes a profile of
// the timed runs; -digest adds a SHA-256 of the factors' bits, to check
// that GOMAXPROCS and -tags purego do not change them.
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime/pprof"
	"syscall"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf"
	"github.com/fastai-go/topicmodel/lib/npz"
	"github.com/fastai-go/topicmodel/lib/svd"
)

func main() {
	path := flag.String("matrix", "", "the .npz matrix (scripts/gen_scale.py)")
	cases := flag.String("case", "rsvd", "rsvd or nmf")
	repeat := flag.Int("repeat", 3, "timed runs (best is reported)")
	k := flag.Int("k", 10, "components")
	nIter := flag.Int("n-iter", 2, "rsvd power iterations")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the timed runs to this file")
	digest := flag.Bool("digest", false, "add factors_sha256, a hash of the factors' bits (to compare GOMAXPROCS settings and builds); hashing is timed")
	flag.Parse()
	start := time.Now()
	x, err := npz.ReadCSR(*path)
	must(err)
	read := time.Since(start).Seconds()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		must(err)
		must(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	out := map[string]any{"side": "go", "case": *cases, "nnz": x.NNZ(), "read_s": read}
	var times, cpus []float64
	for i := 0; i < *repeat; i++ {
		t0, c0 := time.Now(), cpuSeconds()
		switch *cases {
		case "rsvd":
			var r svd.Randomized
			must(r.Factorize(x, *k, &svd.RandomizedOptions{Iters: *nIter}))
			out["s"] = r.Values(nil)
			if *digest {
				var u, vt mat.Dense
				r.UTo(&u)
				r.VTTo(&vt)
				out["factors_sha256"] = digestOf(&u, &vt)
			}
		case "nmf":
			p := nmf.New(*k)
			p.RandomState = 0
			m, err := p.FitTransform(x)
			must(err)
			out["err"], out["n_iter"] = m.ReconstructionErr, m.NIter
			if *digest {
				out["factors_sha256"] = digestOf(m.W, m.Components)
			}
		default:
			must(fmt.Errorf("unknown case %q", *cases))
		}
		d := time.Since(t0).Seconds()
		times = append(times, d)
		cpus = append(cpus, cpuSeconds()-c0)
		fmt.Fprintf(os.Stderr, "benchscale: %s run %d/%d: %.2fs\n", *cases, i+1, *repeat, d)
	}
	out["best_s"], out["times_s"], out["cpu_s"] = minOf(times), times, minOf(cpus)
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		out["peak_rss_mb"] = float64(ru.Maxrss) / 1024
	}
	must(json.NewEncoder(os.Stdout).Encode(out))
}

// digestOf returns the SHA-256 of the matrices' float64 bits, row by row.
func digestOf(ms ...*mat.Dense) string {
	h := sha256.New()
	var b [8]byte
	for _, m := range ms {
		r, c := m.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				binary.LittleEndian.PutUint64(b[:], math.Float64bits(m.At(i, j)))
				h.Write(b[:])
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// cpuSeconds returns the user and system CPU time of the process so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func minOf(v []float64) float64 {
	m := v[0]
	for _, x := range v {
		m = min(m, x)
	}
	return m
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchscale:", err)
		os.Exit(1)
	}
}
