//go:build linux || darwin

package display

import (
	"bytes"
	"encoding/gob"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// kernel plays GoNB's side of the pipes, as its jpyexec package does: it
// creates two FIFOs, names them in the environment, reads DisplayData
// from the first and answers each sync request on the second (unless
// ack is false).
type kernel struct {
	got  chan protocol.DisplayData
	done chan struct{}
}

func startKernel(t *testing.T, ack bool) *kernel {
	t.Helper()
	dir := t.TempDir()
	in, back := filepath.Join(dir, "pipe"), filepath.Join(dir, "back")
	for _, p := range []string{in, back} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no FIFOs here: %v", err)
		}
	}
	t.Setenv(protocol.GONB_PIPE_ENV, in)
	t.Setenv(protocol.GONB_PIPE_BACK_ENV, back)
	reset(true)
	k := &kernel{got: make(chan protocol.DisplayData, 16), done: make(chan struct{})}
	go func() {
		defer close(k.done)
		r, err := os.Open(in)
		if err != nil {
			return
		}
		defer r.Close()
		w, err := os.OpenFile(back, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		dec, enc := gob.NewDecoder(r), gob.NewEncoder(w)
		for {
			var d protocol.DisplayData
			if dec.Decode(&d) != nil {
				return
			}
			if v, ok := d.Data[protocol.MIMECommValue].(protocol.CommValue); ok && v.Address == protocol.GonbuiSyncAddress {
				if ack {
					enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: v.Value})
				}
				continue
			}
			k.got <- d
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		if out != nil {
			out.Close()
		}
		mu.Unlock()
		<-k.done
		reset(os.Getenv(protocol.GONB_PIPE_ENV) != "")
	})
	return k
}

// reset forgets the pipes, as a new program would start.
func reset(inNotebook bool) {
	mu.Lock()
	defer mu.Unlock()
	InNotebook, out, enc, failed, nextID = inNotebook, nil, nil, nil, 0
	waiting = map[int]chan struct{}{}
}

func (k *kernel) next(t *testing.T) protocol.DisplayData {
	t.Helper()
	select {
	case d := <-k.got:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("the kernel received nothing")
		return protocol.DisplayData{}
	}
}

func TestSend(t *testing.T) {
	k := startKernel(t, true)
	png := []byte("\x89PNG\r\n\x1a\n not really")
	if err := PNG(png); err != nil {
		t.Fatal(err)
	}
	if err := SVG("<svg/>"); err != nil {
		t.Fatal(err)
	}
	id := UniqueID()
	if err := UpdateHTML(id, "<b>1/2</b>"); err != nil {
		t.Fatal(err)
	}
	if err := Sync(); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	if d := k.next(t); !bytes.Equal(d.Data[protocol.MIMEImagePNG].([]byte), png) {
		t.Errorf("PNG: the kernel got %v", d.Data)
	}
	if d := k.next(t); d.Data[protocol.MIMEImageSVG] != "<svg/>" {
		t.Errorf("SVG: the kernel got %v", d.Data)
	}
	if d := k.next(t); d.DisplayID != id || d.Data[protocol.MIMETextHTML] != "<b>1/2</b>" {
		t.Errorf("UpdateHTML: the kernel got %+v", d)
	}
	// Syncs one after another each get their own acknowledgement.
	for i := 0; i < 3; i++ {
		if err := Sync(); err != nil {
			t.Fatalf("Sync %d: %v", i, err)
		}
	}
}

func TestSyncTimeout(t *testing.T) {
	startKernel(t, false)
	defer func(d time.Duration) { SyncTimeout = d }(SyncTimeout)
	SyncTimeout = 50 * time.Millisecond
	err := Sync()
	if err == nil || !strings.Contains(err.Error(), "did not acknowledge") {
		t.Fatalf("Sync with a kernel that never answers: %v, want a timeout error", err)
	}
}

func TestOutsideNotebook(t *testing.T) {
	reset(false)
	defer reset(os.Getenv(protocol.GONB_PIPE_ENV) != "")
	if err := Sync(); err != nil {
		t.Errorf("Sync outside a notebook: %v, want nil", err)
	}
	err := PNG(nil)
	if err == nil || !strings.Contains(err.Error(), "GONB_PIPE") {
		t.Errorf("PNG outside a notebook: %v, want an error naming $GONB_PIPE", err)
	}
}

func TestBrokenPipe(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(protocol.GONB_PIPE_ENV, filepath.Join(dir, "missing"))
	t.Setenv(protocol.GONB_PIPE_BACK_ENV, filepath.Join(dir, "missing-back"))
	reset(true)
	defer reset(false)
	first := PNG([]byte{1})
	if first == nil || !errors.Is(first, os.ErrNotExist) {
		t.Fatalf("PNG to a missing pipe: %v, want an error wrapping ErrNotExist", first)
	}
	if err := Sync(); err != first {
		t.Errorf("Sync after the failure: %v, want the first error %v", err, first)
	}
}

func TestUniqueID(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		id := UniqueID()
		if len(id) != 8 || strings.Trim(id, "0123456789abcdef") != "" {
			t.Fatalf("UniqueID() = %q, want eight hex digits", id)
		}
		seen[id] = true
	}
	if len(seen) < 99 {
		t.Errorf("100 UniqueIDs gave only %d different ones", len(seen))
	}
}
