package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/fastai-go/topicmodel/internal/testenv"
)

// recordRun runs the command with -record into dir and returns the record.
func recordRun(t *testing.T, dir string, args ...string) (string, *Record) {
	t.Helper()
	name := filepath.Join(dir, "run.json")
	var out, errb bytes.Buffer
	args = append(args, "-archive", testenv.Archive(t), "-data", dataHome(t), "-record", name)
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("topics %v: exit %d: %s", args, code, errb.String())
	}
	rec, err := readRecord(name)
	if err != nil {
		t.Fatal(err)
	}
	return name, rec
}

// runVerifyFile runs topics -verify name and returns its exit status and
// output.
func runVerifyFile(name string) (int, string) {
	var out, errb bytes.Buffer
	code := run([]string{"-verify", name}, &out, &errb)
	return code, out.String() + errb.String()
}

// editRecord rewrites the record file name through edit.
func editRecord(t *testing.T, name, to string, edit func(r map[string]any)) {
	t.Helper()
	raw, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	edit(r)
	if raw, err = json.Marshal(r); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRecordVerify records the lesson's NMF, checks what the record holds
// against the JSON report and the archive's own SHA-256, and verifies it:
// unchanged it passes; each edited result or input fails naming the field
// and both values; a loosened tolerance lets a small change pass.
func TestRecordVerify(t *testing.T) {
	dir := t.TempDir()
	args := []string{"-lesson", "-method", "nmf", "-k", "5"}
	name, rec := recordRun(t, dir, args...)

	raw, err := os.ReadFile(testenv.Archive(t))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if len(rec.Inputs) != 1 || rec.Inputs[0].Role != "archive" || rec.Inputs[0].SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("inputs = %+v, want the archive with SHA-256 %x", rec.Inputs, sum)
	}
	b := rec.Build
	if b.GoVersion != runtime.Version() || b.GOOS != runtime.GOOS || b.GOARCH != runtime.GOARCH || b.Module != "github.com/fastai-go/topicmodel" {
		t.Errorf("build = %+v, want %s %s/%s of github.com/fastai-go/topicmodel", b, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	}
	if len(b.VCSRevision) != 40 {
		t.Errorf("VCS revision %q, want a 40-digit git commit", b.VCSRevision)
	}
	if got, want := strings.Join(rec.Command, " "), "-archive="+testenv.Archive(t)+" -data="+dataHome(t)+" -k=5 -lesson=true -method=nmf"; got != want {
		t.Errorf("command %q, want %q", got, want)
	}
	if rec.Parameters["solver"] != "cd" || rec.Parameters["top"] != "8" {
		t.Errorf("parameters %v lack the defaults solver=cd, top=8", rec.Parameters)
	}
	// The results are the JSON report's, timings aside.
	report := runJSON(t, append(args, "-archive", testenv.Archive(t))...)
	want, err := resultFields(&report)
	if err != nil {
		t.Fatal(err)
	}
	var diff bytes.Buffer
	if !compare(&diff, "results", map[string]any(rec.Results), map[string]any(want), 0) {
		t.Errorf("the record's results differ from the JSON report:\n%s", diff.String())
	}
	if rec.Tolerances["reconstruction_err"] != 1e-9 || rec.Tolerances["sum"] != 1e-12 {
		t.Errorf("tolerances %v, want reconstruction_err 1e-9 and sum 1e-12", rec.Tolerances)
	}

	if code, out := runVerifyFile(name); code != 0 || !strings.Contains(out, "verified: ") {
		t.Fatalf("-verify of an unchanged record: exit %d:\n%s", code, out)
	}

	edited := filepath.Join(dir, "edited.json")
	results := func(r map[string]any) map[string]any { return r["results"].(map[string]any) }
	for _, c := range []struct {
		name  string
		edit  func(r map[string]any)
		code  int
		wants []string
	}{
		{"error moved 1e-6", func(r map[string]any) {
			results(r)["reconstruction_err"] = results(r)["reconstruction_err"].(float64) * (1 + 1e-6)
		},
			1, []string{"reconstruction_err: recorded", "relative difference 1e-06, tolerance 1e-09"}},
		{"error moved 1e-6, tolerance 1e-5", func(r map[string]any) {
			results(r)["reconstruction_err"] = results(r)["reconstruction_err"].(float64) * (1 + 1e-6)
			r["tolerances"].(map[string]any)["reconstruction_err"] = 1e-5
		}, 0, []string{"verified: "}},
		{"a topic changed", func(r map[string]any) { results(r)["topics"].([]any)[1] = "a b c" },
			1, []string{`topics[1]: recorded "a b c", the rerun gives "`}},
		{"a shape changed", func(r map[string]any) { results(r)["shape"].([]any)[0] = 2035.0 },
			1, []string{"shape[0]: recorded 2035, the rerun gives 2034"}},
		{"a result missing", func(r map[string]any) { delete(results(r), "n_iter") },
			1, []string{"n_iter: not in the record"}},
		{"another archive", func(r map[string]any) { r["inputs"].([]any)[0].(map[string]any)["sha256"] = strings.Repeat("0", 64) },
			1, []string{"input archive: SHA-256 ", "not the same file"}},
		{"another Go", func(r map[string]any) { r["build"].(map[string]any)["go_version"] = "go1.0" },
			0, []string{"note: recorded with go1.0", "verified: "}},
		{"bad command", func(r map[string]any) { r["command"] = []any{"-k=0", "-lesson=true"} },
			2, []string{"the record's command", "-k 0"}},
		{"command with -record", func(r map[string]any) { r["command"] = []any{"-record=x.json"} },
			1, []string{"its command holds -record=x.json"}},
		{"other format", func(r map[string]any) { r["format"] = "topics-record/9" },
			1, []string{`format "topics-record/9", want "topics-record/1"`}},
		{"negative tolerance", func(r map[string]any) { r["tolerances"].(map[string]any)["sum"] = -1 },
			1, []string{`tolerance of "sum" is -1`}},
		{"unknown field", func(r map[string]any) { r["extra"] = 1 },
			1, []string{"not a record file", `unknown field "extra"`}},
	} {
		editRecord(t, name, edited, c.edit)
		code, out := runVerifyFile(edited)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d:\n%s", c.name, code, c.code, out)
		}
		for _, w := range c.wants {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", c.name, w, out)
			}
		}
	}
}

