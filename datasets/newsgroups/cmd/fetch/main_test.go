package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// TestRun: the command downloads into -o when the file is missing, checks
// -sha256, keeps an existing file, and exits 2 on bad flags.
func TestRun(t *testing.T) {
	data := []byte("a stand-in for the archive")
	sum := sha256.Sum256(data)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(data) }))
	defer srv.Close()
	dir := t.TempDir()
	dst := filepath.Join(dir, "sub", "a.tar.gz")

	if code := run([]string{"-o", dst, "-url", srv.URL, "-sha256", hex.EncodeToString(sum[:])}); code != 0 {
		t.Fatalf("download: exit %d", code)
	}
	if got, err := os.ReadFile(dst); err != nil || !bytes.Equal(got, data) {
		t.Errorf("downloaded file: %q, %v", got, err)
	}
	os.WriteFile(dst, []byte("kept"), 0o644)
	if code := run([]string{"-o", dst, "-url", srv.URL}); code != 0 {
		t.Errorf("existing file: exit %d, want 0", code)
	}
	if got, _ := os.ReadFile(dst); string(got) != "kept" {
		t.Errorf("existing file replaced by %q", got)
	}
	other := filepath.Join(dir, "b.tar.gz")
	if code := run([]string{"-o", other, "-url", srv.URL}); code != 1 { // not the canonical SHA-256
		t.Errorf("wrong checksum: exit %d, want 1", code)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("wrong checksum left %v", entries)
	}
	for _, args := range [][]string{{"-nope"}, {"-o", other, "extra"}} {
		if code := run(args); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}
