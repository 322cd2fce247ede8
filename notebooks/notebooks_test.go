package notebooks_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/internal/testenv"
)

// The notebooks, relative to this folder, and whether each is an exercise
// edition (its learner cells are left blank).
var notebookFiles = []struct {
	path      string
	exercises bool
}{
	{"lesson3-topic-modeling.ipynb", false},
	{"lesson3-topic-modeling.zh.ipynb", false},
	{"exercises/lesson3-topic-modeling.ipynb", true},
	{"exercises/lesson3-topic-modeling.zh.ipynb", true},
}

// notebookJSON is the part of the .ipynb format the checks read.
type notebookJSON struct {
	Cells []cellJSON `json:"cells"`
}

type cellJSON struct {
	CellType string                  `json:"cell_type"`
	Source   []string                `json:"source"`
	Metadata struct{ Tags []string } `json:"metadata"`
	Outputs  []outputJSON            `json:"outputs"`
}

type outputJSON struct {
	OutputType string                     `json:"output_type"`
	Name       string                     `json:"name"`
	Text       json.RawMessage            `json:"text"`
	Data       map[string]json.RawMessage `json:"data"`
	EName      string                     `json:"ename"`
	EValue     string                     `json:"evalue"`
}

func (c cellJSON) has(tag string) bool {
	for _, t := range c.Metadata.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

func (c cellJSON) source() string { return strings.Join(c.Source, "") }

// multiline decodes Jupyter's string-or-list-of-strings fields.
func multiline(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var l []string
	if json.Unmarshal(raw, &l) == nil {
		return strings.Join(l, "")
	}
	return ""
}

// text returns what a cell printed: its stdout, stderr and text outputs.
func (c cellJSON) text() string {
	var b strings.Builder
	for _, o := range c.Outputs {
		b.WriteString(multiline(o.Text))
		if t, ok := o.Data["text/plain"]; ok {
			b.WriteString(multiline(t))
		}
		if t, ok := o.Data["text/html"]; ok {
			b.WriteString(multiline(t))
		}
	}
	return b.String()
}

func readNotebook(t *testing.T, path string) notebookJSON {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb notebookJSON
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: not a notebook: %v", path, err)
	}
	return nb
}

// reference holds the scikit-learn figures the lesson's outputs are
// compared with (shared/reference/lesson3-sklearn.json).
type reference struct {
	Case struct {
		Name string `json:"name"`
	} `json:"case"`
	Shape      []int    `json:"shape"`
	NNZ        int      `json:"nnz"`
	TargetHead []int    `json:"target_head"`
	SVDTopics  []string `json:"svd_topics"`
	RSVD       []struct {
		K      int      `json:"k"`
		Topics []string `json:"topics"`
	} `json:"rsvd"`
	NMF []struct {
		K                 int      `json:"k"`
		Seed              int      `json:"seed"`
		ReconstructionErr float64  `json:"reconstruction_err"`
		Topics            []string `json:"topics"`
	} `json:"nmf"`
}

func loadReference(t *testing.T) map[string]reference {
	t.Helper()
	p := testenv.Reference(t)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var refs []reference
	if err := json.Unmarshal(b, &refs); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	m := map[string]reference{}
	for _, r := range refs {
		m[r.Case.Name] = r
	}
	return m
}

// lessonVocab is vocab[7000:7020] as the lesson prints it.
var lessonVocab = []string{"cosmonauts", "cosmos", "cosponsored", "cost", "costa", "costar",
	"costing", "costly", "costruction", "costs", "cosy", "cote", "couched", "couldn", "council",
	"councils", "counsel", "counselees", "counselor", "count"}