// TestRecordBadUse checks the errors of -record and -verify used wrongly,
// and that a failed run leaves no record and no temporary file.
func TestRecordBadUse(t *testing.T) {
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "notjson.json")
	if err := os.WriteFile(notJSON, []byte("{half"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-record", "a.json", "-verify", "b.json"}, 2, "-record and -verify together"},
		{[]string{"-verify", "b.json", "-k", "3"}, 2, "-verify takes no other flags (got -k=3)"},
		{[]string{"-verify", filepath.Join(dir, "missing.json")}, 1, "no such file or directory; give a file written by -record"},
		{[]string{"-verify", notJSON}, 1, "not a record file"},
		{[]string{"-lesson", "-record", filepath.Join(dir, "no", "such", "folder", "r.json")}, 1, "give a file in a writable folder"},
		{[]string{"-lesson", "-method", "nmf", "-k", "100000", "-record", filepath.Join(dir, "r.json")}, 2, "at most"},
	} {
		args := c.args
		if args[0] == "-lesson" { // an experiment: the test's corpus and cache
			args = append(args, "-archive", testenv.Archive(t), "-data", dataHome(t))
		}
		var out, errb bytes.Buffer
		code := run(args, &out, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.want) {
			t.Errorf("topics %v: exit %d, stderr %q; want exit %d and %q", c.args, code, errb.String(), c.code, c.want)
		}
	}
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		if e.Name() != "notjson.json" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestBitIdentical checks what README promises: NMF (k=20) and randomized
// SVD (k=20) of the 20-category tf-idf matrix give the same bits for
// GOMAXPROCS 1, 2 and 16, and with -tags purego (the Go statements of the
// assembly kernels). The purego build is a separate binary that verifies the
// in-process record with every tolerance set to 0.
func TestBitIdentical(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: three runs of NMF and randomized SVD on the 20-category tf-idf and a purego build (about two minutes)")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "topics-purego")
	build := exec.Command(goBin, "build", "-tags", "purego", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -tags purego: %v\n%s", err, out)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, method := range []string{"nmf", "rsvd"} {
		dir := t.TempDir()
		args := []string{"-vectorizer", "tfidf", "-method", method, "-k", "20"}
		runtime.GOMAXPROCS(1)
		name, rec := recordRun(t, dir, args...)
		exact := filepath.Join(dir, "exact.json")
		editRecord(t, name, exact, func(r map[string]any) { r["tolerances"] = map[string]any{} })
		for _, procs := range []int{2, 16} {
			runtime.GOMAXPROCS(procs)
			if code, out := runVerifyFile(exact); code != 0 {
				t.Errorf("%s, GOMAXPROCS %d against GOMAXPROCS 1: exit %d:\n%s", method, procs, code, out)
			}
		}
		cmd := exec.Command(bin, "-verify", exact)
		cmd.Env = append(os.Environ(), "GOMAXPROCS=16")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s, -tags purego against the assembly kernels: %v\n%s", method, err, out)
		}
		if len(rec.Results["topics"].([]any)) != 20 {
			t.Errorf("%s: %d topics recorded, want 20", method, len(rec.Results["topics"].([]any)))
		}
	}
}

