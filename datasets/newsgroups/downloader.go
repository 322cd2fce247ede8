package newsgroups

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// EnvURL names a mirror of the archive to download from when Options.URL
// is empty.
const EnvURL = "TOPICMODEL_URL"

// FetchCommand is the command Fetch runs, as
//
//	go run github.com/fastai-go/topicmodel/datasets/newsgroups/cmd/fetch -o FILE -url URL -sha256 HEX
//
// to download the archive when the program has no Downloader registered.
const FetchCommand = "github.com/fastai-go/topicmodel/datasets/newsgroups/cmd/fetch"

// A Downloader fetches the archive from url into the file dst. It must
// create dst only once the whole file has arrived and its SHA-256, in hex,
// is wantSHA256, and leave no file behind on failure. It writes progress
// lines to progress, which is never nil.
type Downloader func(dst, url, wantSHA256 string, progress io.Writer) error

var (
	downloaderMu sync.Mutex
	downloader   Downloader
)

// RegisterDownloader makes Fetch download a missing archive with d, in
// this process. Package datasets/newsgroups/download registers its
// downloader when it is imported:
//
//	import _ "github.com/fastai-go/topicmodel/datasets/newsgroups/download"
//
// Without one, Fetch runs the download in a child process (FetchCommand,
// through "go run"), so that a program that only loads the corpus, such as
// every cell of a GoNB notebook, does not link net/http and crypto/tls:
// about 60 packages and 3 MB less to link. A nil d removes the
// registration.
func RegisterDownloader(d Downloader) {
	downloaderMu.Lock()
	downloader = d
	downloaderMu.Unlock()
}

// downloadArchive fetches the canonical archive (archiveSHA256) from url
// into dst: in this process with the registered Downloader, else in a child
// process.
func downloadArchive(dst, url string, progress io.Writer) error {
	downloaderMu.Lock()
	d := downloader
	downloaderMu.Unlock()
	if d != nil {
		return d(dst, url, archiveSHA256, progress)
	}
	return downloadInChild(dst, url, archiveSHA256, progress)
}

// envGoNBDir names the folder GoNB builds a cell's program in (its main.go,
// go.mod and go.work), where "go run" finds this module.
const envGoNBDir = "GONB_TMP_DIR"

// downloadInChild runs FetchCommand with "go run" in $GONB_TMP_DIR, else
// the current folder, with its output going to progress. SIGINT or SIGTERM
// meanwhile is passed on to the child, which removes its .part file, before
// this process ends by it.
func downloadInChild(dst, url, wantSHA256 string, progress io.Writer) error {
	args := []string{"run", FetchCommand, "-o", dst}
	if url != ArchiveURL {
		args = append(args, "-url", url)
	}
	if wantSHA256 != ArchiveSHA256 {
		args = append(args, "-sha256", wantSHA256)
	}
	command := "go " + strings.Join(args, " ")
	fix := fmt.Sprintf("run that command yourself (in a folder of a module that requires github.com/fastai-go/topicmodel), "+
		"or set $%s to a copy of %s, or import %s/download in the program to download in the program itself",
		EnvArchive, archiveName, "github.com/fastai-go/topicmodel/datasets/newsgroups")
	goTool, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("newsgroups: the archive %s is missing, and the go command that would download it with `%s` is not on PATH (%v); "+
			"add Go's bin folder to PATH, or %s", dst, command, err, fix)
	}
	cmd := exec.Command(goTool, args...)
	cmd.Dir = os.Getenv(envGoNBDir) // "" is the current folder
	where := cmd.Dir
	if where == "" {
		where, _ = os.Getwd()
	}
	tail := &lastLine{}
	out := io.MultiWriter(progress, tail)
	cmd.Stdout, cmd.Stderr = out, out
	fmt.Fprintf(progress, "newsgroups: the archive is missing; downloading it with %s\n", command)
	if err := runForwardingSignals(cmd); err != nil {
		msg := tail.String()
		if strings.HasPrefix(msg, "newsgroups: ") {
			// The download's own error, which says what to do.
			return fmt.Errorf("%s; the download ran as `%s` in %s, which you can also run yourself", msg, command, where)
		}
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("newsgroups: downloading the archive with `%s` (in %s) failed: %s; %s", command, where, msg, fix)
	}
	if _, err := os.Stat(dst); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("newsgroups: `%s` (in %s) succeeded but left no archive at %s; %s", command, where, dst, fix)
	}
	return nil
}

// lastLine keeps the last non-empty line written to it (lines end in '\n'
// or '\r', as progress lines do), at most 1000 bytes of it, other than the
// "exit status N" that "go run" adds after a program that failed.
type lastLine struct {
	cur, last []byte
}

func (l *lastLine) Write(b []byte) (int, error) {
	for _, c := range b {
		if c == '\n' || c == '\r' {
			if t := bytes.TrimSpace(l.cur); len(t) > 0 && !bytes.HasPrefix(t, []byte("exit status ")) {
				l.last = append(l.last[:0], l.cur...)
			}
			l.cur = l.cur[:0]
			continue
		}
		if len(l.cur) < 1000 {
			l.cur = append(l.cur, c)
		}
	}
	return len(b), nil
}

func (l *lastLine) String() string {
	if len(bytes.TrimSpace(l.cur)) > 0 {
		return string(bytes.TrimSpace(l.cur))
	}
	return string(bytes.TrimSpace(l.last))
}
