//go:build linux

package nb

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
	"gonum.org/v1/gonum/mat"
)

// A flipped byte in a matrix that was mapped, changed in place and sealed
// again is found at the next load.
func TestSealedAfterChangeThenCorrupt(t *testing.T) {
	s := useTempStore(t)
	if err := s.save("W", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), testMeta); err != nil {
		t.Fatal(err)
	}
	w, _, err := load[*mat.Dense](s, "W")
	if err != nil {
		t.Fatal(err)
	}
	w.Set(0, 0, 10) // in place, through the mapping
	f, err := os.OpenFile(s.path("W"), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	h, _, err := readHeader(f)
	if err != nil || h.state != stateOpen || h.pid != uint32(os.Getpid()) {
		t.Fatalf("after mapping: state %q pid %d err %v, want open by this process", h.state, h.pid, err)
	}
	resealIfOpenBy(s.path("W"), uint32(os.Getpid())) // what the resealer does once this process exits
	f.Close()
	b, _ := os.ReadFile(s.path("W"))
	if hh, err := parseHeader(b, int64(len(b))); err != nil || hh.state != stateSealed {
		t.Fatalf("after reseal: %v %q", err, hh.state)
	}
	if got := floatsFrom(b[dataOffset:]); got[0] != 10 {
		t.Errorf("the change in place was not written to the file: %v", got)
	}
	b[dataOffset+8] ^= 1
	if err := os.WriteFile(s.path("W"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := load[*mat.Dense](s, "W"); !errors.Is(err, errCorrupt) {
		t.Errorf("flipped byte after a reseal: err %v, want corrupt", err)
	}
}

// A file left open by a process that has gone is sealed by the next load,
// with what that process left in it.
func TestOpenByDeadProcess(t *testing.T) {
	s := useTempStore(t)
	if err := s.save("H", mat.NewDense(1, 3, []float64{1, 2, 3}), testMeta); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(s.path("H"), os.O_RDWR, 0)
	h, _, _ := readHeader(f)
	h.state, h.pid = stateOpen, 1<<22-3 // no such process
	f.WriteAt(h.marshal(), 0)
	f.WriteAt([]byte{0, 0, 0, 0, 0, 0, 0x22, 0x40}, dataOffset+8) // H[0,1] = 9, as if changed in place
	f.Close()
	v, _, err := load[*mat.Dense](s, "H")
	if err != nil || v.At(0, 1) != 9 {
		t.Errorf("load of a value left open: %v, %v", v, err)
	}
}

func TestStaleTemporariesRemoved(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvStoreDir, dir)
	stale := filepath.Join(dir, ".tmp-123")
	if err := os.WriteFile(stale, []byte("half a value"), 0o644); err != nil {
		t.Fatal(err)
	}
	busy, err := createTemp(dir) // another process still writing
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	removeStale(dir)
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temporary not removed: %v", err)
	}
	if _, err := os.Stat(busy.Name()); err != nil {
		t.Errorf("a temporary being written was removed: %v", err)
	}
}

// checksumFile gives the payload's CRC-32C, through the mapping or, for a
// file truncated under the mapping, without crashing.
func TestChecksumFile(t *testing.T) {
	for _, n := range []int{1, 4095, 3 << 20} {
		b := make([]byte, dataOffset+n)
		for i := range b {
			b[i] = byte(i*7 + i>>9)
		}
		name := filepath.Join(t.TempDir(), "v")
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := checksumFile(f)
		f.Close()
		if want := checksum(b[dataOffset:]); err != nil || got != want {
			t.Errorf("%d bytes: checksumFile = %08x, %v; want %08x", n, got, err, want)
		}
	}

	name := filepath.Join(t.TempDir(), "v")
	os.WriteFile(name, make([]byte, 3<<20), 0o644)
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := unix.Mmap(int(f.Fd()), 0, 3<<20, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(data)
	if err := f.Truncate(4096); err != nil {
		t.Fatal(err)
	}
	if _, ok := checksumMapped(data); ok {
		t.Error("reading past the end of a truncated file under its mapping did not fault")
	}
}

// BenchmarkChecksumFile is what the resealer spends per byte of a mapped
// matrix after each cell.
func BenchmarkChecksumFile(b *testing.B) {
	name := filepath.Join(b.TempDir(), "v")
	const n = 64 << 20
	os.WriteFile(name, make([]byte, dataOffset+n), 0o644)
	f, err := os.Open(name)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	b.SetBytes(n)
	for b.Loop() {
		if _, err := checksumFile(f); err != nil {
			b.Fatal(err)
		}
	}
}
