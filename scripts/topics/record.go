package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
)

// recordFormat names the layout of a record file; -verify refuses others.
const recordFormat = "topics-record/1"

// Record is what -record writes and -verify reads: everything a rerun needs
// (the flags, the inputs' SHA-256) and what it should get (the results,
// each with the relative tolerance it may move by).
type Record struct {
	Format string `json:"format"`

	// Command is the command line without -record and -verify.
	Command []string `json:"command"`

	// Build says what ran: the module, its VCS revision, Go, the platform.
	Build BuildInfo `json:"build"`

	// Inputs are the files the experiment read, each with its SHA-256.
	Inputs []Input `json:"inputs"`

	// Parameters are all flags' values, defaults included.
	Parameters map[string]string `json:"parameters"`

	// Results are the JSON report's fields without the timings.
	Results map[string]any `json:"results"`

	// Tolerances are the relative differences a rerun may show per result
	// key (|got − want| ≤ tol·|want|); a key not listed must match exactly.
	// Edit them in the file to loosen or tighten a check.
	Tolerances map[string]float64 `json:"tolerances"`

	// Timings are the recorded run's seconds, for information only.
	Timings Timings `json:"timings"`
}

// BuildInfo identifies the program that made a record.
type BuildInfo struct {
	Module      string `json:"module"`
	Version     string `json:"version"`
	VCSRevision string `json:"vcs_revision"`
	VCSModified bool   `json:"vcs_modified"`
	GoVersion   string `json:"go_version"`
	GOOS        string `json:"goos"`
	GOARCH      string `json:"goarch"`
}

// Input is one file an experiment read.
type Input struct {
	Role   string `json:"role"` // what the file is, e.g. "archive"
	Path   string `json:"path,omitempty"`
	SHA256 string `json:"sha256"`
}

// defaultTolerances are the relative tolerances a new record states.
// Our results are bit-identical for any GOMAXPROCS and with -tags purego;
// the tolerances leave room for another CPU or Go release, where fused
// multiply-adds or another math library may move the last bits.
var defaultTolerances = map[string]float64{
	"sum":                1e-12,
	"singular_values":    1e-9,
	"reconstruction_err": 1e-9,
}

// buildInfo describes the running program. The VCS revision comes from the
// build information that go build stamps into a binary; go run does not
// stamp it, so then it is asked of git in the source folder, when there is
// one.
func buildInfo() BuildInfo {
	b := BuildInfo{GoVersion: runtime.Version(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Version: "unknown", VCSRevision: "unknown"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		b.Module, b.Version = bi.Main.Path, bi.Main.Version
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.VCSRevision = s.Value
			case "vcs.modified":
				b.VCSModified = s.Value == "true"
			}
		}
	}
	if b.VCSRevision == "unknown" {
		if _, file, _, ok := runtime.Caller(0); ok {
			dir := filepath.Dir(file)
			if out, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output(); err == nil {
				b.VCSRevision = strings.TrimSpace(string(out))
				if st, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output(); err == nil {
					b.VCSModified = len(bytes.TrimSpace(st)) > 0
				}
			}
		}
	}
	return b
}

// newRecord assembles the record of a finished experiment.
func newRecord(c *config, res *Result) (*Record, error) {
	results, err := resultFields(res)
	if err != nil {
		return nil, err
	}
	tol := make(map[string]float64)
	for k, v := range defaultTolerances {
		if _, ok := results[k]; ok {
			tol[k] = v
		}
	}
	return &Record{
		Format:     recordFormat,
		Command:    c.command,
		Build:      buildInfo(),
		Inputs:     res.inputs,
		Parameters: c.params,
		Results:    results,
		Tolerances: tol,
		Timings:    res.Timings,
	}, nil
}

// resultFields returns res's JSON fields without the timings, decoded the
// way a record file is read back, so that the two compare alike.
func resultFields(res *Result) (map[string]any, error) {
	raw, err := json.Marshal(res)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	delete(m, "timings")
	return m, nil
}

// writeRecord writes r to name atomically: a temporary file in the same
// folder, renamed over name once complete, so that name is never left
// half-written and no temporary file is left behind.
func writeRecord(name string, r *Record) (err error) {
	raw, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	raw = append(raw, '\n')
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return fmt.Errorf("-record %s: %w; give a file in a writable folder", name, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(raw); err != nil {
		return fmt.Errorf("-record %s: %w", name, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("-record %s: %w", name, err)
	}
	if err = os.Rename(f.Name(), name); err != nil {
		return fmt.Errorf("-record %s: %w", name, err)
	}
	return nil
}

// readRecord reads and checks a record file.
func readRecord(name string) (*Record, error) {
	raw, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("-verify: %w; give a file written by -record", err)
	}
	var r Record
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("-verify %s: not a record file (%v); give a file written by -record", name, err)
	}
	switch {
	case r.Format != recordFormat:
		return nil, fmt.Errorf("-verify %s: format %q, want %q; give a file written by -record", name, r.Format, recordFormat)
	case r.Results == nil:
		return nil, fmt.Errorf("-verify %s: the record has no results; record it again with -record", name)
	}
	for _, a := range r.Command {
		if a == "-record" || a == "-verify" || strings.HasPrefix(a, "-record=") || strings.HasPrefix(a, "-verify=") {
			return nil, fmt.Errorf("-verify %s: its command holds %s; record it again with -record", name, a)
		}
	}
	for k, v := range r.Tolerances {
		if !(v >= 0) {
			return nil, fmt.Errorf("-verify %s: tolerance of %q is %v; want a number ≥ 0", name, k, v)
		}
	}
	return &r, nil
}

