package npz

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/svd"
)

// fixture is one entry of testdata/expected.json (gen_fixtures.py).
type fixture struct {
	Shape []int     `json:"shape"`
	Dense []float64 `json:"dense"`
	SVD   []float64 `json:"randomized_svd_k3_niter2_s"`
	Sum   float64   `json:"sum"`
}

func loadExpected(t *testing.T) map[string]json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func fixtureOf(t *testing.T, all map[string]json.RawMessage, name string) fixture {
	t.Helper()
	var f fixture
	if err := json.Unmarshal(all[name], &f); err != nil || f.Shape == nil {
		t.Fatalf("expected.json has no entry %q (%v)", name, err)
	}
	return f
}

func denseOf(m mat.Matrix) []float64 {
	r, c := m.Dims()
	out := make([]float64, 0, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			out = append(out, m.At(i, j))
		}
	}
	return out
}

// TestReadCSRFixtures reads each sparse file SciPy wrote and compares the
// matrix with the dense form SciPy gave (exact: the values are small
// integers or float32 widened, both exact in float64).
func TestReadCSRFixtures(t *testing.T) {
	all := loadExpected(t)
	for _, name := range []string{"csr_counts.npz", "csr_stored.npz", "csr_int64.npz", "csr_float32.npz", "csc.npz", "csr_unsorted.npz"} {
		t.Run(name, func(t *testing.T) {
			want := fixtureOf(t, all, name)
			x, err := ReadCSR(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			r, c := x.Dims()
			if r != want.Shape[0] || c != want.Shape[1] {
				t.Fatalf("shape %d×%d, want %v", r, c, want.Shape)
			}
			if got := denseOf(x); !floats.Equal(got, want.Dense) {
				t.Errorf("matrix differs from SciPy's:\n got %v\nwant %v", got, want.Dense)
			}
			// The structure is canonical: NewCSR would refuse anything else.
			ip, ix, d := x.Raw()
			for i := 0; i < r; i++ {
				for p := ip[i] + 1; p < ip[i+1]; p++ {
					if ix[p] <= ix[p-1] {
						t.Fatalf("row %d not sorted: %v", i, ix[ip[i]:ip[i+1]])
					}
				}
			}
			if len(d) != x.NNZ() {
				t.Errorf("len(data) %d, NNZ %d", len(d), x.NNZ())
			}
		})
	}
}

// TestReadCSRRandomizedSVD factorizes the matrix read from SciPy's file
// and compares with scikit-learn's randomized_svd(X, 3, n_iter=2,
// random_state=0) on the same file (relative 1e-12: our Gaussians may
// differ from NumPy's in the last bit).
func TestReadCSRRandomizedSVD(t *testing.T) {
	want := fixtureOf(t, loadExpected(t), "csr_counts.npz")
	x, err := ReadCSR(filepath.Join("testdata", "csr_counts.npz"))
	if err != nil {
		t.Fatal(err)
	}
	if got := x.Sum(); got != want.Sum {
		t.Errorf("sum %v, want %v", got, want.Sum)
	}
	var r svd.Randomized
	if err := r.Factorize(x, 3, &svd.RandomizedOptions{Iters: 2}); err != nil {
		t.Fatal(err)
	}
	s := r.Values(nil)
	for i := range s {
		if d := (s[i] - want.SVD[i]) / want.SVD[i]; d > 1e-12 || d < -1e-12 {
			t.Errorf("s[%d] = %.17g, scikit-learn %.17g (rel. diff %.2g)", i, s[i], want.SVD[i], d)
		}
	}
}

func TestReadDenseFixtures(t *testing.T) {
	all := loadExpected(t)
	for _, name := range []string{"dense_f8.npy", "dense_f4.npy", "dense_fortran.npy", "dense_i8.npy", "dense_u1_fortran.npy"} {
		t.Run(name, func(t *testing.T) {
			want := fixtureOf(t, all, name)
			d, err := ReadDense(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			r, c := d.Dims()
			if r != want.Shape[0] || c != want.Shape[1] {
				t.Fatalf("shape %d×%d, want %v", r, c, want.Shape)
			}
			if got := denseOf(d); !floats.Equal(got, want.Dense) {
				t.Errorf("matrix differs from numpy's:\n got %v\nwant %v", got, want.Dense)
			}
		})
	}
}

// TestReadErrors checks that every malformed file is an error naming the
// problem (and the fix where there is one), never a panic.
func TestReadErrors(t *testing.T) {
	for _, c := range []struct {
		file, want string
	}{
		{"bad_dup.npz", "X.sum_duplicates()"},
		{"bad_nan.npz", "NaN"},
		{"bad_inf.npz", "+Inf"},
		{"bad_range.npz", "outside [0, 3)"},
		{"bad_negindex.npz", "index -1"},
		{"bad_indptr_len.npz", "indptr has 2 entries"},
		{"bad_indptr_dec.npz", "indptr decreases"},
		{"bad_nnz.npz", "indptr ends at 4"},
		{"bad_missing.npz", "missing indices"},
		{"bad_format_bsr.npz", "X.tocsr()"},
		{"coo.npz", "X.tocsr()"},
		{"bad_data_str.npz", "holds bytes"},
		{"bad_data_bool.npz", "not supported"},
		{"bad_shape.npz", "two non-negative integers"},
		{"bad_object.npz", "pickle"},
		{"dense_in.npz", "no format array"},
		{"dense_f8.npy", "not an .npz"},
		{"missing.npz", "no such file"},
	} {
		t.Run(c.file, func(t *testing.T) {
			_, err := ReadCSR(filepath.Join("testdata", c.file))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("ReadCSR: error %v, want one containing %q", err, c.want)
			}
		})
	}
	for _, c := range []struct {
		file, want string
	}{
		{"bad_1d.npy", "want a matrix"},
		{"bad_bool.npy", "not supported"},
		{"bad_complex.npy", "not supported"},
		{"bad_bigendian.npy", "big-endian"},
		{"bad_object.npy", "pickle"},
		{"bad_nan.npy", "NaN"},
		{"bad_i8_inexact.npy", "not exact"},
		{"csr_counts.npz", "not an .npy"},
	} {
		t.Run(c.file, func(t *testing.T) {
			_, err := ReadDense(filepath.Join("testdata", c.file))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("ReadDense: error %v, want one containing %q", err, c.want)
			}
		})
	}
}

