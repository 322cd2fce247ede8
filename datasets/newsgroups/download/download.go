// Package download fetches the 20 Newsgroups archive over HTTP for package
// newsgroups. Importing it, even as
//
//	import _ "github.com/fastai-go/topicmodel/datasets/newsgroups/download"
//
// makes newsgroups.Fetch download a missing archive in the program itself
// (see newsgroups.RegisterDownloader). Programs that do not import it link
// no net/http, and Fetch runs the same download in a child process
// (newsgroups.FetchCommand, whose main is this package's Archive).
package download

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/datasets/newsgroups/internal/tempfile"
)

func init() { newsgroups.RegisterDownloader(Archive) }

// Download time limits: to connect, to receive the response headers once
// the request is sent, and without a single byte of the body. Tests shorten
// them.
var (
	connectTimeout = 30 * time.Second
	headerTimeout  = 60 * time.Second
	stallTimeout   = 60 * time.Second
)

// Archive fetches the archive from url into dst. It writes to a file
// named like dst+".*.part" while hashing, and renames that file to dst
// only when the download is complete and its SHA-256 is wantSHA256, in hex
// (newsgroups.ArchiveSHA256 for the canonical archive: a mirror must serve
// the same bytes); on any failure, or SIGINT or SIGTERM, the .part file is
// removed. It gives up when connecting takes 30 s, the response headers
// take 60 s more, or no byte arrives for 60 s. Progress lines go to
// progress (if not nil). Its cost is the transfer: the canonical archive
// is 14 MB.
func Archive(dst, url, wantSHA256 string, progress io.Writer) (err error) {
	// A name of its own for each download, so that two processes
	// downloading at once do not write into the same file.
	f, done, err := tempfile.Create(filepath.Dir(dst), filepath.Base(dst)+tempfile.PartSuffix)
	if err != nil {
		return fmt.Errorf("newsgroups: cannot write the download: %w; set Options.DataHome or $%s to a writable folder", err, newsgroups.EnvDataHome)
	}
	defer done()
	part := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(part)
		}
	}()
	retry := fmt.Sprintf("run again to retry, or set Options.URL or $%s to a mirror of the archive (SHA-256 %s), or fetch the file elsewhere and set Options.Archive or $%s", newsgroups.EnvURL, wantSHA256, newsgroups.EnvArchive)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: connectTimeout}).DialContext,
		TLSHandshakeTimeout:   connectTimeout,
		ResponseHeaderTimeout: headerTimeout,
	}}
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("newsgroups: bad download URL %q: %w; fix Options.URL or $%s", url, err, newsgroups.EnvURL)
	}
	if progress != nil {
		fmt.Fprintf(progress, "newsgroups: connecting to %s\n", url)
	}
	resp, err := client.Do(req)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return fmt.Errorf("newsgroups: downloading %s: no answer within %v of connecting (%w); %s", url, connectTimeout+headerTimeout, err, retry)
		}
		return fmt.Errorf("newsgroups: downloading %s: %w; %s", url, err, retry)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("newsgroups: downloading %s: server answered %s; %s", url, resp.Status, retry)
	}

	// The stall watchdog: each read that brings bytes resets the timer;
	// when it fires the request is cancelled and the read fails.
	var stalled bool
	var mu sync.Mutex
	timer := time.AfterFunc(stallTimeout, func() {
		mu.Lock()
		stalled = true
		mu.Unlock()
		cancel()
	})
	defer timer.Stop()
	body := readerFunc(func(b []byte) (int, error) {
		n, err := resp.Body.Read(b)
		if n > 0 {
			timer.Reset(stallTimeout)
		}
		return n, err
	})

	h := sha256.New()
	pw := &progressWriter{w: progress, total: resp.ContentLength, url: url}
	n, err := io.Copy(io.MultiWriter(f, h, pw), body)
	pw.finish()
	mu.Lock()
	isStall := stalled
	mu.Unlock()
	if err != nil && isStall {
		return fmt.Errorf("newsgroups: download of %s stalled: no data for %v after %d bytes; %s", url, stallTimeout, n, retry)
	}
	if err != nil {
		return fmt.Errorf("newsgroups: download of %s cut off after %d bytes: %w; %s", url, n, err, retry)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return fmt.Errorf("newsgroups: download of %s cut off after %d of %d bytes; %s", url, n, resp.ContentLength, retry)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != wantSHA256 {
		return fmt.Errorf("newsgroups: downloaded %s has SHA-256 %s, want %s; the file was discarded; %s", url, sum, wantSHA256, retry)
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

// readerFunc is an io.Reader from a function.
type readerFunc func([]byte) (int, error)

func (r readerFunc) Read(b []byte) (int, error) { return r(b) }

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
