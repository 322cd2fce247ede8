package notebook

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

func useTempStore(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	t.Setenv(EnvCacheDir, d)
	return d
}

func TestKeepGetDense(t *testing.T) {
	useTempStore(t)
	a := mat.NewDense(3, 4, []float64{1, -2, 3.5, math.Pi, 0, 1e-300, -0.0, 7, 8, 9, 10, 11})
	if err := Keep("U", a); err != nil {
		t.Fatal(err)
	}
	got, err := Get[*mat.Dense]("U")
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(a, got) {
		t.Errorf("Dense round trip: got %v, want %v", mat.Formatted(got), mat.Formatted(a))
	}
	// Bit-exact, including -0 and subnormal-adjacent values.
	if math.Float64bits(got.At(1, 2)) != math.Float64bits(-0.0) {
		t.Errorf("-0 lost its sign")
	}
	// Asking for the wrong type is an error that names both types.
	if _, err := Get[[]float64]("U"); err == nil || !strings.Contains(err.Error(), "*mat.Dense") {
		t.Errorf("Get with the wrong type: err %v, want one naming *mat.Dense", err)
	}
}

func TestKeepGetVecAndCSR(t *testing.T) {
	useTempStore(t)
	v := mat.NewVecDense(3, []float64{1, 2, 3})
	if err := Keep("s", v); err != nil {
		t.Fatal(err)
	}
	gv, err := Get[*mat.VecDense]("s")
	if err != nil || !mat.Equal(v, gv) {
		t.Fatalf("VecDense round trip: %v, %v", gv, err)
	}
	m, err := sparse.NewCSR(3, 5, []int{0, 2, 2, 4}, []int{1, 4, 0, 3}, []float64{1.5, -2, 3, 1e-9})
	if err != nil {
		t.Fatal(err)
	}
	if err := Keep("vectors", m); err != nil {
		t.Fatal(err)
	}
	gm, err := Get[*sparse.CSR]("vectors")
	if err != nil {
		t.Fatal(err)
	}
	if r, c := gm.Dims(); r != 3 || c != 5 || gm.NNZ() != 4 {
		t.Fatalf("CSR dims %dx%d nnz %d, want 3x5 nnz 4", r, c, gm.NNZ())
	}
	if !mat.Equal(m.ToDense(), gm.ToDense()) {
		t.Errorf("CSR round trip differs")
	}
}

type bunch struct {
	Data   []string
	Target []int
	Names  []string
	S      []float64
}

