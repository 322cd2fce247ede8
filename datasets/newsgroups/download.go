package newsgroups

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// download fetches the canonical archive into dst. It writes to a file
// named like dst+".*.part" while hashing, and renames that file to dst
// only when the download is complete and its SHA-256 is the canonical one;
// on any failure the .part file is removed. Progress lines go to progress
// (if not nil).
func download(dst string, progress io.Writer) (err error) {
	// A name of its own for each download, so that two processes
	// downloading at once do not write into the same file.
	f, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".*.part")
	if err != nil {
		return fmt.Errorf("newsgroups: cannot write the download: %w; set Options.DataHome or $%s to a writable folder", err, EnvDataHome)
	}
	part := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(part)
		}
	}()

	resp, err := http.Get(archiveURL)
	if err != nil {
		return fmt.Errorf("newsgroups: downloading %s: %w; without a network, fetch the file elsewhere and set Options.Archive or $TOPICMODEL_ARCHIVE", archiveURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("newsgroups: downloading %s: server answered %s", archiveURL, resp.Status)
	}

	h := sha256.New()
	pw := &progressWriter{w: progress, total: resp.ContentLength, url: archiveURL}
	n, err := io.Copy(io.MultiWriter(f, h, pw), resp.Body)
	pw.finish()
	if err != nil {
		return fmt.Errorf("newsgroups: download of %s cut off after %d bytes: %w; run again to retry", archiveURL, n, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return fmt.Errorf("newsgroups: download of %s cut off after %d of %d bytes; run again to retry", archiveURL, n, resp.ContentLength)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != archiveSHA256 {
		return fmt.Errorf("newsgroups: downloaded %s has SHA-256 %s, want %s; the file was discarded, run again to retry", archiveURL, sum, archiveSHA256)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("newsgroups: writing the download: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("newsgroups: writing the download: %w", err)
	}
	if err = os.Rename(part, dst); err != nil {
		return fmt.Errorf("newsgroups: moving the download into place: %w", err)
	}
	return nil
}

// progressWriter prints how much of a download has arrived, at most a few
// times a second.
type progressWriter struct {
	w     io.Writer
	total int64
	url   string
	n     int64
	last  time.Time
}

func (p *progressWriter) Write(b []byte) (int, error) {
	if p.w == nil {
		return len(b), nil
	}
	if p.n == 0 {
		fmt.Fprintf(p.w, "newsgroups: downloading %s\n", p.url)
	}
	p.n += int64(len(b))
	if now := time.Now(); now.Sub(p.last) >= 250*time.Millisecond {
		p.last = now
		p.print()
	}
	return len(b), nil
}

func (p *progressWriter) print() {
	if p.total > 0 {
		fmt.Fprintf(p.w, "\r  %.1f of %.1f MB (%.0f%%)", float64(p.n)/1e6, float64(p.total)/1e6, 100*float64(p.n)/float64(p.total))
	} else {
		fmt.Fprintf(p.w, "\r  %.1f MB", float64(p.n)/1e6)
	}
}

func (p *progressWriter) finish() {
	if p.w != nil && p.n > 0 {
		p.print()
		fmt.Fprintln(p.w)
	}
}