// checkNotebook applies every output check to one executed notebook.
func checkNotebook(t *testing.T, name string, nb notebookJSON, exercises bool, refs map[string]reference) {
	t.Helper()
	count, tfidf := refs["lesson-count"], refs["lesson-tfidf"]
	tagged := map[string]bool{}
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		where := fmt.Sprintf("%s cell %d (%.40q)", name, i, c.source())
		for _, o := range c.Outputs {
			if o.OutputType == "error" {
				t.Errorf("%s: error output %s: %s", where, o.EName, o.EValue)
			}
			if o.Name == "stderr" && regexp.MustCompile(`panic:|goroutine \d+ \[`).MatchString(multiline(o.Text)) {
				t.Errorf("%s: a Go stack trace in stderr:\n%s", where, multiline(o.Text))
			}
		}
		for _, tag := range c.Metadata.Tags {
			tagged[tag] = true
		}
		text := c.text()
		want := func(tag string, subs ...string) {
			if !c.has(tag) {
				return
			}
			for _, s := range subs {
				if !strings.Contains(text, s) {
					t.Errorf("%s [%s]: output lacks %q; it is:\n%s", where, tag, s, text)
				}
			}
		}
		want("data-shape", "(2034,) (2034,)")
		want("target-head", fmt.Sprint(count.TargetHead[:10]))
		want("target-names", "comp.graphics talk.religion.misc sci.space")
		want("vectors-shape", fmt.Sprintf("(%d, %d)", count.Shape[0], count.Shape[1]))
		want("vocab-slice", strings.Join(lessonVocab, " "))
		want("svd-shapes", "(2034, 2034) (2034,) (2034, 26576)")
		want("autograd-out", "108")
		want("autograd-grad", "18  18")
		if c.has("svd-topics") {
			// An SVD fixes each pair of singular vectors only up to sign,
			// and a topic is the top of a row. svd.Full applies
			// scikit-learn's sign rule (svd_flip), while the SciPy reference
			// keeps LAPACK's signs; scikit-learn's randomized_svd with k = 10
			// uses the same rule as svd.Full. Each of the ten topics must be
			// SciPy's or that one.
			var flipped []string
			for _, r := range count.RSVD {
				if r.K == 10 {
					flipped = r.Topics
				}
			}
			if len(count.SVDTopics) < 10 || len(flipped) < 10 {
				t.Fatalf("the reference lacks the SVD topics or the k = 10 randomized SVD topics")
			}
			for i := 0; i < 10; i++ {
				if !strings.Contains(text, count.SVDTopics[i]) && !strings.Contains(text, flipped[i]) {
					t.Errorf("%s [svd-topics]: topic %d is neither SciPy's %q nor, with scikit-learn's signs, %q:\n%s", where, i, count.SVDTopics[i], flipped[i], text)
				}
			}
		}
		for _, r := range count.NMF {
			if r.K == 5 && r.Seed == 1 {
				want("nmf-count-topics", r.Topics...)
			}
		}
		for _, r := range tfidf.NMF {
			if r.K == 5 && r.Seed == 1 {
				want("nmf-tfidf-topics", r.Topics...)
				if c.has("reconstruction-err") {
					checkNumber(t, where, text, r.ReconstructionErr, 1e-6)
				}
			}
		}
		for _, r := range count.RSVD {
			if r.K == 5 {
				want("rsvd-topics", r.Topics...)
			}
		}
		if c.has("figure") {
			checkFigure(t, where, c)
		}
		if c.has("gpu") && !strings.Contains(text, "GPU: ") &&
			!(strings.Contains(text, "No GPU: ") && strings.Contains(text, "on the CPU")) {
			t.Errorf("%s: the GPU cell neither used a GPU nor said why it ran on the CPU:\n%s", where, text)
		}
		if c.has("checker") {
			if exercises {
				if !strings.Contains(text, "✗") && !strings.Contains(text, "not answered") {
					t.Errorf("%s: the checker accepted the blank exercise:\n%s", where, text)
				}
				if strings.Contains(text, "✓") {
					t.Errorf("%s: the checker printed ✓ for a blank exercise:\n%s", where, text)
				}
			} else if !strings.Contains(text, "✓") || strings.Contains(text, "✗") {
				t.Errorf("%s: the checker did not accept the solution:\n%s", where, text)
			}
		}
	}
	for _, tag := range []string{"data-shape", "target-head", "vectors-shape", "vocab-slice", "svd-topics",
		"nmf-count-topics", "nmf-tfidf-topics", "reconstruction-err", "rsvd-topics", "figure", "checker"} {
		if !tagged[tag] {
			t.Errorf("%s: no cell is tagged %q: the check it stands for did not run", name, tag)
		}
	}
}

