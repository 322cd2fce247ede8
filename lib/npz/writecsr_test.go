package npz

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/fastai-go/topicmodel/internal/testenv"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// csrCases are matrices WriteCSR must write as save_npz does: empty rows,
// an empty matrix, values that need all 17 digits, and one so wide that
// its indices need int64.
func csrCases(t *testing.T) map[string]*sparse.CSR {
	t.Helper()
	mk := func(r, c int, indptr, indices []int, data []float64) *sparse.CSR {
		m, err := sparse.NewCSR(r, c, indptr, indices, data)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	return map[string]*sparse.CSR{
		"small": mk(4, 5, []int{0, 2, 2, 5, 6}, []int{0, 3, 1, 2, 4, 4}, []float64{1, 0.1, 1.0 / 3, -2e-300, 7e300, 0}),
		"empty": mk(0, 7, []int{0}, nil, nil),
		"wide":  mk(2, 1<<31+5, []int{0, 1, 2}, []int{1<<31 + 4, 3}, []float64{math.Pi, -math.E}),
	}
}

// TestWriteCSRRoundTrip checks that ReadCSR gives back exactly what
// WriteCSR wrote, stored and deflated, and that the index dtype is
// SciPy's choice.
func TestWriteCSRRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for name, m := range csrCases(t) {
		for _, compress := range []bool{false, true} {
			p := filepath.Join(dir, name+".npz")
			if err := WriteCSR(p, m, compress); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got, err := ReadCSR(p)
			if err != nil {
				t.Fatalf("%s compress=%v: %v", name, compress, err)
			}
			gr, gc := got.Dims()
			wr, wc := m.Dims()
			if gr != wr || gc != wc || !slices.Equal(got.Indptr(), m.Indptr()) || !slices.Equal(got.Indices(), m.Indices()) || !slices.Equal(got.Data(), m.Data()) {
				t.Errorf("%s compress=%v: read back a different matrix", name, compress)
			}
			f, err := Open(p)
			if err != nil {
				t.Fatal(err)
			}
			if keys := f.Keys(); !slices.Equal(keys, []string{"indices", "indptr", "format", "shape", "data"}) {
				t.Errorf("%s: keys %v, want save_npz's order", name, keys)
			}
			ind, err := f.Array("indices")
			if err != nil {
				t.Fatal(err)
			}
			want := "<i4"
			if name == "wide" {
				want = "<i8"
			}
			if ind.Dtype != want {
				t.Errorf("%s: indices dtype %s, want %s", name, ind.Dtype, want)
			}
			f.Close()
		}
	}
}

// TestWriteCSRScipy checks that scipy.sparse.load_npz reads what WriteCSR
// wrote as the same CSR matrix, value for value (Python's repr of a float
// reads back to the same float64).
func TestWriteCSRScipy(t *testing.T) {
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		testenv.Missing(t, py+" is missing, so scipy.sparse.load_npz cannot check WriteCSR")
		return
	}
	if err := exec.Command(py, "-c", "import scipy.sparse").Run(); err != nil {
		testenv.Missing(t, "scipy is missing from "+py+" (apt-get install python3-scipy)")
		return
	}
	dir := t.TempDir()
	cases := csrCases(t)
	var paths []string
	var names []string
	for name, m := range cases {
		for _, compress := range []bool{false, true} {
			p := filepath.Join(dir, name+map[bool]string{false: ".npz", true: "_z.npz"}[compress])
			if err := WriteCSR(p, m, compress); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
			names = append(names, name)
		}
	}
	script := `
import json, sys, scipy.sparse
out = []
for p in sys.argv[1:]:
    m = scipy.sparse.load_npz(p)
    out.append({"format": m.format, "shape": list(m.shape), "indptr": m.indptr.tolist(),
                "indices": m.indices.tolist(), "data": m.data.tolist(), "index_dtype": str(m.indices.dtype)})
print(json.dumps(out))
`
	b, err := exec.Command(py, append([]string{"-c", script}, paths...)...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("scipy.sparse.load_npz failed: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var got []struct {
		Format     string    `json:"format"`
		Shape      []int     `json:"shape"`
		Indptr     []int     `json:"indptr"`
		Indices    []int     `json:"indices"`
		Data       []float64 `json:"data"`
		IndexDtype string    `json:"index_dtype"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	for i, g := range got {
		m := cases[names[i]]
		r, c := m.Dims()
		if g.Format != "csr" || !slices.Equal(g.Shape, []int{r, c}) || !slices.Equal(g.Indptr, m.Indptr()) ||
			!slices.Equal(g.Indices, m.Indices()) || !slices.Equal(g.Data, m.Data()) {
			t.Errorf("%s: scipy read %+v", paths[i], g)
		}
		if want := map[bool]string{false: "int32", true: "int64"}[names[i] == "wide"]; g.IndexDtype != want {
			t.Errorf("%s: scipy's indices are %s, want %s", paths[i], g.IndexDtype, want)
		}
	}
	if len(got) != len(paths) {
		t.Errorf("scipy read %d files, want %d", len(got), len(paths))
	}
}

// TestWriteCSRAtomic checks that a failed write leaves no temporary file
// behind and the target untouched: here the target is a folder, which the
// final rename cannot replace (as root too).
func TestWriteCSRAtomic(t *testing.T) {
	m := csrCases(t)["small"]
	if err := WriteCSR(filepath.Join(t.TempDir(), "no", "such", "x.npz"), m, false); err == nil {
		t.Error("no error for a missing folder")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "x.npz")
	if err := os.MkdirAll(filepath.Join(p, "keep"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSR(p, m, true); err == nil {
		t.Fatal("no error writing over a folder")
	}
	if e, _ := os.ReadDir(dir); len(e) != 1 || e[0].Name() != "x.npz" {
		t.Errorf("the folder holds %v, want only the old target", e)
	}
	if _, err := os.Stat(filepath.Join(p, "keep")); err != nil {
		t.Errorf("the target changed: %v", err)
	}
}
