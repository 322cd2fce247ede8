package nb

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// cellRun simulates one GoNB cell's program for Var: the declaration it
// initialises, the text of what that declaration uses, and the program.
// A new process is simulated by forgetting the generations seen so far.
func cellRun(t *testing.T, names []string, src, prog string, deps ...string) {
	t.Helper()
	gens.Clear()
	siteHook = func(int, func(string) bool) (site, bool) {
		return site{names: names, src: hash16([]byte(src)), prog: hash16([]byte(prog)), deps: deps}, true
	}
	t.Cleanup(func() { siteHook = nil })
}

func TestVarDependsOnNewerVar(t *testing.T) {
	useTempStore(t)
	n := 0
	cellRun(t, []string{"a"}, "a", "p1")
	Var(func() int { n++; return 1 })
	cellRun(t, []string{"b"}, "b uses a", "p1", "a")
	gens.Store("a", uint64(1)) // a's generation as p1 saw it... any older than b's
	b := Var(func() int { n++; return 2 })
	if n != 2 || b != 2 {
		t.Fatalf("setup: n = %d, b = %d", n, b)
	}
	// A later program: a was recomputed (newer generation), so b is stale.
	cellRun(t, []string{"b"}, "b uses a", "p2", "a")
	gens.Store("a", newGen())
	Var(func() int { n++; return 2 })
	if n != 3 {
		t.Errorf("b was not recomputed after a changed: %d computations", n)
	}
	// Nothing changed since: read back.
	cellRun(t, []string{"b"}, "b uses a", "p3", "a")
	gens.Store("a", uint64(1))
	Var(func() int { n++; return 2 })
	if n != 3 {
		t.Errorf("b was recomputed although a is older: %d computations", n)
	}
}

func TestVarTwoValuesAndCorruption(t *testing.T) {
	s := useTempStore(t)
	var warn bytes.Buffer
	stderr = &warn
	defer func() { stderr = os.Stderr }()
	n := 0
	f := func() (*mat.Dense, []string) { n++; return Ones(1, 2), []string{"cosmos", "cost"} }
	cellRun(t, []string{"W", "vocab"}, "W, vocab = f()", "p1")
	Var2(f)
	// Damage the stored vocabulary.
	p := s.path("vocab")
	b := readFile(t, p)
	b[len(b)-2] ^= 0xff
	writeFile(t, p, b)
	cellRun(t, []string{"W", "vocab"}, "W, vocab = f()", "p2")
	w, vocab := Var2(f)
	if n != 2 {
		t.Errorf("a damaged value was used: %d computations", n)
	}
	if !strings.Contains(warn.String(), "vocab") || !strings.Contains(warn.String(), "computing it again") {
		t.Errorf("no warning naming the damaged value: %q", warn.String())
	}
	if mat.Sum(w) != 2 || vocab[1] != "cost" {
		t.Errorf("values after recomputing: %v %v", w, vocab)
	}
}

// Outside a top-level declaration Var just computes.
func TestVarOutsideDeclaration(t *testing.T) {
	useTempStore(t)
	n := 0
	for i := 0; i < 2; i++ {
		if v := Var(func() int { n++; return 7 }); v != 7 {
			t.Fatal(v)
		}
	}
	if n != 2 {
		t.Errorf("Var outside a declaration computed %d times, want 2", n)
	}
}

func mustStore(t *testing.T) *store {
	s, err := openStore()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readFile(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, p string, b []byte) {
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