// verify compares a rerun with its record and writes one line per
// difference to w; it reports whether everything matched. Inputs whose
// SHA-256 changed count as differences; another Go release or platform
// is only noted.
func verify(w io.Writer, rec *Record, got *Record) bool {
	ok := true
	for _, in := range rec.Inputs {
		i := slices.IndexFunc(got.Inputs, func(g Input) bool { return g.Role == in.Role })
		switch {
		case i < 0:
			fmt.Fprintf(w, "input %s: the rerun read no such input (recorded %s)\n", in.Role, in.Path)
			ok = false
		case got.Inputs[i].SHA256 != in.SHA256:
			fmt.Fprintf(w, "input %s: SHA-256 %s, the record has %s (%s): not the same file\n", in.Role, got.Inputs[i].SHA256, in.SHA256, in.Path)
			ok = false
		}
	}
	keys := make([]string, 0, len(rec.Results)+len(got.Results))
	for k := range rec.Results {
		keys = append(keys, k)
	}
	for k := range got.Results {
		if _, dup := rec.Results[k]; !dup {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		want, inRec := rec.Results[k]
		have, inGot := got.Results[k]
		switch {
		case !inRec:
			fmt.Fprintf(w, "%s: not in the record, the rerun gives %s\n", k, brief(have))
			ok = false
		case !inGot:
			fmt.Fprintf(w, "%s: recorded %s, the rerun gives none\n", k, brief(want))
			ok = false
		default:
			if !compare(w, k, want, have, rec.Tolerances[k]) {
				ok = false
			}
		}
	}
	return ok
}

// compare writes the differences between a recorded JSON value and a
// rerun's under the name path, numbers within relative tolerance tol
// counting as equal; it reports whether there were none.
func compare(w io.Writer, path string, want, have any, tol float64) bool {
	switch wv := want.(type) {
	case float64:
		hv, isNum := have.(float64)
		if !isNum {
			break
		}
		d := hv - wv
		if d < 0 {
			d = -d
		}
		if d <= tol*max(wv, -wv) {
			return true
		}
		rel := "∞"
		if wv != 0 {
			rel = fmt.Sprintf("%.2g", d/max(wv, -wv))
		}
		fmt.Fprintf(w, "%s: recorded %v, the rerun gives %v (relative difference %s, tolerance %g)\n", path, wv, hv, rel, tol)
		return false
	case []any:
		hv, isList := have.([]any)
		if !isList {
			break
		}
		if len(hv) != len(wv) {
			fmt.Fprintf(w, "%s: %d values recorded, the rerun gives %d\n", path, len(wv), len(hv))
			return false
		}
		ok := true
		for i := range wv {
			if !compare(w, fmt.Sprintf("%s[%d]", path, i), wv[i], hv[i], tol) {
				ok = false
			}
		}
		return ok
	case map[string]any:
		hv, isMap := have.(map[string]any)
		if !isMap {
			break
		}
		ok := true
		for k := range wv {
			if _, in := hv[k]; !in {
				fmt.Fprintf(w, "%s.%s: recorded %s, the rerun gives none\n", path, k, brief(wv[k]))
				ok = false
			}
		}
		for k := range hv {
			if _, in := wv[k]; !in {
				fmt.Fprintf(w, "%s.%s: not in the record, the rerun gives %s\n", path, k, brief(hv[k]))
				ok = false
			} else if !compare(w, path+"."+k, wv[k], hv[k], tol) {
				ok = false
			}
		}
		return ok
	default:
		if want == have {
			return true
		}
	}
	fmt.Fprintf(w, "%s: recorded %s, the rerun gives %s\n", path, brief(want), brief(have))
	return false
}

// brief is a JSON value as one short line.
func brief(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(raw) > 120 {
		return string(raw[:117]) + "..."
	}
	return string(raw)
}

// fileInput returns the Input of a file: its path and SHA-256.
func fileInput(role, name string) (Input, error) {
	f, err := os.Open(name)
	if err != nil {
		return Input{}, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return Input{}, fmt.Errorf("reading %s: %w", name, err)
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		abs = name
	}
	return Input{Role: role, Path: abs, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// errVerifyFailed is returned when a rerun moved beyond its record's
// tolerances (the differences have been printed).
var errVerifyFailed = errors.New("the rerun differs from the record")

// corpusInputs identifies the corpus an experiment read: the archive by
// the SHA-256 the loader keeps, a JSON Lines file by its own, a folder
// (-files) by the SHA-256 of its documents' list: each file's path
// relative to the folder and the SHA-256 of its bytes, sorted by path.
func corpusInputs(c *config, b *newsgroups.Bunch) ([]Input, error) {
	switch {
	case c.in.jsonl != "":
		in, err := fileInput("jsonl", c.in.jsonl)
		if err != nil {
			return nil, fmt.Errorf("-record: %w", err)
		}
		return []Input{in}, nil
	case c.in.files != "":
		root, err := filepath.Abs(c.in.files)
		if err != nil {
			return nil, err
		}
		lines := make([]string, 0, len(b.Filenames))
		for _, f := range b.Filenames {
			in, err := fileInput("document", filepath.FromSlash(f))
			if err != nil {
				return nil, fmt.Errorf("-record: %w", err)
			}
			rel, err := filepath.Rel(root, in.Path)
			if err != nil {
				rel = in.Path
			}
			lines = append(lines, filepath.ToSlash(rel)+"\x00"+in.SHA256+"\n")
		}
		slices.Sort(lines)
		h := sha256.New()
		for _, l := range lines {
			io.WriteString(h, l)
		}
		return []Input{{Role: "files", Path: root, SHA256: hex.EncodeToString(h.Sum(nil))}}, nil
	}
	return []Input{{Role: "archive", Path: archivePath(c), SHA256: b.ArchiveSHA256}}, nil
}

// runExperiment runs the experiment c names: on a matrix file (-matrix) or
// on a corpus; for -record and -verify it also identifies a matrix input
// (and its -vocab) by SHA-256.
func runExperiment(c *config, progress io.Writer) (*Result, error) {
	if c.matrix == "" {
		return experiment(c, progress)
	}
	res, err := matrixExperiment(c, progress)
	if err != nil || (c.record == "" && c.verify == "") {
		return res, err
	}
	in, err := fileInput("matrix", c.matrix)
	if err != nil {
		return nil, fmt.Errorf("-record: %w", err)
	}
	res.inputs = []Input{in}
	if c.vocab != "" {
		if in, err = fileInput("vocab", c.vocab); err != nil {
			return nil, fmt.Errorf("-record: %w", err)
		}
		res.inputs = append(res.inputs, in)
	}
	return res, nil
}

// archivePath is the archive the loader reads (newsgroups.ArchivePath's
// rules), made absolute; "" when there is no data home.
func archivePath(c *config) string {
	name, err := newsgroups.ArchivePath(newsgroups.Options{Archive: c.archive, DataHome: c.data})
	if err != nil {
		return ""
	}
	if abs, err := filepath.Abs(name); err == nil {
		name = abs
	}
	return name
}

// runVerify reruns the experiment recorded in name and compares; it
// returns the exit status: 0 when every result is within its tolerance, 1
// when one moved (each difference printed) or the rerun failed, 2 when the
// record's command is not valid.
func runVerify(name string, stdout, stderr io.Writer) int {
	rec, err := readRecord(name)
	if err != nil {
		fmt.Fprintln(stderr, "topics:", err)
		return 1
	}
	c, err := parseFlags(rec.Command, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "topics: -verify %s: the record's command %q: %v\n", name, rec.Command, err)
		return 2
	}
	c.asJSON = true // no progress lines from the methods; the result is compared, not shown
	c.verify = name // the rerun identifies its inputs
	res, err := runExperiment(c, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "topics: -verify %s: the rerun failed: %v\n", name, err)
		return 1
	}
	got, err := newRecord(c, res)
	if err != nil {
		fmt.Fprintln(stderr, "topics:", err)
		return 1
	}
	b, g := rec.Build, got.Build
	if b.GoVersion != g.GoVersion || b.GOOS != g.GOOS || b.GOARCH != g.GOARCH || b.VCSRevision != g.VCSRevision {
		fmt.Fprintf(stdout, "note: recorded with %s %s/%s at revision %s; rerun with %s %s/%s at revision %s\n",
			b.GoVersion, b.GOOS, b.GOARCH, b.VCSRevision, g.GoVersion, g.GOOS, g.GOARCH, g.VCSRevision)
	}
	if !verify(stdout, rec, got) {
		fmt.Fprintf(stderr, "topics: -verify %s: %v (the lines above); the tolerances are in the file\n", name, errVerifyFailed)
		return 1
	}
	fmt.Fprintf(stdout, "verified: %d results of %s match the record (rerun in %.1fs)\n", len(rec.Results), strings.Join(rec.Command, " "), res.Timings.Load+res.Timings.Vectorize+res.Timings.Decompose)
	return 0
}
