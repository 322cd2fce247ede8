//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package newsgroups

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fastai-go/topicmodel/datasets/newsgroups/internal/tempfile"
)

// TestSignalRemovesTemporary runs a child that creates a temporary the way
// the cache writer does and waits; SIGTERM and SIGINT must remove the file
// and still end the child by that signal.
func TestSignalRemovesTemporary(t *testing.T) {
	if dir := os.Getenv("NEWSGROUPS_SIGNAL_CHILD"); dir != "" {
		f, _, err := tempfile.Create(dir, cacheName+tempSuffix)
		if err != nil {
			os.Exit(3)
		}
		f.Write([]byte("partial"))
		os.WriteFile(filepath.Join(dir, "ready"), []byte(f.Name()), 0o644)
		time.Sleep(20 * time.Second)
		os.Exit(4)
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestSignalRemovesTemporary$")
		cmd.Env = append(os.Environ(), "NEWSGROUPS_SIGNAL_CHILD="+dir)
		if err := cmd.Start(); err != nil {
			if errors.Is(err, syscall.ENOEXEC) {
				// A test binary for another architecture run under
				// qemu-user (scripts/test_arm64.sh) cannot start itself
				// again unless binfmt_misc knows qemu; the native run
				// covers this test.
				t.Skipf("cannot re-run the test binary: %v", err)
			}
			t.Fatal(err)
		}
		var name []byte
		for i := 0; i < 200 && len(name) == 0; i++ {
			time.Sleep(25 * time.Millisecond)
			name, _ = os.ReadFile(filepath.Join(dir, "ready"))
		}
		if len(name) == 0 {
			cmd.Process.Kill()
			t.Fatal("child did not start")
		}
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if !ok || !ws.Signaled() || ws.Signal() != sig {
			t.Errorf("%v: child ended with %v, want killed by the signal", sig, err)
		}
		if _, err := os.Stat(string(name)); err == nil {
			t.Errorf("%v: %s left behind", sig, filepath.Base(string(name)))
		}
	}
}

// TestSignalStopsChildDownload: SIGINT to a program whose download runs in
// a child process (as GoNB interrupts a cell) reaches the child, which
// removes its .part file and stops downloading; the program still ends by
// the signal.
func TestSignalStopsChildDownload(t *testing.T) {
	if env := os.Getenv("NEWSGROUPS_CHILD_DOWNLOAD"); env != "" {
		home, url, _ := strings.Cut(env, " ")
		useFakeCanonical(t, smallCorpus(t), url)
		Fetch(Options{DataHome: home, Progress: io.Discard})
		os.Exit(4)
	}
	needGo(t)
	data := smallCorpus(t)
	gone := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.Write(data[:10])
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done(): // the downloader went away
			gone <- struct{}{}
		case <-time.After(30 * time.Second):
		}
	}))
	defer srv.Close()
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSignalStopsChildDownload$")
	cmd.Env = append(os.Environ(), "NEWSGROUPS_CHILD_DOWNLOAD="+home+" "+srv.URL+"/files/5975967", envGoNBDir+"=")
	if err := cmd.Start(); err != nil {
		if errors.Is(err, syscall.ENOEXEC) {
			t.Skipf("cannot re-run the test binary: %v", err) // see TestSignalRemovesTemporary
		}
		t.Fatal(err)
	}
	var parts []string
	for i := 0; i < 600 && len(parts) == 0; i++ { // "go run" builds the command first
		time.Sleep(25 * time.Millisecond)
		parts, _ = filepath.Glob(filepath.Join(home, "*.part"))
	}
	if len(parts) == 0 {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("the child download did not start within 15 s")
	}
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Errorf("the program ended with %v, want killed by SIGINT", err)
	}
	select {
	case <-gone:
	case <-time.After(5 * time.Second):
		t.Error("the child process still downloads 5 s after the interrupt")
	}
	if m, _ := filepath.Glob(filepath.Join(home, "*.part")); len(m) != 0 {
		t.Errorf("%v left behind", m)
	}
}
