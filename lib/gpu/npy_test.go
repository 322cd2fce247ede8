package gpu

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/fastai-go/topicmodel/lib/npz"
)

// .npy reading and writing for the benchmark data shared with
// scripts/bench_gpu.py, through lib/npz.

// writeNpy writes data ([]int32 for descr <i4, []float32 for <f4) with the
// given shape to path, atomically.
func writeNpy(path string, descr string, shape []int, data any) error {
	switch data.(type) {
	case []int32:
		if descr != "<i4" {
			return fmt.Errorf("%s: []int32 data with descr %s", path, descr)
		}
	case []float32:
		if descr != "<f4" {
			return fmt.Errorf("%s: []float32 data with descr %s", path, descr)
		}
	default:
		return fmt.Errorf("%s: unsupported data %T", path, data)
	}
	return npz.WriteNpy(path, shape, data)
}

// readNpyF32 reads a float32 (<f4) array; other dtypes are an error, so
// that data written in another precision is not silently converted.
func readNpyF32(path string) ([]float32, []int, error) {
	a, err := npz.ReadNpy(path)
	if err != nil {
		return nil, nil, err
	}
	if a.Dtype != "<f4" {
		return nil, nil, fmt.Errorf("%s: dtype %s, want <f4", path, a.Dtype)
	}
	out := make([]float32, len(a.Float))
	for i, v := range a.Float {
		out[i] = float32(v) // exact: the values were float32
	}
	return out, a.Shape, nil
}

// readNpyI32 reads an int32 (<i4) array.
func readNpyI32(path string) ([]int32, []int, error) {
	a, err := npz.ReadNpy(path)
	if err != nil {
		return nil, nil, err
	}
	if a.Dtype != "<i4" {
		return nil, nil, fmt.Errorf("%s: dtype %s, want <i4", path, a.Dtype)
	}
	out := make([]int32, len(a.Int))
	for i, v := range a.Int {
		out[i] = int32(v) // exact: the values were int32
	}
	return out, a.Shape, nil
}

func TestNpyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	files := []struct {
		name, descr string
		shape       []int
		data        any
	}{
		{"shape", "<i4", []int{2}, []int32{2, 3}},
		{"indptr", "<i4", []int{3}, []int32{0, 2, 3}},
		{"indices", "<i4", []int{3}, []int32{0, 2, 1}},
		{"data", "<f4", []int{3}, []float32{1.5, -2, 0.25}},
	}
	for _, f := range files {
		if err := writeNpy(filepath.Join(dir, f.name+".npy"), f.descr, f.shape, f.data); err != nil {
			t.Fatal(err)
		}
	}
	M, err := readCSRNpy(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{1.5, 0, -2}, {0, 0.25, 0}}
	for i, row := range want {
		for j, v := range row {
			if M.At(i, j) != v {
				t.Errorf("M[%d,%d] = %v, want %v", i, j, M.At(i, j), v)
			}
		}
	}
	if _, _, err := readNpyF32(filepath.Join(dir, "indptr.npy")); err == nil {
		t.Error("reading int32 data as float32 did not fail")
	}
	if err := writeNpy(filepath.Join(dir, "x.npy"), "<f4", []int{1}, []int32{1}); err == nil {
		t.Error("writing int32 data as <f4 did not fail")
	}
}
