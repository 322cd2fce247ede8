// Command fetch downloads the 20 Newsgroups archive, 20news-bydate.tar.gz
// (14 MB), where newsgroups.Fetch looks for it:
//
//	go run github.com/fastai-go/topicmodel/datasets/newsgroups/cmd/fetch [-o FILE] [-url URL] [-sha256 HEX]
//
// By default the file is newsgroups.ArchivePath's (the data home's copy,
// or $TOPICMODEL_ARCHIVE when set) and the URL is $TOPICMODEL_URL, else
// the canonical address. The download goes through a .part file that
// becomes FILE only once its SHA-256 is HEX (the canonical archive's by
// default); nothing is left behind on failure, SIGINT or SIGTERM. An
// existing FILE is kept as it is.
//
// newsgroups.Fetch runs this command in a child process when the program
// calling it does not import datasets/newsgroups/download, so that
// programs which only load the corpus do not link net/http.
//
// Exit status: 0 when FILE is there, 1 when the download failed (the
// message says why and what to do), 2 for bad flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/datasets/newsgroups/download"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fl := flag.NewFlagSet("fetch", flag.ContinueOnError)
	dst := fl.String("o", "", "the archive to write (default: where newsgroups.Fetch looks)")
	url := fl.String("url", "", "where to download from (default: $"+newsgroups.EnvURL+", else "+newsgroups.ArchiveURL+")")
	sum := fl.String("sha256", newsgroups.ArchiveSHA256, "the SHA-256 the file must have, in hex")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "fetch: unexpected arguments %q; the flags are -o, -url and -sha256\n", fl.Args())
		return 2
	}
	if *dst == "" {
		p, err := newsgroups.ArchivePath(newsgroups.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		*dst = p
	}
	if *url == "" {
		*url = os.Getenv(newsgroups.EnvURL)
	}
	if *url == "" {
		*url = newsgroups.ArchiveURL
	}
	if _, err := os.Stat(*dst); err == nil {
		fmt.Fprintf(os.Stderr, "fetch: %s is already there; delete it to download it again\n", *dst)
		return 0
	} else if !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(os.Stderr, "fetch: %v\n", err)
		return 1
	}
	if err := os.MkdirAll(filepath.Dir(*dst), 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "fetch: cannot create the folder for %s: %v; choose another with -o\n", *dst, err)
		return 1
	}
	if err := download.Archive(*dst, *url, *sum, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "fetch: wrote %s\n", *dst)
	return 0
}
