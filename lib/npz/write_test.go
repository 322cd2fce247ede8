package npz

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

var update = flag.Bool("update", false, "rewrite testdata/go_factors*.npz (then run gen_fixtures.py)")

// goldenArrays are the arrays of testdata/go_factors.npz.
func goldenArrays() (u *mat.Dense, s []float64, vt *mat.Dense, f32 []float32, i32 []int32, ints []int) {
	u = mat.NewDense(3, 2, []float64{0.1, -0.2, 1.0 / 3, 2e-300, -7, 1e300})
	s = []float64{3.5, 0.25}
	vt = mat.NewDense(2, 4, []float64{1, 2, 3, 4, 5, 6, 7, 8.125})
	f32 = []float32{1.5, -0.1}
	i32 = []int32{-1, 2147483647}
	ints = []int{-9007199254740993, 42}
	return
}

func writeGolden(path string, compress bool) error {
	u, s, vt, f32, i32, ints := goldenArrays()
	w, err := Create(path, compress)
	if err != nil {
		return err
	}
	w.Dense("U", u)
	w.Write("s", []int{2}, s)
	w.Dense("Vt", vt)
	w.Write("f32", []int{1, 2}, f32)
	w.Write("i32", []int{2}, i32)
	w.Write("ints", []int{2}, ints)
	w.Write("scalar", nil, []float64{2.5})
	return w.Close()
}

