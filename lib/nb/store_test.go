package nb

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

func useTempStore(t *testing.T) *store {
	t.Helper()
	t.Setenv(EnvStoreDir, t.TempDir())
	s, err := openStore()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var testMeta = meta{src: [16]byte{1}, prog: [16]byte{2}, gen: 7}

func TestRoundTrip(t *testing.T) {
	s := useTempStore(t)
	a := mat.NewDense(3, 4, []float64{1, -2, 3.5, math.Pi, 0, 1e-300, math.Copysign(0, -1), 7, 8, 9, math.Inf(1), 11})
	m, err := sparse.NewCSR(3, 5, []int{0, 2, 2, 4}, []int{1, 4, 0, 3}, []float64{1.5, -2, 3, 1e-9})
	if err != nil {
		t.Fatal(err)
	}
	bunch := &newsgroups.Bunch{Data: []string{"a post", "another"}, Target: []int{1, 0}, TargetNames: []string{"x", "y"}}
	view := mat.NewDense(4, 4, []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}).Slice(1, 3, 1, 3).(*mat.Dense)
	for name, v := range map[string]any{"a": a, "view": view, "s": []float64{3, 2, 1}, "m": m, "bunch": bunch,
		"vocab": []string{"cosmonauts", "cosmos"}, "d": 5, "lam": 1e3, "empty": &mat.Dense{}} {
		if err := s.save(name, v, testMeta); err != nil {
			t.Fatalf("save %s: %v", name, err)
		}
	}
	got, gm, err := load[*mat.Dense](s, "a")
	if err != nil || gm != testMeta {
		t.Fatalf("load a: %v (meta %+v)", err, gm)
	}
	if !mat.Equal(got, a) || math.Float64bits(got.At(1, 2)) != math.Float64bits(math.Copysign(0, -1)) {
		t.Errorf("Dense round trip: got %v, want %v", mat.Formatted(got), mat.Formatted(a))
	}
	if v, _, err := load[*mat.Dense](s, "view"); err != nil || !mat.Equal(v, view) {
		t.Errorf("strided view: %v, %v", err, v)
	}
	if v, _, err := load[*mat.Dense](s, "empty"); err != nil || !v.IsEmpty() {
		t.Errorf("empty Dense: %v, %v", err, v)
	}
	if v, _, err := load[[]float64](s, "s"); err != nil || len(v) != 3 || v[0] != 3 || v[2] != 1 {
		t.Errorf("[]float64: %v, %v", v, err)
	}
	if v, _, err := load[*sparse.CSR](s, "m"); err != nil || !mat.Equal(v, m) {
		t.Errorf("CSR: %v, %v", err, v)
	}
	if v, _, err := load[*newsgroups.Bunch](s, "bunch"); err != nil || v.Data[1] != "another" || v.Target[0] != 1 {
		t.Errorf("Bunch: %+v, %v", v, err)
	}
	if v, _, err := load[int](s, "d"); err != nil || v != 5 {
		t.Errorf("int: %v, %v", v, err)
	}
	if v, _, err := load[float64](s, "lam"); err != nil || v != 1e3 {
		t.Errorf("float64: %v, %v", v, err)
	}
	if _, _, err := load[int](s, "never"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing value: %v, want ErrNotExist", err)
	}
}

func TestWrongTypeNamesBoth(t *testing.T) {
	s := useTempStore(t)
	for name, v := range map[string]any{"U": mat.NewDense(1, 1, []float64{1}), "s": []float64{1}, "m": mustCSR(t), "vocab": []string{"a"}} {
		if err := s.save(name, v, testMeta); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		load func() error
		want []string
	}{
		{"U", func() error { _, _, err := load[[]string](s, "U"); return err }, []string{"*mat.Dense", "[]string"}},
		{"s", func() error { _, _, err := load[*mat.Dense](s, "s"); return err }, []string{"[]float64", "*mat.Dense"}},
		{"m", func() error { _, _, err := load[[]float64](s, "m"); return err }, []string{"*sparse.CSR", "[]float64"}},
		{"vocab", func() error { _, _, err := load[[]float64](s, "vocab"); return err }, []string{"[]float64"}},
	} {
		err := tc.load()
		if err == nil {
			t.Errorf("%s loaded as the wrong type without an error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not name %s", tc.name, err, w)
			}
		}
	}
}

func TestNilValuesAreErrors(t *testing.T) {
	s := useTempStore(t)
	for _, v := range []any{(*mat.Dense)(nil), (*sparse.CSR)(nil), (*newsgroups.Bunch)(nil), nil} {
		err := s.save("x", v, testMeta)
		if err == nil || !strings.Contains(err.Error(), "nil") {
			t.Errorf("save(%T nil): err %v, want one saying it is nil", v, err)
		}
	}
	if _, err := os.Stat(s.path("x")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed save left a file: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(s.dir, ".tmp-*"))
	if len(left) > 0 {
		t.Errorf("a failed save left temporaries: %v", left)
	}
}

// damage saves v, applies f to the file's bytes and reports what load says.
func damage[T any](t *testing.T, v any, f func(b []byte) []byte) error {
	t.Helper()
	s := useTempStore(t)
	if err := s.save("v", v, testMeta); err != nil {
		t.Fatal(err)
	}
	p := s.path("v")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, f(b), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = load[T](s, "v")
	return err
}

