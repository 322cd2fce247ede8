package beam

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/text"
)

func init() {
	beam.RegisterType(reflect.TypeOf((*Shard)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*TermCount)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Vocabulary)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*RowShard)(nil)).Elem())
	register.DoFn4x1[context.Context, Shard, func(string, TermCount), func(int), error](&termCountsFn{})
	register.DoFn4x1[context.Context, int, func(*string, *TermCount) bool, func(Vocabulary), error](&vocabularyFn{})
	register.DoFn4x1[context.Context, Shard, func(*Vocabulary) bool, func(RowShard), error](&rowsFn{})
	register.Function2x1(addTermCounts)
	register.Function2x1(addInts)
	register.Emitter2[string, TermCount]()
	register.Emitter1[int]()
	register.Emitter1[Vocabulary]()
	register.Emitter1[RowShard]()
	register.Iter2[string, TermCount]()
	register.Iter1[Vocabulary]()
}

// VectorizeOptions configure Vectorize.
type VectorizeOptions struct {
	// Count holds the options of the in-memory vectorizer whose result the
	// pipeline reproduces: KeepCase, StopWords, MinDF, MaxDF, MaxFeatures
	// and Binary. It is not fitted.
	Count text.CountVectorizer

	// TfIdf, when not nil, makes the rows tf-idf weights, those of a
	// text.TfidfVectorizer with Count's options and these: the idf of each
	// term comes from its combined document frequency and the number of
	// documents, broadcast with the vocabulary, and each shard weighs its
	// own rows. Nil writes counts.
	TfIdf *TfIdfOptions

	// OutDir is the folder the pipeline writes into: vocabulary.json and
	// one rows-iiiii-of-nnnnn.npz per shard. It must be visible to every
	// worker and is created if missing.
	OutDir string
}

// TfIdfOptions are the weighting options of text.TfidfVectorizer, with
// the same meanings; the zero value is scikit-learn's TfidfVectorizer
// default (smooth idf, raw counts as tf, rows of unit L2 norm).
type TfIdfOptions struct {
	// Norm is the row normalisation; the zero value is text.L2.
	Norm text.Norm
	// NoIDF turns the idf weights off (use_idf=False).
	NoIDF bool
	// NoSmoothIDF uses ln(n/df)+1 instead of ln((1+n)/(1+df))+1.
	NoSmoothIDF bool
	// SublinearTF replaces each count c by 1 + ln(c).
	SublinearTF bool
}

// RowShard describes the rows of one shard written by the pipeline.
type RowShard struct {
	Index, Rows, NNZ int
	Path             string
}

// VectorizeResult is what Vectorize returns: the fitted vocabulary and
// the row shards, in shard order, whose stacked rows are the count (or
// tf-idf) matrix of the corpus.
type VectorizeResult struct {
	Vocabulary Vocabulary
	Shards     []RowShard
}

