package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/internal/testenv"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

// repoRoot is the repository's root, four folders up.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../../../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "scripts", "topics", "main.go")); err != nil {
		t.Fatalf("no scripts/topics under %s: %v", root, err)
	}
	return root
}

// lessonJSONL writes the first n posts of the lesson's corpus (four
// categories, headers, footers and quotes removed) to a JSON Lines file
// with their category as the label.
func lessonJSONL(t *testing.T, n int) string {
	t.Helper()
	archive := testenv.Archive(t) // skips, or fails under CI, without it
	b, err := newsgroups.Fetch(newsgroups.Options{
		Categories: lessonCategories,
		Remove:     []string{"headers", "footers", "quotes"},
		Archive:    archive,
		DataHome:   t.TempDir(),
		Progress:   io.Discard,
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "posts.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for i, d := range b.Data[:min(n, len(b.Data))] {
		if err := enc.Encode(map[string]string{"text": d, "label": b.TargetNames[b.Target[i]]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// inMemory runs `go run ./scripts/topics ARGS -json` in the repository
// root and returns its result and the keys of its JSON object.
func inMemory(t *testing.T, args ...string) (Result, []string) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to run scripts/topics with")
	}
	cmd := exec.Command("go", append([]string{"run", "./scripts/topics", "-json"}, args...)...)
	cmd.Dir = repoRoot(t)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("go run ./scripts/topics %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return decode(t, out.Bytes())
}

// decode parses a JSON result and returns it with its keys, sorted.
func decode(t *testing.T, out []byte) (Result, []string) {
	t.Helper()
	var r Result
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("JSON result: %v\n%s", err, out)
	}
	var obj map[string]any
	if err := json.Unmarshal(out, &obj); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return r, keys
}

// compare checks got against the in-memory want: the corpus and matrix
// figures and the topics equal, singular values within 1e-9 and the
// reconstruction error within 1e-6, relative.
func compare(t *testing.T, got, want Result) {
	t.Helper()
	same := func(name string, g, w any) {
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s = %v, in memory %v", name, g, w)
		}
	}
	same("n_docs", got.NDocs, want.NDocs)
	same("target_names", got.TargetNames, want.TargetNames)
	same("target_head", got.TargetHead, want.TargetHead)
	same("filenames_head", got.FilenamesHead, want.FilenamesHead)
	same("data_sha256_head", got.DataSHA256Head, want.DataSHA256Head)
	same("shape", got.Shape, want.Shape)
	same("nnz", got.NNZ, want.NNZ)
	same("sum", got.Sum, want.Sum)
	same("vocab_sample", got.VocabSample, want.VocabSample)
	same("topics", got.Topics, want.Topics)
	if len(got.SingularValues) != len(want.SingularValues) {
		t.Fatalf("%d singular values, in memory %d", len(got.SingularValues), len(want.SingularValues))
	}
	worst := 0.0
	for i, w := range want.SingularValues {
		worst = max(worst, math.Abs(got.SingularValues[i]-w)/w)
	}
	if len(want.SingularValues) > 0 {
		t.Logf("singular values: largest relative difference %.2g", worst)
	}
	if worst > 1e-9 {
		t.Errorf("singular values %v, in memory %v (relative difference %.2g > 1e-9)", got.SingularValues, want.SingularValues, worst)
	}
	if (got.ReconstructionErr == nil) != (want.ReconstructionErr == nil) {
		t.Fatalf("reconstruction_err %v, in memory %v", got.ReconstructionErr, want.ReconstructionErr)
	}
	if want.ReconstructionErr != nil {
		g, w := *got.ReconstructionErr, *want.ReconstructionErr
		d := math.Abs(g-w) / w
		t.Logf("reconstruction error %.17g, in memory %.17g: relative difference %.2g; %d iterations, in memory %d", g, w, d, *got.NIter, *want.NIter)
		if d > 1e-6 {
			t.Errorf("reconstruction_err %.17g, in memory %.17g (relative difference %.2g > 1e-6)", g, w, d)
		}
		same("n_iter", *got.NIter, *want.NIter)
	}
}

// jobServer starts a Prism job server on a free port of 127.0.0.1 and
// returns its HOST:PORT.
func jobServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no local port: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if _, err := prism.CreateJobServer(ctx, prism.Options{Port: port}); err != nil {
		t.Fatalf("starting a Prism job server: %v", err)
	}
	return fmt.Sprintf("127.0.0.1:%d", port)
}

// TestSameAsInMemory runs topics-beam on 200 lesson posts, through the
// portable runner to a Prism job server on 127.0.0.1, with 1, 3 and 8
// shards, counts and tf-idf, and compares its JSON with scripts/topics' on
// the same file.
func TestSameAsInMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Prism and go run ./scripts/topics")
	}
	posts := lessonJSONL(t, 200)
	endpoint := jobServer(t)
	for _, method := range [][]string{
		{"-method", "nmf", "-k", "5"},
		{"-method", "nmf", "-k", "4", "-init", "random", "-seed", "3"},
		{"-method", "rsvd", "-k", "5"},
		{"-vectorizer", "tfidf", "-method", "nmf", "-k", "5"},
		{"-vectorizer", "tfidf", "-method", "rsvd", "-k", "5"},
	} {
		args := append([]string{"-jsonl", posts}, method...)
		want, wantKeys := inMemory(t, args...)
		for _, shards := range []int{1, 3, 8} {
			t.Run(fmt.Sprintf("%s/%d shards", strings.Join(method, " "), shards), func(t *testing.T) {
				var out, errb bytes.Buffer
				a := append(args, "-json", "-shards", fmt.Sprint(shards), "-runner", "universal", "-endpoint", endpoint)
				if code := run(a, &out, &errb); code != 0 {
					t.Fatalf("topics-beam %s: exit status %d\n%s", strings.Join(a, " "), code, errb.String())
				}
				got, keys := decode(t, out.Bytes())
				if !slices.Equal(keys, wantKeys) {
					t.Errorf("JSON keys %v, scripts/topics' %v", keys, wantKeys)
				}
				compare(t, got, want)
			})
		}
	}
}