func TestCorruptFilesGiveErrors(t *testing.T) {
	dense := mat.NewDense(30, 40, nil)
	for i := range 30 {
		dense.Set(i, i, float64(i))
	}
	csr, _ := sparse.NewCSR(2, 3, []int{0, 1, 2}, []int{0, 2}, []float64{1, 2})
	flip := func(off int) func([]byte) []byte {
		return func(b []byte) []byte { b[off] ^= 0x10; return b }
	}
	setU64 := func(off int, v uint64) func([]byte) []byte {
		return func(b []byte) []byte {
			for i := range 8 {
				b[off+i] = byte(v >> (8 * i))
			}
			// Re-sign the header, as a clever corruption would.
			h := checksum(b[:124])
			b[124], b[125], b[126], b[127] = byte(h), byte(h>>8), byte(h>>16), byte(h>>24)
			return b
		}
	}
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"dense: flipped data byte", damage[*mat.Dense](t, dense, flip(dataOffset+8*41))},
		{"dense: flipped header byte", damage[*mat.Dense](t, dense, flip(40))},
		{"dense: truncated", damage[*mat.Dense](t, dense, func(b []byte) []byte { return b[:len(b)-8] })},
		{"dense: extended", damage[*mat.Dense](t, dense, func(b []byte) []byte { return append(b, 0, 0, 0, 0, 0, 0, 0, 0) })},
		{"dense: huge rows, re-signed", damage[*mat.Dense](t, dense, setU64(40, 1<<62))},
		{"dense: rows×cols overflow, re-signed", damage[*mat.Dense](t, dense, setU64(48, 1<<40))},
		{"dense: header only", damage[*mat.Dense](t, dense, func(b []byte) []byte { return b[:100] })},
		{"dense: empty file", damage[*mat.Dense](t, dense, func(b []byte) []byte { return nil })},
		{"floats: flipped data byte", damage[[]float64](t, []float64{1, 2, 3}, flip(dataOffset+3))},
		{"csr: flipped index byte", damage[*sparse.CSR](t, csr, flip(dataOffset+8*3))},
		{"csr: bad nnz, re-signed", damage[*sparse.CSR](t, csr, setU64(56, 1<<50))},
		{"gob: flipped byte", damage[[]string](t, []string{"cosmos", "cosmonauts"}, flip(dataOffset+5))},
		{"not a value file", damage[[]string](t, []string{"x"}, func(b []byte) []byte { return []byte("hello, world") })},
	} {
		if tc.err == nil {
			t.Errorf("%s: loaded without an error", tc.name)
		} else if !errors.Is(tc.err, errCorrupt) {
			t.Errorf("%s: error %v does not say the value is corrupt", tc.name, tc.err)
		}
	}
}

// A valid CSR payload whose indices are out of range, with correct
// checksums, is still refused.
func TestCSRStructureChecked(t *testing.T) {
	s := useTempStore(t)
	h := header{kind: kindCSR, state: stateSealed, dims: [3]uint64{2, 3, 2}}
	p := payload{ints: []int{0, 1, 2, 0, 7}, floats: []float64{1, 2}}
	h.length, h.crc = uint64(p.size()), p.checksum()
	b := append(make([]byte, dataOffset), p.chunks()[0]...)
	b = append(b, p.chunks()[1]...)
	copy(b, h.marshal())
	if err := os.WriteFile(s.path("m"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := load[*sparse.CSR](s, "m"); !errors.Is(err, errCorrupt) {
		t.Errorf("CSR with column 7 of 3: err %v, want corrupt", err)
	}
}

// FuzzLoad feeds arbitrary bytes to the value reader, with and without a
// correct header checksum: it must return a value or an error, never
// panic or allocate more than the file's size suggests.
func FuzzLoad(f *testing.F) {
	dir := f.TempDir()
	f.Setenv(EnvStoreDir, dir)
	s, err := openStore()
	if err != nil {
		f.Fatal(err)
	}
	csr, _ := sparse.NewCSR(2, 3, []int{0, 1, 2}, []int{0, 2}, []float64{1, 2})
	for _, v := range []any{mat.NewDense(2, 2, []float64{1, 2, 3, 4}), []float64{1, 2}, csr, []string{"a", "b"}} {
		if err := s.save("seed", v, testMeta); err != nil {
			f.Fatal(err)
		}
		b, _ := os.ReadFile(s.path("seed"))
		f.Add(b, false)
	}
	defer func(d time.Duration) { openWaitTimeout = d }(openWaitTimeout)
	openWaitTimeout = time.Millisecond // a header may name a live process as its writer
	f.Fuzz(func(t *testing.T, b []byte, resign bool) {
		if resign && len(b) >= headerSize {
			b = append([]byte(nil), b...)
			h := checksum(b[:124])
			b[124], b[125], b[126], b[127] = byte(h), byte(h>>8), byte(h>>16), byte(h>>24)
		}
		p := s.path("fuzz")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		os.Remove(stampPath(p))
		load[*mat.Dense](s, "fuzz")
		load[[]float64](s, "fuzz")
		load[*sparse.CSR](s, "fuzz")
		load[[]string](s, "fuzz")
	})
}

func mustCSR(t *testing.T) *sparse.CSR {
	m, err := sparse.NewCSR(2, 2, []int{0, 1, 1}, []int{1}, []float64{4})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
