// Command fidelity serves scripts/test.sh with the corpus and the skips of
// the fidelity checks (the tests against scikit-learn's figures):
//
//	go run ./internal/testenv/fidelity corpus      # prints the archive's path
//	go run ./internal/testenv/fidelity skips FILE  # prints the skip summary, if any
//
// corpus prints the archive internal/testenv finds ($TOPICMODEL_ARCHIVE,
// ../shared/datasets). Without one, outside CI it downloads it into the data
// home ($TOPICMODEL_DATA_HOME, else the user cache's topicmodel folder;
// SHA-256 checked, as newsgroups.Fetch does) and prints that path; under CI
// (CI=true), or when the download fails, it prints one line saying how to
// get the archive and exits 1.
//
// skips reads the skip log the tests wrote ($TOPICMODEL_SKIPLOG) and prints
// "N fidelity checks skipped: …" when it is not empty.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	// A missing archive is downloaded in this process (see newsgroups.RegisterDownloader).
	_ "github.com/fastai-go/topicmodel/datasets/newsgroups/download"
	"github.com/fastai-go/topicmodel/internal/testenv"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, download))
}

// download fetches the corpus into home and returns the archive's path.
func download(home string, progress io.Writer) (string, error) {
	if _, err := newsgroups.Fetch(newsgroups.Options{DataHome: home, Subset: "all", Progress: progress}); err != nil {
		return "", err
	}
	return filepath.Join(home, testenv.ArchiveName), nil
}

// howTo is the one line printed when there is no corpus.
const howTo = "get 20news-bydate.tar.gz (https://ndownloader.figshare.com/files/5975967, 14 MB) and put it at ../shared/datasets/ beside the repository, or set " + testenv.EnvArchive + " to its path"

// archivePath is testenv.ArchivePath (a variable for the tests).
var archivePath = testenv.ArchivePath

func run(args []string, stdout, stderr io.Writer, fetch func(string, io.Writer) (string, error)) int {
	switch {
	case len(args) == 1 && args[0] == "corpus":
		if p, ok := archivePath(); ok {
			fmt.Fprintln(stdout, p)
			return 0
		} else if os.Getenv(testenv.EnvArchive) != "" {
			fmt.Fprintf(stderr, "test.sh: %s=%s is not a file; %s\n", testenv.EnvArchive, p, howTo)
			return 1
		}
		if testenv.CI() {
			fmt.Fprintln(stderr, "test.sh: CI=true and no 20 Newsgroups corpus (../shared/datasets/20news-bydate.tar.gz); "+howTo)
			return 1
		}
		home := os.Getenv(newsgroups.EnvDataHome)
		if home == "" {
			var err error
			if home, err = newsgroups.DataHome(); err != nil {
				fmt.Fprintf(stderr, "test.sh: no 20 Newsgroups corpus and no data home to download it to (%v); %s\n", err, howTo)
				return 1
			}
		}
		p, err := fetch(home, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "test.sh: no 20 Newsgroups corpus and the download failed (%v); %s\n", err, howTo)
			return 1
		}
		fmt.Fprintln(stdout, p)
		return 0
	case len(args) == 2 && args[0] == "skips":
		b, err := os.ReadFile(args[1])
		if err != nil && !os.IsNotExist(err) {
			fmt.Fprintln(stderr, "fidelity:", err)
			return 1
		}
		if s := testenv.Summary(string(b)); s != "" {
			fmt.Fprintln(stdout, s)
		} else {
			fmt.Fprintln(stdout, "fidelity: no check against the reference figures was skipped")
		}
		return 0
	}
	fmt.Fprintln(stderr, "usage: fidelity corpus | fidelity skips FILE")
	return 2
}