// checkNumber finds a number within rel of want in text.
func checkNumber(t *testing.T, where, text string, want, rel float64) {
	t.Helper()
	for _, f := range regexp.MustCompile(`-?\d+\.\d+(?:[eE][-+]?\d+)?`).FindAllString(text, -1) {
		v, err := strconv.ParseFloat(f, 64)
		if err == nil && math.Abs(v-want) <= rel*math.Abs(want) {
			return
		}
	}
	t.Errorf("%s: no number within %g of %v in:\n%s", where, rel, want, text)
}

// checkFigure wants a decodable, non-trivial PNG or an SVG document.
func checkFigure(t *testing.T, where string, c cellJSON) {
	t.Helper()
	for _, o := range c.Outputs {
		if raw, ok := o.Data["image/png"]; ok {
			b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(multiline(raw)))
			if err != nil {
				t.Errorf("%s: image/png is not base64: %v", where, err)
				return
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Errorf("%s: image/png does not decode: %v", where, err)
				return
			}
			if s := img.Bounds().Size(); s.X < 200 || s.Y < 150 {
				t.Errorf("%s: figure only %v pixels", where, s)
			}
			return
		}
		if raw, ok := o.Data["image/svg+xml"]; ok {
			if !strings.Contains(multiline(raw), "<svg") {
				t.Errorf("%s: image/svg+xml holds no <svg>", where)
			}
			return
		}
	}
	t.Errorf("%s: tagged as a figure but has no image/png or image/svg+xml output", where)
}

// TestCommitted checks the outputs saved in the committed notebooks: what
// a reader sees without running anything.
func TestCommitted(t *testing.T) {
	refs := loadReference(t)
	for _, f := range notebookFiles {
		nb := readNotebook(t, f.path)
		checkNotebook(t, f.path, nb, f.exercises, refs)
	}
}

// TestGenerated checks that the committed notebooks hold the cells
// ./gen writes from src/lesson3.cells, so the source and the notebooks
// cannot drift apart.
func TestGenerated(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"-src", "src/lesson3.cells"},
		{"-src", "src/lesson3-gpu.cells", "-single", "lesson3-gpu.ipynb"},
	} {
		cmd := exec.Command("go", append([]string{"run", "./gen", "-out", dir}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go run ./gen %v: %v\n%s", args, err, out)
		}
	}
	paths := []string{"lesson3-gpu.ipynb"}
	for _, f := range notebookFiles {
		paths = append(paths, f.path)
	}
	for _, path := range paths {
		f := struct{ path string }{path}
		gen, committed := readNotebook(t, filepath.Join(dir, f.path)), readNotebook(t, f.path)
		if len(gen.Cells) != len(committed.Cells) {
			t.Errorf("%s: %d cells committed, gen writes %d: run scripts/build_notebooks.sh", f.path, len(committed.Cells), len(gen.Cells))
			continue
		}
		for i := range gen.Cells {
			if g, c := gen.Cells[i].source(), committed.Cells[i].source(); g != c {
				t.Errorf("%s cell %d differs from the source: run scripts/build_notebooks.sh\ncommitted: %.200q\ngenerated: %.200q", f.path, i, c, g)
			}
		}
	}
}

// requireJupyter returns the jupyter command, or skips (fails under
// CI=true) with what is missing and how to get it.
func requireJupyter(t *testing.T) string {
	t.Helper()
	var missing []string
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		missing = append(missing, "jupyter (nbconvert)")
	} else if out, err := exec.Command(jupyter, "nbconvert", "--version").CombinedOutput(); err != nil {
		missing = append(missing, "jupyter nbconvert ("+strings.TrimSpace(string(out))+")")
	}
	gopath := strings.TrimSpace(runOut("go", "env", "GOPATH"))
	for _, tool := range []string{"gonb", "goimports"} {
		if _, err := exec.LookPath(tool); err != nil {
			if _, err := os.Stat(filepath.Join(gopath, "bin", tool)); err != nil {
				missing = append(missing, tool)
			}
		}
	}
	dataDir := os.Getenv("JUPYTER_DATA_DIR")
	if dataDir == "" {
		home, _ := os.UserHomeDir()
		dataDir = filepath.Join(home, ".local", "share", "jupyter")
	}
	if _, err := os.Stat(filepath.Join(dataDir, "kernels", "gonb", "kernel.json")); err != nil {
		if _, err2 := os.Stat("/usr/local/share/jupyter/kernels/gonb/kernel.json"); err2 != nil {
			missing = append(missing, "the GoNB Jupyter kernel")
		}
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("cannot execute notebooks: missing %s; run scripts/setup.sh to install them", strings.Join(missing, ", "))
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return jupyter
}

