// Package testenv is the one place where tests find the data they compare
// this project with: the 20 Newsgroups archive and scikit-learn's reference
// figures. Learner-facing code never uses it (the loader's own rules,
// newsgroups.Options, apply there); tests and developer tools do.
//
// The archive is $TOPICMODEL_ARCHIVE when set (it must exist), else
// shared/datasets/20news-bydate.tar.gz inside or beside the module root
// (the project's shared folder, ../shared). The reference figures are
// $TOPICMODEL_REFERENCE when set, else the repository's own
// datasets/reference/testdata/lesson3-sklearn.json (written by
// gen_reference.py beside it).
//
// A test that cannot find them calls Missing (through Archive or
// Reference): under CI (CI=true) that is a failure, never a skip; elsewhere
// the test is skipped and, when $TOPICMODEL_SKIPLOG names a file, one line
// "package test: reason" is appended to it, so that scripts/test.sh can say
// in its last line how many fidelity checks were skipped.
package testenv

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Environment variables read by this package.
const (
	EnvArchive   = "TOPICMODEL_ARCHIVE"   // the corpus archive (same name as the loader's)
	EnvReference = "TOPICMODEL_REFERENCE" // a reference file to read instead of the repository's
	EnvSkipLog   = "TOPICMODEL_SKIPLOG"   // a file collecting the fidelity checks skipped
)

// ArchiveName is the corpus archive's file name.
const ArchiveName = "20news-bydate.tar.gz"

// ReferenceFile is the reference figures' path inside the repository.
const ReferenceFile = "datasets/reference/testdata/lesson3-sklearn.json"

// GetCorpus is what Missing tells a developer to run to get the archive.
const GetCorpus = "bash scripts/test.sh downloads it (SHA-256 checked); or put it at ../shared/datasets/" + ArchiveName + " or set " + EnvArchive

// CI reports whether the tests run under CI (CI=true), where missing data
// is a failure.
func CI() bool { return os.Getenv("CI") == "true" }

// ModuleRoot returns the folder holding go.mod at or above the working
// directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	return moduleRoot(dir)
}

func moduleRoot(dir string) (string, error) {
	for {
		if isFile(filepath.Join(dir, "go.mod")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("testenv: no go.mod at or above the working directory")
		}
		dir = parent
	}
}

func isFile(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

// ArchivePath returns the corpus archive's path and whether it exists.
// With $TOPICMODEL_ARCHIVE set, it is that path (false if it is not a
// file); else the shared copy inside or beside the module root.
func ArchivePath() (string, bool) {
	root, err := ModuleRoot()
	if err != nil {
		root = ""
	}
	return archivePath(root, os.Getenv(EnvArchive))
}

func archivePath(root, env string) (string, bool) {
	if env != "" {
		return env, isFile(env)
	}
	if root == "" {
		return "", false
	}
	var first string
	for _, p := range []string{
		filepath.Join(root, "..", "shared", "datasets", ArchiveName),
		filepath.Join(root, "shared", "datasets", ArchiveName),
	} {
		if isFile(p) {
			return p, true
		}
		if first == "" {
			first = p
		}
	}
	return first, false
}

// ReferencePath returns the reference figures' path and whether it exists:
// $TOPICMODEL_REFERENCE if set, else the repository's testdata copy.
func ReferencePath() (string, bool) {
	root, err := ModuleRoot()
	if err != nil {
		root = ""
	}
	return referencePath(root, os.Getenv(EnvReference))
}

func referencePath(root, env string) (string, bool) {
	if env != "" {
		return env, isFile(env)
	}
	if root == "" {
		return "", false
	}
	p := filepath.Join(root, filepath.FromSlash(ReferenceFile))
	return p, isFile(p)
}

// Archive returns the corpus archive's path, or calls Missing.
func Archive(tb testing.TB) string {
	tb.Helper()
	p, ok := ArchivePath()
	if !ok {
		where := p
		if where == "" {
			where = "../shared/datasets/" + ArchiveName
		}
		Missing(tb, "the 20 Newsgroups archive ("+where+") is missing; "+GetCorpus)
	}
	return p
}

// Reference returns the reference figures' path, or calls Missing.
func Reference(tb testing.TB) string {
	tb.Helper()
	p, ok := ReferencePath()
	if !ok {
		Missing(tb, "the reference figures ("+p+") are missing; regenerate them with datasets/reference/testdata/gen_reference.py or unset "+EnvReference)
	}
	return p
}

// Missing ends a test that lacks the data it compares with: a failure
// under CI; elsewhere a skip, recorded in $TOPICMODEL_SKIPLOG when set.
func Missing(tb testing.TB, reason string) {
	tb.Helper()
	if CI() {
		tb.Fatalf("CI=true: %s", reason)
		return
	}
	if err := record(os.Getenv(EnvSkipLog), tb.Name(), reason); err != nil {
		tb.Errorf("testenv: recording the skip: %v", err)
	}
	tb.Skipf("fidelity check skipped: %s", reason)
}

// record appends "package test: reason" to the skip log (nothing if log
// is empty). The package is the working directory relative to the module
// root, which is the package's folder under go test.
func record(log, name, reason string) error {
	if log == "" {
		return nil
	}
	pkg := "."
	if wd, err := os.Getwd(); err == nil {
		if root, err := moduleRoot(wd); err == nil {
			if rel, err := filepath.Rel(root, wd); err == nil {
				pkg = filepath.ToSlash(rel)
			}
		}
	}
	f, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	// One write per line: O_APPEND keeps lines from parallel test binaries whole.
	_, err = fmt.Fprintf(f, "%s %s: %s\n", pkg, name, strings.ReplaceAll(reason, "\n", " "))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Summary returns the line scripts/test.sh ends with when fidelity checks
// were skipped: "N fidelity checks skipped: " and the tests, grouped by
// package, from the skip log's lines; "" when log is empty.
func Summary(log string) string {
	var lines []string
	for _, l := range strings.Split(log, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	var pkgs []string
	tests := map[string][]string{}
	reasons := map[string]bool{}
	var firstReason string
	for _, l := range lines {
		head, reason, _ := strings.Cut(l, ": ")
		pkg, test, _ := strings.Cut(head, " ")
		if _, ok := tests[pkg]; !ok {
			pkgs = append(pkgs, pkg)
		}
		// A test's subtests count once per top-level test in the list.
		top, _, _ := strings.Cut(test, "/")
		if !slices.Contains(tests[pkg], top) {
			tests[pkg] = append(tests[pkg], top)
		}
		if !reasons[reason] {
			reasons[reason] = true
			if firstReason == "" {
				firstReason = reason
			}
		}
	}
	var parts []string
	for _, p := range pkgs {
		parts = append(parts, p+" ("+strings.Join(tests[p], ", ")+")")
	}
	noun := "checks"
	if len(lines) == 1 {
		noun = "check"
	}
	return fmt.Sprintf("%d fidelity %s skipped: %s; because %s", len(lines), noun, strings.Join(parts, "; "), firstReason)
}
