// Command topics-beam is scripts/topics run as Apache Beam pipelines
// (lib/beam): the same flags and the same JSON for what the pipelines
// implement, plus where to run them. Run it from the repository root as
//
//	scripts/topics-beam -lesson -method nmf -k 5 -json
//	scripts/topics-beam -jsonl posts.jsonl -method rsvd -k 10 -shards 8
//	scripts/topics-beam -jsonl posts.jsonl -method nmf -runner universal -endpoint 127.0.0.1:8099
//
// (the wrapper builds this program with GOWORK=off in the lib/beam module
// and runs it in the current folder).
//
// The driver reads the corpus (20 Newsgroups with -data, -archive,
// -subset, -categories, -remove, -lesson, or -jsonl with -text-field and
// -label-field), writes it as -shards contiguous JSON Lines files into a
// work folder, and runs lib/beam's pipelines on them: Vectorize (a count
// vectorizer with -stop), then -method rsvd (RandomizedSVD: -k, -seed,
// -n-iter) or nmf (NMF: -k, -seed, -init nndsvd|nndsvda|random, -solver
// cd). The report and -json are scripts/topics' (n_docs, target_names,
// shape, nnz, sum, vocab_sample, singular_values, reconstruction_err,
// n_iter, topics, timings); -top sets the words per topic.
//
// Flags of its own:
//
//	-runner R       prism (default; in this process unless -endpoint names a
//	                job server) or universal (also portable, flink, spark:
//	                the job server at -endpoint)
//	-endpoint H:P   the job server's HOST:PORT
//	-environment E  how the job server runs workers: loopback (default; they
//	                call back into this process), docker, process or external
//	-shards N       number of input shards (default 1)
//	-work DIR       keep the shards and the pipelines' output in DIR (default:
//	                a temporary folder, removed at exit)
//
// The flags of scripts/topics that the pipelines do not implement (-files,
// -encoding, -vectorizer other than count, -n-features, -alternate-sign,
// -method svd, minibatch-nmf and sgd, -solver mu, -init nndsvdar, -preset,
// -steps, -batch-size, -beta-loss, -fresh-restarts, -matrix, -vocab,
// -save, -record, -verify) are accepted by name and refused with a usage
// error that names them.
//
// Exit status: 0 on success (and for -h), 2 for bad flags, 1 for a failure
// to load or decompose.
package main

import (
	"flag"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
)

func main() {
	if isWorker(os.Args[1:]) {
		// Started by a runner as a worker (-environment process or
		// docker): Beam's own flags, and beam.Init serves the work.
		flag.Parse()
		beam.Init()
		return
	}
	beam.Init()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// isWorker reports whether the arguments are those a Beam runner starts a
// Go worker with.
func isWorker(args []string) bool {
	for _, a := range args {
		if name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); name == "worker" && strings.HasPrefix(a, "-") {
			return true
		}
	}
	return false
}
