package newsgroups

import (
	"os"
	"path/filepath"
)

// FindSharedArchive looks for the project's shared copy of the archive:
// $TOPICMODEL_ARCHIVE if set,
// else shared/datasets/20news-bydate.tar.gz inside or beside the root of
// the module that contains the working directory (the folder holding
// go.mod). It reports false when there is none.
//
// Deprecated: this is a developer-environment lookup; learner code should
// leave Options.Archive empty (Fetch then finds or downloads the archive)
// and tests use internal/testenv. It stays only while the notebooks still
// call it.
func FindSharedArchive() (path string, ok bool) {
	if a := os.Getenv(EnvArchive); a != "" {
		if fileExists(a) {
			return a, true
		}
		return "", false
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if fileExists(filepath.Join(dir, "go.mod")) {
			for _, p := range []string{
				filepath.Join(dir, "shared", "datasets", archiveName),
				filepath.Join(dir, "..", "shared", "datasets", archiveName),
			} {
				if fileExists(p) {
					return p, true
				}
			}
			return "", false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

func fileExists(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}