// TestWriterGolden checks that the writer still produces the exact bytes
// of testdata/go_factors*.npz, which gen_fixtures.py opened with
// numpy.load(allow_pickle=False), and that what numpy read (recorded in
// expected.json) is what was written.
func TestWriterGolden(t *testing.T) {
	all := loadExpected(t)
	for _, c := range []struct {
		file     string
		compress bool
	}{{"go_factors.npz", false}, {"go_factors_compressed.npz", true}} {
		t.Run(c.file, func(t *testing.T) {
			golden := filepath.Join("testdata", c.file)
			if *update {
				if err := writeGolden(golden, c.compress); err != nil {
					t.Fatal(err)
				}
			}
			p := filepath.Join(t.TempDir(), c.file)
			if err := writeGolden(p, c.compress); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(p)
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("writer output differs from %s (%d vs %d bytes); if intended, run with -update and rerun gen_fixtures.py", golden, len(got), len(want))
			}
			var np map[string]struct {
				Dtype  string    `json:"dtype"`
				Shape  []int     `json:"shape"`
				Values []float64 `json:"values"`
			}
			key := strings.TrimSuffix(c.file, ".npz")
			if err := json.Unmarshal(all[key], &np); err != nil || np == nil {
				t.Fatalf("expected.json has no %q: run gen_fixtures.py (%v)", key, err)
			}
			u, s, vt, f32, i32, ints := goldenArrays()
			f64 := func(v []float32) []float64 {
				out := make([]float64, len(v))
				for i, x := range v {
					out[i] = float64(x)
				}
				return out
			}
			wantArrays := map[string]struct {
				dtype  string
				shape  []int
				values []float64
			}{
				"U":      {"<f8", []int{3, 2}, u.RawMatrix().Data},
				"s":      {"<f8", []int{2}, s},
				"Vt":     {"<f8", []int{2, 4}, vt.RawMatrix().Data},
				"f32":    {"<f4", []int{1, 2}, f64(f32)},
				"i32":    {"<i4", []int{2}, []float64{float64(i32[0]), float64(i32[1])}},
				"ints":   {"<i8", []int{2}, []float64{float64(ints[0]), float64(ints[1])}},
				"scalar": {"<f8", []int{}, []float64{2.5}},
			}
			if len(np) != len(wantArrays) {
				t.Errorf("numpy read %d arrays, want %d", len(np), len(wantArrays))
			}
			for k, w := range wantArrays {
				g, ok := np[k]
				if !ok {
					t.Errorf("numpy did not find %q", k)
					continue
				}
				if g.Dtype != w.dtype || !equalInts(g.Shape, w.shape) || !floats.Equal(g.Values, w.values) {
					t.Errorf("%s: numpy read %s %v %v, want %s %v %v", k, g.Dtype, g.Shape, g.Values, w.dtype, w.shape, w.values)
				}
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRoundTrip writes arrays with the writer and reads them back.
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, compress := range []bool{false, true} {
		p := filepath.Join(dir, "f.npz")
		if err := writeGolden(p, compress); err != nil {
			t.Fatal(err)
		}
		f, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		u, s, _, f32, i32, ints := goldenArrays()
		a, err := f.Array("U")
		if err != nil {
			t.Fatal(err)
		}
		d, err := a.Dense()
		if err != nil {
			t.Fatal(err)
		}
		if !mat.Equal(d, u) {
			t.Errorf("U read back as %v", mat.Formatted(d))
		}
		for _, c := range []struct {
			key  string
			want []float64
		}{{"s", s}, {"f32", []float64{float64(f32[0]), float64(f32[1])}}} {
			a, err := f.Array(c.key)
			if err != nil || !floats.Equal(a.Float, c.want) {
				t.Errorf("%s read back as %v, %v", c.key, a, err)
			}
		}
		for _, c := range []struct {
			key  string
			want []int
		}{{"i32", []int{int(i32[0]), int(i32[1])}}, {"ints", ints}} {
			a, err := f.Array(c.key)
			if err != nil || !equalInts(a.Int, c.want) {
				t.Errorf("%s read back as %v, %v", c.key, a, err)
			}
		}
		if _, err := f.Array("nope"); err == nil || !strings.Contains(err.Error(), "has no array") {
			t.Errorf("missing key: %v", err)
		}
		f.Close()
	}
	// WriteNpy and ReadDense.
	p := filepath.Join(dir, "m.npy")
	want := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	if err := WriteNpy(p, []int{2, 3}, want.RawMatrix().Data); err != nil {
		t.Fatal(err)
	}
	got, err := ReadDense(p)
	if err != nil || !mat.Equal(got, want) {
		t.Errorf("ReadDense(WriteNpy) = %v, %v", got, err)
	}
}

// TestWriterMode checks that a written file has the mode numpy.save's
// get (0644 less the umask, like os.WriteFile(…, 0o644)), not the private
// 0600 of a temporary file.
func TestWriterMode(t *testing.T) {
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref")
	if err := os.WriteFile(ref, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "m.npz")
	if err := writeGolden(p, false); err != nil {
		t.Fatal(err)
	}
	q := filepath.Join(dir, "m.npy")
	if err := WriteNpy(q, []int{1}, []float64{1}); err != nil {
		t.Fatal(err)
	}
	want, _ := os.Stat(ref)
	for _, f := range []string{p, q} {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want.Mode().Perm() {
			t.Errorf("%s: mode %v, want %v", filepath.Base(f), st.Mode().Perm(), want.Mode().Perm())
		}
	}
}

// TestWriterAtomic checks that a failed write leaves the target as it was
// and no temporary file behind.
func TestWriterAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.npz")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		do   func(w *Writer) error
	}{
		{"length", func(w *Writer) error { return w.Write("a", []int{2, 2}, []float64{1}) }},
		{"type", func(w *Writer) error { return w.Write("a", []int{1}, []string{"x"}) }},
		{"twice", func(w *Writer) error {
			w.Write("a", []int{1}, []float64{1})
			return w.Write("a", []int{1}, []float64{1})
		}},
		{"name", func(w *Writer) error { return w.Write("a/b", []int{1}, []float64{1}) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, err := Create(p, false)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.do(w); err == nil {
				t.Error("bad write gave no error")
			}
			if err := w.Close(); err == nil {
				t.Error("Close after a failed write gave no error")
			}
			checkUntouched(t, dir, p)
		})
	}
	w, err := Create(p, true)
	if err != nil {
		t.Fatal(err)
	}
	w.Write("a", []int{1}, []float64{1})
	w.Abort()
	checkUntouched(t, dir, p)
	if err := WriteNpy(p, []int{3}, []float64{1}); err == nil {
		t.Error("WriteNpy with a wrong length gave no error")
	}
	checkUntouched(t, dir, p)
	if _, err := Create(filepath.Join(dir, "no", "such", "dir.npz"), false); err == nil {
		t.Error("Create in a missing folder gave no error")
	}
}

func checkUntouched(t *testing.T, dir, p string) {
	t.Helper()
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("target changed to %q", b)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only out.npz", names)
	}
}