func TestKeepGetGob(t *testing.T) {
	useTempStore(t)
	b := bunch{Data: []string{"a post", "another"}, Target: []int{1, 3}, Names: []string{"x", "y"}, S: []float64{0.5, math.Inf(1)}}
	if err := Keep("data", b); err != nil {
		t.Fatal(err)
	}
	got, err := Get[bunch]("data")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Data, "|") != "a post|another" || got.Target[1] != 3 || !math.IsInf(got.S[1], 1) {
		t.Errorf("gob round trip: got %+v", got)
	}
	// A pointer stored, a pointer read.
	if err := Keep("ptr", &b); err != nil {
		t.Fatal(err)
	}
	p, err := Get[*bunch]("ptr")
	if err != nil || p.Names[0] != "x" {
		t.Errorf("pointer round trip: %+v, %v", p, err)
	}
	// Keep replaces.
	if err := Keep("data", bunch{Target: []int{9}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := Get[bunch]("data"); len(got.Target) != 1 || got.Target[0] != 9 {
		t.Errorf("Keep did not replace: %+v", got)
	}
}

func TestGetMissing(t *testing.T) {
	useTempStore(t)
	_, err := Get[*mat.Dense]("Vh")
	if !errors.Is(err, ErrNotStored) || !strings.Contains(err.Error(), `"Vh"`) || !strings.Contains(err.Error(), "run the cell") {
		t.Errorf("missing value: err %v, want ErrNotStored naming Vh and the fix", err)
	}
	if _, err := Get[int](""); err == nil {
		t.Error("empty name accepted")
	}
}

func TestCached(t *testing.T) {
	useTempStore(t)
	calls := 0
	compute := func() ([]float64, error) { calls++; return []float64{1, 2, 3}, nil }
	for i := 0; i < 3; i++ {
		v, err := Cached("s", compute)
		if err != nil || len(v) != 3 || v[2] != 3 {
			t.Fatalf("Cached: %v, %v", v, err)
		}
	}
	if calls != 1 {
		t.Errorf("compute ran %d times, want 1", calls)
	}
	// An error from compute is returned and nothing is stored.
	boom := errors.New("no data")
	if _, err := Cached("other", func() (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("Cached error: %v", err)
	}
	if _, err := Get[int]("other"); !errors.Is(err, ErrNotStored) {
		t.Errorf("a failed compute stored something: %v", err)
	}
	// Forget makes the next Cached compute again.
	if err := Forget("s"); err != nil {
		t.Fatal(err)
	}
	if _, err := Cached("s", compute); err != nil || calls != 2 {
		t.Errorf("after Forget: calls %d, err %v", calls, err)
	}
	if err := Forget("never stored"); err != nil {
		t.Errorf("Forget of a missing value: %v", err)
	}
}

func TestCorruptAndVersion(t *testing.T) {
	dir := useTempStore(t)
	if err := Keep("x", []int{1}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "x-*.val"))
	if len(files) != 1 {
		t.Fatalf("want one file for x, got %v", files)
	}
	b, _ := os.ReadFile(files[0])
	// Another format version reads as missing, and Cached recomputes.
	b2 := append([]byte(nil), b...)
	b2[len(magic)] = formatVersion + 1
	os.WriteFile(files[0], b2, 0o644)
	if _, err := Get[[]int]("x"); !errors.Is(err, ErrNotStored) {
		t.Errorf("other version: %v, want ErrNotStored", err)
	}
	v, err := Cached("x", func() ([]int, error) { return []int{2}, nil })
	if err != nil || v[0] != 2 {
		t.Errorf("Cached over an old version: %v %v", v, err)
	}
	// A truncated file is an error, not a panic.
	os.WriteFile(files[0], b[:len(magic)-3], 0o644)
	if _, err := Get[[]int]("x"); err == nil {
		t.Error("truncated file read without error")
	}
}

func TestNamesDoNotCollide(t *testing.T) {
	useTempStore(t)
	Keep("a/b", 1)
	Keep("a_b", 2)
	x, _ := Get[int]("a/b")
	y, _ := Get[int]("a_b")
	if x != 1 || y != 2 {
		t.Errorf("a/b=%d a_b=%d, want 1 and 2", x, y)
	}
}

func TestDirChoice(t *testing.T) {
	t.Setenv(EnvCacheDir, "")
	t.Setenv("GONB_TMP_DIR", "/tmp/gonb_x")
	if d, _ := Dir(); d != "/tmp/gonb_x/topicmodel-values" {
		t.Errorf("inside GoNB: Dir = %q", d)
	}
	t.Setenv("GONB_TMP_DIR", "")
	if d, err := Dir(); err == nil && !strings.HasSuffix(d, filepath.Join("topicmodel", "notebook")) {
		t.Errorf("outside GoNB: Dir = %q", d)
	}
	t.Setenv(EnvCacheDir, "/some/where")
	if d, _ := Dir(); d != "/some/where" {
		t.Errorf("with %s: Dir = %q", EnvCacheDir, d)
	}
}

func BenchmarkGetDense(b *testing.B) {
	d := b.TempDir()
	b.Setenv(EnvCacheDir, d)
	a := mat.NewDense(2034, 2034, nil)
	Keep("U", a)
	b.SetBytes(8 * 2034 * 2034)
	for b.Loop() {
		if _, err := Get[*mat.Dense]("U"); err != nil {
			b.Fatal(err)
		}
	}
}
