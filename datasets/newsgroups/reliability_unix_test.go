//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package newsgroups

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSignalRemovesTemporary runs a child that creates a temporary the way
// the cache writer does and waits; SIGTERM and SIGINT must remove the file
// and still end the child by that signal.
func TestSignalRemovesTemporary(t *testing.T) {
	if dir := os.Getenv("NEWSGROUPS_SIGNAL_CHILD"); dir != "" {
		f, _, err := createTemp(dir, cacheName+tempSuffix)
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