// AddVectorize adds the vectorize pipeline to scope s, for the corpus made
// of shards (in index order), and returns the PCollection of its written
// RowShards; the vocabulary is written to o.OutDir/vocabulary.json.
//
//	shards ─ParDo(term counts)─▶ KV<term, TermCount> ─CombinePerKey(+)─┐
//	       └────────────────────▶ n_s ─Combine(+)─▶ n ─ParDo(vocabulary)┴▶ Vocabulary
//	shards ─ParDo(rows; side input Vocabulary)─▶ RowShard (file written)
//
// Each shard is read twice, once per pass. See the package documentation
// for the cost.
func AddVectorize(s beam.Scope, shards []Shard, o VectorizeOptions) (beam.PCollection, error) {
	if len(shards) == 0 {
		return beam.PCollection{}, errors.New("beam: Vectorize: no shards")
	}
	if o.OutDir == "" {
		return beam.PCollection{}, errors.New("beam: Vectorize: no OutDir")
	}
	for i, sh := range shards {
		if sh.Index != i {
			return beam.PCollection{}, fmt.Errorf("beam: Vectorize: shard %d has Index %d; shards must be given in index order from 0", i, sh.Index)
		}
	}
	for _, sh := range shards {
		if err := sh.check(); err != nil {
			return beam.PCollection{}, err
		}
	}
	spec, err := newVectorizerSpec(o)
	if err != nil {
		return beam.PCollection{}, err
	}
	if o.TfIdf != nil && (o.TfIdf.Norm < text.L2 || o.TfIdf.Norm > text.NoNorm) {
		return beam.PCollection{}, fmt.Errorf("beam: Vectorize: unknown Norm %d; use text.L2, text.L1 or text.NoNorm", int(o.TfIdf.Norm))
	}
	s = s.Scope("Vectorize")
	in := beam.CreateList(s, shards)
	counts, ndocs := beam.ParDo2(s, &termCountsFn{Spec: spec}, in)
	combined := beam.CombinePerKey(s, addTermCounts, counts)
	n := beam.Combine(s, addInts, ndocs)
	vocab := beam.ParDo(s, &vocabularyFn{Spec: spec, OutDir: o.OutDir}, n, beam.SideInput{Input: combined})
	rows := beam.ParDo(s, &rowsFn{Spec: spec, OutDir: o.OutDir, NShards: len(shards)}, in, beam.SideInput{Input: vocab})
	return rows, nil
}

// Vectorize builds the vectorize pipeline for shards, runs it with r and
// reads back what it wrote: the vocabulary equals the one
// text.CountVectorizer fits to the concatenated shards, and the stacked row
// shards (ReadRows of the result's paths) equal its FitTransform, exactly;
// with o.TfIdf, they equal text.TfidfVectorizer's FitTransform bit for bit,
// and the vocabulary's IDF its IDF.
func Vectorize(ctx context.Context, shards []Shard, o VectorizeOptions, r RunOptions) (*VectorizeResult, error) {
	if o.OutDir == "" {
		return nil, errors.New("beam: Vectorize: no OutDir")
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("beam: Vectorize: %w", err)
	}
	p, s := beam.NewPipelineWithRoot()
	if _, err := AddVectorize(s, shards, o); err != nil {
		return nil, err
	}
	if err := Run(ctx, p, r); err != nil {
		return nil, err
	}
	v, err := ReadVocabulary(filepath.Join(o.OutDir, "vocabulary.json"))
	if err != nil {
		return nil, err
	}
	res := &VectorizeResult{Vocabulary: v}
	for i := range shards {
		path := ShardPath(o.OutDir, i, len(shards))
		m, err := ReadCSR(path)
		if err != nil {
			return nil, err
		}
		rows, _ := m.Dims()
		res.Shards = append(res.Shards, RowShard{Index: i, Rows: rows, NNZ: m.NNZ(), Path: path})
	}
	return res, nil
}

// Paths returns the files of the row shards in shard order, for ReadRows.
func (r *VectorizeResult) Paths() []string {
	p := make([]string, len(r.Shards))
	for i, s := range r.Shards {
		p[i] = s.Path
	}
	return p
}

func addInts(a, b int) int { return a + b }

// termCountsFn emits, for one shard, each distinct term with its counts
// (text.CountVectorizer.Stats), and the shard's number of documents.
type termCountsFn struct {
	Spec vectorizerSpec
}

func (f *termCountsFn) ProcessElement(ctx context.Context, sh Shard, emit func(string, TermCount), emitN func(int)) error {
	tv, err := f.Spec.vectorizer()
	if err != nil {
		return err
	}
	docs, err := readShard(sh)
	if err != nil {
		return err
	}
	st := tv.CountVectorizer.Stats(docs)
	for i, t := range st.Terms {
		emit(t, TermCount{DF: int64(st.DF[i]), TF: st.TF[i]})
	}
	emitN(len(docs))
	return nil
}

