package text

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// hashFixtures is testdata/hashing_fixtures.json, written by
// testdata/gen_hashing.py with scikit-learn 1.2.1.
type hashFixtures struct {
	Sklearn string   `json:"sklearn"`
	Docs    []string `json:"docs"`
	Murmur  []struct {
		Key  string `json:"key"`
		Seed uint32 `json:"seed"`
		Hash int32  `json:"hash"`
	} `json:"murmur"`
	Cases []struct {
		Params hashParams `json:"params"`
		Matrix struct {
			Shape   [2]int    `json:"shape"`
			Indptr  []int     `json:"indptr"`
			Indices []int     `json:"indices"`
			Data    []float64 `json:"data"`
		} `json:"matrix"`
	} `json:"cases"`
	Corpus []struct {
		Params        hashParams `json:"params"`
		NDocs         int        `json:"n_docs"`
		Shape         [2]int     `json:"shape"`
		NNZ           int        `json:"nnz"`
		Sum           float64    `json:"sum"`
		SumSquares    float64    `json:"sum_squares"`
		ExplicitZeros int        `json:"explicit_zeros"`
		Rows          [][2]any   `json:"rows"`
	} `json:"corpus"`
}

// hashParams are HashingVectorizer's parameters as scikit-learn names them;
// absent ones have scikit-learn's defaults.
type hashParams struct {
	NFeatures     *int    `json:"n_features"`
	AlternateSign *bool   `json:"alternate_sign"`
	Norm          *string `json:"norm"`
	Binary        bool    `json:"binary"`
	StopWords     string  `json:"stop_words"`
	Lowercase     *bool   `json:"lowercase"`
}

// UnmarshalJSON tells norm=None (JSON null) from an absent norm.
func (p *hashParams) UnmarshalJSON(b []byte) error {
	type plain hashParams
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if err := json.Unmarshal(b, (*plain)(p)); err != nil {
		return err
	}
	if raw, ok := m["norm"]; ok && string(raw) == "null" {
		none := "none"
		p.Norm = &none
	}
	return nil
}

func (p hashParams) vectorizer(t *testing.T) *HashingVectorizer {
	v := &HashingVectorizer{Binary: p.Binary}
	if p.NFeatures != nil {
		v.NFeatures = *p.NFeatures
	}
	if p.AlternateSign != nil {
		v.NoAlternateSign = !*p.AlternateSign
	}
	if p.Lowercase != nil {
		v.KeepCase = !*p.Lowercase
	}
	if p.StopWords == "english" {
		v.StopWords = EnglishStopWords()
	}
	if p.Norm != nil {
		switch *p.Norm {
		case "l1":
			v.Norm = L1
		case "l2":
			v.Norm = L2
		case "none":
			v.Norm = NoNorm
		default:
			t.Fatalf("unknown norm %q", *p.Norm)
		}
	}
	return v
}

func (p hashParams) String() string {
	b, _ := json.Marshal(struct {
		N  *int    `json:"n_features,omitempty"`
		A  *bool   `json:"alternate_sign,omitempty"`
		No *string `json:"norm,omitempty"`
		B  bool    `json:"binary,omitempty"`
		S  string  `json:"stop_words,omitempty"`
		L  *bool   `json:"lowercase,omitempty"`
	}{p.NFeatures, p.AlternateSign, p.Norm, p.Binary, p.StopWords, p.Lowercase})
	return string(b)
}

var (
	hashOnce sync.Once
	hashFix  hashFixtures
	hashErr  error
)

func loadHashFixtures(t *testing.T) *hashFixtures {
	t.Helper()
	hashOnce.Do(func() {
		b, err := os.ReadFile("testdata/hashing_fixtures.json")
		if err == nil {
			err = json.Unmarshal(b, &hashFix)
		}
		hashErr = err
	})
	if hashErr != nil {
		t.Fatal(hashErr)
	}
	return &hashFix
}