func runOut(name string, args ...string) string {
	out, _ := exec.Command(name, args...).Output()
	return string(out)
}

// TestNotebooks executes every notebook headless with nbconvert and the
// GoNB kernel, then checks its outputs. nbconvert stops at the first cell
// that fails and writes nothing, so a failing cell fails the test with
// nbconvert's log.
func TestNotebooks(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("executing the notebooks takes minutes; skipped in -short mode")
	}
	if runtime.GOOS == "windows" {
		t.Skip("GoNB does not run on Windows")
	}
	jupyter := requireJupyter(t)
	refs := loadReference(t)
	env := append(os.Environ(), newsgroups.EnvArchive+"="+testenv.Archive(t))
	out := t.TempDir()
	for _, f := range notebookFiles {
		t.Run(strings.ReplaceAll(f.path, "/", "_"), func(t *testing.T) {
			dst := filepath.Join(out, strings.ReplaceAll(f.path, "/", "_"))
			abs, _ := filepath.Abs(f.path)
			cmd := exec.Command(jupyter, "nbconvert", "--to", "notebook", "--execute",
				"--ExecutePreprocessor.timeout=600", "--output", dst, abs)
			cmd.Env = env
			start := time.Now()
			log, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("nbconvert --execute %s failed after %v: %v\n%s", f.path, time.Since(start), err, tail(string(log), 60))
			}
			t.Logf("%s executed in %v", f.path, time.Since(start).Round(time.Millisecond))
			checkNotebook(t, f.path, readNotebook(t, dst), f.exercises, refs)
		})
	}
}

// TestNoData executes the lesson's first cells with no corpus and no way
// to download it, and checks that the data cell says what is missing and
// how to get it, without a Go stack trace.
func TestNoData(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("executes a notebook; skipped in -short mode")
	}
	jupyter := requireJupyter(t)
	b, err := os.ReadFile("lesson3-topic-modeling.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	var nb map[string]any
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	var keep []any
	for _, c := range nb["cells"].([]any) {
		cell := c.(map[string]any)
		if cell["cell_type"] != "code" {
			continue
		}
		cell["outputs"] = []any{}
		keep = append(keep, cell)
		if len(keep) == 3 { // %goworkfix, the imports, the data
			break
		}
	}
	nb["cells"] = keep
	b, _ = json.Marshal(nb)
	src := fmt.Sprintf(".nodata-%d.ipynb", os.Getpid())
	if err := os.WriteFile(src, b, 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(src)
	dst := filepath.Join(t.TempDir(), "nodata.ipynb")
	home := t.TempDir()
	cmd := exec.Command(jupyter, "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
		"--ExecutePreprocessor.timeout=300", "--output", dst, src)
	cmd.Env = append(os.Environ(),
		newsgroups.EnvArchive+"="+filepath.Join(home, "missing.tar.gz"),
		newsgroups.EnvDataHome+"="+home)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert: %v\n%s", err, tail(string(out), 40))
	}
	out := readNotebook(t, dst)
	text := out.Cells[2].text()
	if !strings.Contains(text, "error: newsgroups") || !strings.Contains(text, "missing.tar.gz") {
		t.Errorf("the data cell without data does not say what is missing:\n%s", text)
	}
	if regexp.MustCompile(`panic:|goroutine \d+ \[`).MatchString(text) {
		t.Errorf("the data cell without data shows a Go stack trace:\n%s", text)
	}
}

// tail returns the last n lines of s, without GoNB's info log lines.
func tail(s string, n int) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if regexp.MustCompile(`^[IW]\d{4} `).MatchString(l) {
			continue
		}
		keep = append(keep, l)
	}
	if len(keep) > n {
		keep = keep[len(keep)-n:]
	}
	return strings.Join(keep, "\n")
}
