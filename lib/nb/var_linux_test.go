//go:build linux

package nb

import (
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestVarAcrossCells(t *testing.T) {
	useTempStore(t)
	calls := 0
	ones := func() *mat.Dense { calls++; return Ones(2, 3) }

	// Cell 1 declares W: computed.
	cellRun(t, []string{"W"}, "W = ones()", "cell 1")
	W := Var(ones)
	if calls != 1 || mat.Sum(W) != 6 {
		t.Fatalf("cell 1: %d computations, sum %v", calls, mat.Sum(W))
	}
	// Cell 2 (another program) reads it back, and changes it in place.
	cellRun(t, []string{"W"}, "W = ones()", "cell 2")
	W = Var(ones)
	if calls != 1 {
		t.Fatalf("cell 2 computed W again")
	}
	W.Set(0, 0, 10)
	// The resealer's work once cell 2's program has exited.
	resealIfOpenBy(mustStore(t).path("W"), uint32(os.Getpid()))
	// Cell 3 sees the change.
	cellRun(t, []string{"W"}, "W = ones()", "cell 3")
	W = Var(ones)
	if calls != 1 || mat.Sum(W) != 15 {
		t.Errorf("cell 3: %d computations, sum %v, want 1 and 15 (the change of cell 2)", calls, mat.Sum(W))
	}
	// Rerunning cell 1 (the same program) computes W afresh, as Python would.
	cellRun(t, []string{"W"}, "W = ones()", "cell 1")
	W = Var(ones)
	if calls != 2 || mat.Sum(W) != 6 {
		t.Errorf("rerun of cell 1: %d computations, sum %v, want 2 and 6", calls, mat.Sum(W))
	}
	// Editing the declaration computes it again.
	cellRun(t, []string{"W"}, "W = ones() // edited", "cell 4")
	Var(ones)
	if calls != 3 {
		t.Errorf("edited declaration: %d computations, want 3", calls)
	}
	// Another program with the edited text reads it back.
	cellRun(t, []string{"W"}, "W = ones() // edited", "cell 5")
	Var(ones)
	if calls != 3 {
		t.Errorf("cell 5 computed W again")
	}
}