func TestMurmur3MatchesScikitLearn(t *testing.T) {
	f := loadHashFixtures(t)
	if len(f.Murmur) < 50 {
		t.Fatalf("only %d murmur cases", len(f.Murmur))
	}
	for _, c := range f.Murmur {
		key, err := hex.DecodeString(c.Key)
		if err != nil {
			t.Fatal(err)
		}
		if got := int32(murmur3(key, c.Seed)); got != c.Hash {
			t.Errorf("murmur3(%x, %d) = %d, want %d", key, c.Seed, got, c.Hash)
		}
		if got := int32(murmur3(string(key), c.Seed)); got != c.Hash {
			t.Errorf("murmur3(%q as string, %d) = %d, want %d", key, c.Seed, got, c.Hash)
		}
	}
}

// TestMurmur3KnownValues checks published MurmurHash3_x86_32 values.
func TestMurmur3KnownValues(t *testing.T) {
	for _, test := range []struct {
		key  string
		seed uint32
		want uint32
	}{
		{"", 0, 0},
		{"", 1, 0x514e28b7},
		{"", 0xffffffff, 0x81f16f39},
		{"\x00\x00\x00\x00", 0, 0x2362f9de},
		{"aaaa", 0x9747b28c, 0x5a97808a},
		{"Hello, world!", 0x9747b28c, 0x24884cba},
		{"The quick brown fox jumps over the lazy dog", 0x9747b28c, 0x2fa826cd},
	} {
		if got := murmur3(test.key, test.seed); got != test.want {
			t.Errorf("murmur3(%q, %#x) = %#x, want %#x", test.key, test.seed, got, test.want)
		}
	}
}

