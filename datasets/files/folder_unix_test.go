//go:build unix

package files

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadFolderFIFO checks that a FIFO in a category folder is an error,
// returned at once: load_files would block reading it.
func TestLoadFolderFIFO(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "cat"), 0o755)
	os.WriteFile(filepath.Join(dir, "cat", "ok"), []byte("ok"), 0o644)
	pipe := filepath.Join(dir, "cat", "pipe")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := LoadFolder(dir, FolderOptions{})
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), pipe) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("FIFO: err = %v, want one naming %s as not a regular file", err, pipe)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("LoadFolder blocked on a FIFO")
	}
}