// TestReadTruncatedAndCorrupt cuts and damages valid files at every length
// and byte: each must give an error (or, for a change the format cannot
// see, a matrix), never a panic.
func TestReadTruncatedAndCorrupt(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"csr_stored.npz", "csr_counts.npz", "dense_f8.npy", "dense_fortran.npy"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		read := func(p string) error {
			if strings.HasSuffix(name, ".npy") {
				_, err := ReadDense(p)
				return err
			}
			_, err := ReadCSR(p)
			return err
		}
		p := filepath.Join(dir, name)
		for n := 0; n < len(b); n += max(1, len(b)/100) {
			if err := os.WriteFile(p, b[:n], 0o644); err != nil {
				t.Fatal(err)
			}
			if read(p) == nil {
				t.Errorf("%s cut to %d of %d bytes: no error", name, n, len(b))
			}
		}
		// Flipping any byte of a stored archive's members is caught by the
		// zip checksums; for .npy and headers, by the header checks or not
		// at all (a changed value), but never with a panic.
		for i := 0; i < len(b); i += max(1, len(b)/150) {
			c := append([]byte(nil), b...)
			c[i] ^= 0x5a
			if err := os.WriteFile(p, c, 0o644); err != nil {
				t.Fatal(err)
			}
			_ = read(p)
		}
	}
}

// TestReadLyingDirectory rewrites the sizes in a stored archive's central
// directory: a member claiming far more bytes than the file holds must be
// refused before anything of that size is allocated.
func TestReadLyingDirectory(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "csr_stored.npz"))
	if err != nil {
		t.Fatal(err)
	}
	// Central directory entries start with PK\x01\x02; the compressed and
	// uncompressed sizes are at offsets 20 and 24.
	c := append([]byte(nil), b...)
	n := 0
	for i := 0; i+28 <= len(c); i++ {
		if string(c[i:i+4]) == "PK\x01\x02" {
			for _, off := range []int{20, 24} {
				c[i+off], c[i+off+1], c[i+off+2], c[i+off+3] = 0xff, 0xff, 0xff, 0x7f
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no central directory entry found")
	}
	p := filepath.Join(t.TempDir(), "lie.npz")
	if err := os.WriteFile(p, c, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadCSR(p); err == nil || !strings.Contains(err.Error(), "corrupt archive directory") {
		t.Errorf("a directory claiming 2 GB members: error %v, want the directory refused", err)
	}
}

// TestReadHeaderErrors feeds hand-made headers to ReadNpy.
func TestReadHeaderErrors(t *testing.T) {
	dir := t.TempDir()
	npy := func(v byte, dict string) []byte {
		b := []byte("\x93NUMPY")
		b = append(b, v, 0, byte(len(dict)), byte(len(dict)>>8))
		return append(b, dict...)
	}
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "too short"},
		{"magic", []byte("PK\x03\x04xxxxxxxx"), "magic"},
		{"version", npy(9, "{}\n"), "version 9"},
		{"no newline", npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"), "newline"},
		{"no dict", npy(1, "hello\n"), "corrupt header"},
		{"order", npy(1, "{'shape': (1,), 'descr': '<f8', 'fortran_order': False, }\n"), "in that order"},
		{"bad order value", npy(1, "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }\n"), "fortran_order"},
		{"bad shape", npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (x,), }\n"), "corrupt header"},
		{"negative", npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }\n"), "negative"},
		{"huge", npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000, 100000000000), }\n"), "too large"},
		{"short payload", append(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n"), 1, 2, 3), "truncated"},
		{"long payload", append(npy(1, "{'descr': '<i1', 'fortran_order': False, 'shape': (2,), }\n"), 1, 2, 3), "bytes follow"},
		{"structured", npy(1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }\n"), "structured"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, "x.npy")
			if err := os.WriteFile(p, c.b, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadNpy(p)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}