// TestRecordFilesAndJSONL records experiments on a folder and on a JSON
// Lines file: the folder is identified by the digest of its documents, the
// file by its SHA-256, and changing one document's bytes makes -verify
// fail naming the input.
func TestRecordFilesAndJSONL(t *testing.T) {
	dir := t.TempDir()
	tree := filepath.Join(dir, "tree")
	if err := os.CopyFS(tree, os.DirFS(filesTree)); err != nil {
		t.Fatal(err)
	}
	jsonl := filepath.Join(dir, "labels.jsonl")
	raw, err := os.ReadFile(filepath.Join(filesTestdata, "labels.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jsonl, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		role, path, doc, more string
		args                  []string
	}{
		{"files", tree, filepath.Join(tree, "alpha", "latin1"), " extra words", []string{"-files", tree}},
		{"jsonl", jsonl, jsonl, "\n{\"text\": \"extra words\"}\n", []string{"-jsonl", jsonl, "-label-field="}},
	} {
		name := filepath.Join(dir, c.role+".json")
		var out, errb bytes.Buffer
		if code := run(append(c.args, "-record", name), &out, &errb); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.role, code, errb.String())
		}
		rec, err := readRecord(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.Inputs) != 1 || rec.Inputs[0].Role != c.role || rec.Inputs[0].Path != c.path || len(rec.Inputs[0].SHA256) != 64 {
			t.Errorf("%s: inputs %+v, want one %q input at %s", c.role, rec.Inputs, c.role, c.path)
		}
		if code, msg := runVerifyFile(name); code != 0 {
			t.Fatalf("%s: -verify of an unchanged input: exit %d\n%s", c.role, code, msg)
		}
		doc, err := os.ReadFile(c.doc)
		if err != nil {
			t.Fatalf("%s: %v (the test's input changed: pick another document)", c.role, err)
		}
		if err := os.WriteFile(c.doc, append(doc, c.more...), 0o644); err != nil {
			t.Fatal(err)
		}
		code, msg := runVerifyFile(name)
		if code != 1 || !strings.Contains(msg, "input "+c.role+": SHA-256 ") {
			t.Errorf("%s: -verify after a document changed: exit %d, want 1 naming the input:\n%s", c.role, code, msg)
		}
	}
}

// TestRecordMatrix records randomized SVD of a matrix file: the record
// names the matrix (and vocabulary) by SHA-256 and -verify reruns it.
func TestRecordMatrix(t *testing.T) {
	dir := t.TempDir()
	vocab := filepath.Join(dir, "words.txt")
	words := make([]string, 20)
	for i := range words {
		words[i] = "w" + strings.Repeat("x", i)
	}
	if err := os.WriteFile(vocab, []byte(strings.Join(words, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "m.json")
	args := []string{"-matrix", filepath.Join(npzFixtures, "csr_counts.npz"), "-vocab", vocab, "-method", "rsvd", "-k", "3", "-record", name}
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	rec, err := readRecord(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Inputs) != 2 || rec.Inputs[0].Role != "matrix" || rec.Inputs[1].Role != "vocab" {
		t.Errorf("inputs %+v, want the matrix and the vocabulary", rec.Inputs)
	}
	if sv, ok := rec.Results["singular_values"].([]any); !ok || len(sv) != 3 {
		t.Errorf("results %v lack 3 singular values", rec.Results)
	}
	if code, msg := runVerifyFile(name); code != 0 {
		t.Fatalf("-verify: exit %d\n%s", code, msg)
	}
}