func csrOf(t *testing.T, shape [2]int, indptr, indices []int, data []float64) *sparse.CSR {
	t.Helper()
	if indices == nil {
		indices, data = []int{}, []float64{}
	}
	m, err := sparse.NewCSR(shape[0], shape[1], indptr, indices, data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// equalCSR reports the first difference between got and want: structure
// exactly, values within tol (relative to 1, the largest normalised value).
func equalCSR(got, want *sparse.CSR, tol float64) error {
	gr, gc := got.Dims()
	wr, wc := want.Dims()
	if gr != wr || gc != wc {
		return fmt.Errorf("shape %d×%d, want %d×%d", gr, gc, wr, wc)
	}
	if !slices.Equal(got.Indptr(), want.Indptr()) {
		return fmt.Errorf("indptr %v, want %v", got.Indptr(), want.Indptr())
	}
	if !slices.Equal(got.Indices(), want.Indices()) {
		return fmt.Errorf("indices %v, want %v", got.Indices(), want.Indices())
	}
	for k, w := range want.Data() {
		if g := got.Data()[k]; !scalar.EqualWithinAbs(g, w, tol) {
			return fmt.Errorf("data[%d] = %v, want %v", k, g, w)
		}
	}
	return nil
}

// TestHashingMatchesScikitLearn compares whole matrices with scikit-learn's
// on tricky documents. The values are sums of ±1 divided by a norm, both
// exactly rounded, so they must agree to the bit; the test asks for 0.
func TestHashingMatchesScikitLearn(t *testing.T) {
	f := loadHashFixtures(t)
	if len(f.Cases) < 15 {
		t.Fatalf("only %d cases", len(f.Cases))
	}
	for _, c := range f.Cases {
		for _, workers := range []int{1, 3} {
			v := c.Params.vectorizer(t)
			v.workers = workers
			got, err := v.Transform(f.Docs)
			if err != nil {
				t.Errorf("%v: %v", c.Params, err)
				continue
			}
			m := c.Matrix
			want := csrOf(t, m.Shape, m.Indptr, m.Indices, m.Data)
			if err := equalCSR(got, want, 0); err != nil {
				t.Errorf("%v, %d workers: %v", c.Params, workers, err)
			}
		}
	}
}

// TestHashingCorner checks the tokens whose hash is −2³¹: column 2³¹ mod n
// and sign −1.
func TestHashingCorner(t *testing.T) {
	for _, tok := range []string{"aivlts3m", "akqlrggi", "alcv86qg"} {
		if h := int32(murmur3(tok, 0)); h != math.MinInt32 {
			t.Fatalf("murmur3(%q) = %d, want −2³¹", tok, h)
		}
		for _, n := range []int{1, 3, 8, 1000, 1 << 20, MaxNFeatures} {
			v := HashingVectorizer{NFeatures: n}
			j, s := v.Column(tok)
			if want := int((int64(1) << 31) % int64(n)); j != want || s != -1 {
				t.Errorf("n %d: Column(%q) = %d, %v; want %d, −1", n, tok, j, s, want)
			}
		}
	}
}

// TestHashingCorpus compares with scikit-learn on 300 newsgroups posts:
// overall figures and a digest of every row's indices and values (bit for
// bit).
func TestHashingCorpus(t *testing.T) {
	f := loadHashFixtures(t)
	if len(f.Corpus) == 0 {
		t.Fatal("no corpus cases: run gen_hashing.py with the archive")
	}
	docs := loadCorpus(t, "train", lessonCategories, []string{"headers", "footers", "quotes"})
	docs = docs[:f.Corpus[0].NDocs]
	for _, c := range f.Corpus {
		v := c.Params.vectorizer(t)
		m, err := v.Transform(docs)
		if err != nil {
			t.Fatal(err)
		}
		r, n := m.Dims()
		if [2]int{r, n} != c.Shape || m.NNZ() != c.NNZ {
			t.Errorf("%v: shape %d×%d nnz %d, want %v nnz %d", c.Params, r, n, m.NNZ(), c.Shape, c.NNZ)
		}
		var sum, ss float64
		zeros := 0
		for _, x := range m.Data() {
			sum += x
			ss += x * x
			if x == 0 {
				zeros++
			}
		}
		if !scalar.EqualWithinAbsOrRel(sum, c.Sum, 1e-9, 1e-12) || !scalar.EqualWithinAbsOrRel(ss, c.SumSquares, 1e-9, 1e-12) {
			t.Errorf("%v: sum %v, sum of squares %v; want %v, %v", c.Params, sum, ss, c.Sum, c.SumSquares)
		}
		if zeros != c.ExplicitZeros {
			t.Errorf("%v: %d explicit zeros, want %d", c.Params, zeros, c.ExplicitZeros)
		}
		bad := 0
		for i, row := range c.Rows {
			idx, val := m.Row(i)
			buf := make([]byte, 0, 12*len(idx))
			for _, j := range idx {
				buf = binary.LittleEndian.AppendUint32(buf, uint32(j))
			}
			for _, x := range val {
				buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(x))
			}
			h := sha256.Sum256(buf)
			if len(idx) != int(row[0].(float64)) || hex.EncodeToString(h[:8]) != row[1].(string) {
				if bad++; bad <= 5 {
					t.Errorf("%v: row %d: %d entries, digest %x; want %v", c.Params, i, len(idx), h[:8], row)
				}
			}
		}
	}
}

func TestHashingErrors(t *testing.T) {
	for _, test := range []struct {
		v    HashingVectorizer
		docs []string
		want string
	}{
		{HashingVectorizer{}, nil, "no documents"},
		{HashingVectorizer{NFeatures: -1}, []string{"a"}, "NFeatures = -1"},
		{HashingVectorizer{NFeatures: MaxNFeatures + 1}, []string{"a"}, "NFeatures = 2147483648"},
		{HashingVectorizer{Norm: 5}, []string{"a"}, "unknown Norm 5"},
	} {
		if _, err := test.v.Transform(test.docs); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%+v: err = %v, want %q", test.v, err, test.want)
		}
	}
}

// TestHashingMatchesCount checks a property: with alternate signs off, no
// norm and room enough that these tokens do not collide, each row holds the
// counts CountVectorizer gives, moved to the tokens' columns.
func TestHashingMatchesCount(t *testing.T) {
	docs := []string{"the cat sat on the mat", "dogs and cats", "the the the", ""}
	var cv CountVectorizer
	counts, err := cv.FitTransform(docs)
	if err != nil {
		t.Fatal(err)
	}
	hv := HashingVectorizer{NoAlternateSign: true, Norm: NoNorm}
	m, err := hv.Transform(docs)
	if err != nil {
		t.Fatal(err)
	}
	if m.NNZ() != counts.NNZ() {
		t.Fatalf("nnz %d, want %d", m.NNZ(), counts.NNZ())
	}
	for i := range docs {
		idx, val := counts.Row(i)
		for k, c := range idx {
			j, _ := hv.Column(cv.Vocabulary()[c])
			if got := m.At(i, j); got != val[k] {
				t.Errorf("doc %d, %q: %v, want %v", i, cv.Vocabulary()[c], got, val[k])
			}
		}
	}
}
