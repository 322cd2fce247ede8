package beam

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/fastai-go/topicmodel/lib/text"
)

// TestRunPortable submits the vectorize pipeline through the portable
// (universal) runner, as it would go to Flink or Spark, to a Prism job
// server listening on a port of 127.0.0.1, with loopback workers, and
// compares the result with the in-process run.
func TestRunPortable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no local port: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := prism.CreateJobServer(ctx, prism.Options{Port: port}); err != nil {
		t.Fatalf("starting a Prism job server: %v", err)
	}
	endpoint := fmt.Sprintf("127.0.0.1:%d", port)

	dir := t.TempDir()
	shards := writeShards(t, dir, smallDocs, 3)
	cv := text.CountVectorizer{StopWords: text.EnglishStopWords()}
	want, err := Vectorize(ctx, shards, VectorizeOptions{Count: cv, OutDir: filepath.Join(dir, "local")}, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Vectorize(ctx, shards, VectorizeOptions{Count: cv, OutDir: filepath.Join(dir, "portable")},
		RunOptions{Runner: "universal", Endpoint: endpoint, Environment: "loopback"})
	if err != nil {
		t.Fatalf("portable runner at %s: %v", endpoint, err)
	}
	if fmt.Sprint(got.Vocabulary) != fmt.Sprint(want.Vocabulary) {
		t.Errorf("vocabulary %v, want %v", got.Vocabulary, want.Vocabulary)
	}
	gm, err := ReadRows(got.Paths())
	if err != nil {
		t.Fatal(err)
	}
	wm, err := ReadRows(want.Paths())
	if err != nil {
		t.Fatal(err)
	}
	sameCSR(t, gm, wm)

	if _, err := Vectorize(ctx, shards, VectorizeOptions{Count: cv, OutDir: filepath.Join(dir, "x")}, RunOptions{Runner: "flink"}); err == nil {
		t.Error("the flink runner without an endpoint gave no error")
	}
}