// vocabularyFn builds the vocabulary from the number of documents (its
// element) and the combined term counts (a side input), writes it to
// OutDir/vocabulary.json and emits it.
type vocabularyFn struct {
	Spec   vectorizerSpec
	OutDir string
}

func (f *vocabularyFn) ProcessElement(ctx context.Context, n int, iter func(*string, *TermCount) bool, emit func(Vocabulary)) error {
	counts := make(map[string]TermCount)
	var t string
	var c TermCount
	for iter(&t, &c) {
		counts[t] = c
	}
	v, err := f.Spec.buildVocabulary(counts, n)
	if err != nil {
		return err
	}
	if err := writeVocabulary(filepath.Join(f.OutDir, "vocabulary.json"), v); err != nil {
		return err
	}
	emit(v)
	return nil
}

// rowsFn writes the rows of one shard over the vocabulary (a side input
// with one element) and emits their description. The side input is read
// as an iterable so that, when the vocabulary step fails, this step does
// nothing and the job reports the vocabulary's error rather than a missing
// side input.
type rowsFn struct {
	Spec    vectorizerSpec
	OutDir  string
	NShards int

	tv *text.TfidfVectorizer // fitted from the side input, once per instance
}

func (f *rowsFn) ProcessElement(ctx context.Context, sh Shard, vocab func(*Vocabulary) bool, emit func(RowShard)) error {
	var v Vocabulary
	if !vocab(&v) {
		return nil
	}
	if f.tv == nil {
		tv, err := f.Spec.fitted(v)
		if err != nil {
			return err
		}
		f.tv = tv
	}
	docs, err := readShard(sh)
	if err != nil {
		return err
	}
	var rs RowShard
	rs.Index = sh.Index
	rs.Path = ShardPath(f.OutDir, sh.Index, f.NShards)
	if len(docs) > 0 {
		var m *sparse.CSR
		if f.Spec.TfIdf {
			m, err = f.tv.Transform(docs)
		} else {
			m, err = f.tv.CountVectorizer.Transform(docs)
		}
		if err != nil {
			return fmt.Errorf("beam: shard %d: %w", sh.Index, err)
		}
		if err := writeCSR(rs.Path, m); err != nil {
			return err
		}
		rs.Rows, rs.NNZ = len(docs), m.NNZ()
	} else if err := writeEmptyCSR(rs.Path, len(v.Terms)); err != nil {
		return err
	}
	emit(rs)
	return nil
}

// vocabularyFile is the JSON form of a Vocabulary.
type vocabularyFile struct {
	Terms []string  `json:"terms"`
	DF    []int64   `json:"df"`
	NDocs int       `json:"n_docs"`
	IDF   []float64 `json:"idf,omitempty"`
}

func writeVocabulary(path string, v Vocabulary) error {
	b, err := json.Marshal(vocabularyFile{Terms: v.Terms, DF: v.DF, NDocs: v.NDocs, IDF: v.IDF})
	if err != nil {
		return err
	}
	tmp := path + ".part"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// ReadVocabulary reads the vocabulary.json a vectorize pipeline wrote.
func ReadVocabulary(path string) (Vocabulary, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Vocabulary{}, err
	}
	var f vocabularyFile
	if err := json.Unmarshal(b, &f); err != nil {
		return Vocabulary{}, fmt.Errorf("beam: %s: %w", path, err)
	}
	if len(f.DF) != len(f.Terms) {
		return Vocabulary{}, fmt.Errorf("beam: %s: %d terms but %d document frequencies", path, len(f.Terms), len(f.DF))
	}
	if f.IDF != nil && len(f.IDF) != len(f.Terms) {
		return Vocabulary{}, fmt.Errorf("beam: %s: %d terms but %d idf weights", path, len(f.Terms), len(f.IDF))
	}
	return Vocabulary{Terms: f.Terms, DF: f.DF, NDocs: f.NDocs, IDF: f.IDF}, nil
}
