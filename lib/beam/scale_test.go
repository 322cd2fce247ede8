package beam

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/svd"
)

// randomCSR returns an m×n matrix with about perRow non-zeros in each row,
// in columns drawn with a Zipf-like skew (column ⌊n·u²⌋), values in (0, 1].
func randomCSR(m, n, perRow int, seed uint32) *sparse.CSR {
	rnd := nprand.New(seed)
	indptr := make([]int, 1, m+1)
	var indices []int
	var data []float64
	seen := make(map[int]bool)
	cols := make([]int, 0, perRow)
	for range m {
		clear(seen)
		cols = cols[:0]
		for range perRow {
			u := rnd.Float64()
			j := int(float64(n) * u * u)
			if !seen[j] {
				seen[j] = true
				cols = append(cols, j)
			}
		}
		// insertion sort: rows are short
		for i := 1; i < len(cols); i++ {
			for k := i; k > 0 && cols[k-1] > cols[k]; k-- {
				cols[k-1], cols[k] = cols[k], cols[k-1]
			}
		}
		for _, j := range cols {
			indices = append(indices, j)
			data = append(data, 1-rnd.Float64())
		}
		indptr = append(indptr, len(indices))
	}
	a, err := sparse.NewCSR(m, n, indptr, indices, data)
	if err != nil {
		panic(err)
	}
	return a
}

// TestScaleRandomizedSVD times the randomized SVD pipeline on Prism against
// lib/svd in memory. It runs only when TOPICMODEL_BEAM_SCALE gives the
// number of non-zeros (for example 1000000); TOPICMODEL_BEAM_SHARDS the
// shards (default 4).
func TestScaleRandomizedSVD(t *testing.T) {
	nnz, _ := strconv.Atoi(os.Getenv("TOPICMODEL_BEAM_SCALE"))
	if nnz <= 0 {
		t.Skip("set TOPICMODEL_BEAM_SCALE to a number of non-zeros to time the pipeline")
	}
	nShards := 4
	if s, err := strconv.Atoi(os.Getenv("TOPICMODEL_BEAM_SHARDS")); err == nil && s > 0 {
		nShards = s
	}
	const perRow, k = 10, 10
	m := nnz / perRow
	n := max(m/10, 100)
	a := randomCSR(m, n, perRow, 3)
	dir := t.TempDir()
	shards := make([]RowShard, nShards)
	ip, ix, d := a.Raw()
	for s := range nShards {
		lo, hi := s*m/nShards, (s+1)*m/nShards
		indptr := make([]int, hi-lo+1)
		for i := range indptr {
			indptr[i] = ip[lo+i] - ip[lo]
		}
		part, err := sparse.NewCSR(hi-lo, n, indptr, append([]int(nil), ix[ip[lo]:ip[hi]]...), append([]float64(nil), d[ip[lo]:ip[hi]]...))
		if err != nil {
			t.Fatal(err)
		}
		path := ShardPath(dir, s, nShards)
		if err := writeCSR(path, part); err != nil {
			t.Fatal(err)
		}
		shards[s] = RowShard{Index: s, Rows: hi - lo, NNZ: part.NNZ(), Path: path}
	}

	var ref svd.Randomized
	start := time.Now()
	if err := ref.Factorize(a, k, &svd.RandomizedOptions{Transpose: svd.TransposeNever, Normalizer: svd.NormQR}); err != nil {
		t.Fatal(err)
	}
	inMem := time.Since(start)
	want := ref.Values(nil)

	start = time.Now()
	got, err := RandomizedSVD(context.Background(), shards, n, RandomizedSVDOptions{K: k, OutDir: filepath.Join(dir, "svd")}, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pipe := time.Since(start)
	worst := 0.0
	for i := range k {
		worst = max(worst, math.Abs(got.Values[i]-want[i])/want[i])
	}
	t.Logf("%d×%d, %d non-zeros, %d shards, k=%d: lib/svd %v, Prism %v (%.1f×); largest relative difference %.2g",
		m, n, a.NNZ(), nShards, k, inMem, pipe, pipe.Seconds()/inMem.Seconds(), worst)
	if worst > 1e-9 {
		t.Errorf("singular values differ from lib/svd's by %.2g relative", worst)
	}
}