// TestWrapper runs scripts/topics-beam (the wrapper, which builds this
// command) on Prism in its own process and compares with scripts/topics.
func TestWrapper(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs scripts/topics-beam")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	posts := lessonJSONL(t, 200)
	args := []string{"-jsonl", posts, "-method", "nmf", "-k", "5"}
	want, _ := inMemory(t, args...)
	cmd := exec.Command("bash", append([]string{filepath.Join(repoRoot(t), "scripts", "topics-beam"), "-json", "-shards", "3"}, args...)...)
	cmd.Env = append(os.Environ(), "TOPICS_BEAM_BIN="+filepath.Join(t.TempDir(), "topics-beam"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("scripts/topics-beam: %v\n%s", err, errb.String())
	}
	got, _ := decode(t, out.Bytes())
	compare(t, got, want)
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // in the message
	}{
		{[]string{"-files", "x"}, "-files is not implemented"},
		{[]string{"-save", "f.npz", "-method", "nmf"}, "-save is not implemented"},
		{[]string{"-vectorizer", "hashing"}, "-vectorizer hashing is not implemented"},
		{[]string{"-vectorizer", "bag"}, "-vectorizer \"bag\": want count or tfidf"},
		{[]string{"-method", "sgd"}, "-method sgd is not implemented"},
		{[]string{"-method", "nmf", "-solver", "mu"}, "-solver mu is not implemented"},
		{[]string{"-method", "nmf", "-init", "nndsvdar"}, "-init nndsvdar is not implemented"},
		{[]string{"-shards", "0"}, "-shards 0"},
		{[]string{"-runner", "universal"}, "needs -endpoint"},
		{[]string{"-runner", "dataflow"}, "-runner \"dataflow\""},
		{[]string{"-jsonl", "x.jsonl", "-lesson"}, "-lesson is for 20 Newsgroups only"},
		{[]string{"-k", "0"}, "-k 0"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tc.args, &out, &errb); code != 2 {
				t.Errorf("exit status %d, want 2\n%s", code, errb.String())
			}
			if !strings.Contains(errb.String(), tc.want) {
				t.Errorf("message %q, want one that says %q", errb.String(), tc.want)
			}
		})
	}
}
