package nmf

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
)

type mbCorpusCase struct {
	Vectorizer        string         `json:"vectorizer"`
	K                 int            `json:"k"`
	Params            map[string]any `json:"params"`
	Shape             [2]int         `json:"shape"`
	NIter             int            `json:"n_iter"`
	NSteps            int            `json:"n_steps"`
	ReconstructionErr float64        `json:"reconstruction_err"`
	Topics            []string       `json:"topics"`
	WSum              float64        `json:"w_sum"`
	HSum              float64        `json:"h_sum"`
	HTop              [][2]float64   `json:"h_top"`
	TimeS             float64        `json:"time_s"`
}

func loadMiniBatchCorpus(t testing.TB) []mbCorpusCase {
	raw, err := os.ReadFile("testdata/sklearn_minibatch_corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Cases []mbCorpusCase }
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f.Cases
}

// TestMiniBatchCorpusScikitLearn checks testdata/sklearn_minibatch_corpus.json
// (made by gen_minibatch_corpus_fixture.py): scikit-learn's MiniBatchNMF on
// the lesson's tf-idf and count matrices (2034 posts), with batch sizes that
// do not divide them, fresh restarts, L1/L2 penalties and the KL loss.
// n_iter_ and n_steps_ must be equal, the top words the same, and the
// error, the sums of W and H and the largest entry of each topic within
// 1e-9 relative: the same arithmetic summed in another order over up to 800
// steps on 134k non-zeros.
func TestMiniBatchCorpusScikitLearn(t *testing.T) {
	for _, c := range loadMiniBatchCorpus(t) {
		b, _ := json.Marshal(c.Params)
		name := c.Vectorizer + "/" + strings.Trim(string(b), "{}")
		t.Run(name, func(t *testing.T) {
			if init, _ := c.Params["init"].(string); init != InitRandom && !haveRSVD {
				t.Skip("needs lib/svd's randomized SVD")
			}
			if c.NSteps > 500 && testing.Short() {
				t.Skip("long fit: skipped with -short")
			}
			x, vocab := corpus(t, lessonCategories, c.Vectorizer)
			if r, cc := x.Dims(); r != c.Shape[0] || cc != c.Shape[1] {
				t.Fatalf("matrix is %d×%d, scikit-learn's %v", r, cc, c.Shape)
			}
			p := miniBatchParams(t, c.K, c.Params)
			model, err := p.FitTransform(x)
			if err != nil {
				t.Fatal(err)
			}
			if model.NIter != c.NIter || model.NSteps != c.NSteps {
				t.Errorf("n_iter, n_steps = %d, %d; scikit-learn %d, %d", model.NIter, model.NSteps, c.NIter, c.NSteps)
			}
			const tol = 1e-9
			relErr := func(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }
			var wsum, hsum float64
			for _, v := range model.W.RawMatrix().Data {
				wsum += v
			}
			for _, v := range model.Components.RawMatrix().Data {
				hsum += v
			}
			t.Logf("err %.17g vs %.17g (rel %.2g), w_sum rel %.2g, h_sum rel %.2g, %v (scikit-learn %.3gs)",
				model.ReconstructionErr, c.ReconstructionErr, relErr(model.ReconstructionErr, c.ReconstructionErr),
				relErr(wsum, c.WSum), relErr(hsum, c.HSum), model.Elapsed, c.TimeS)
			if r := relErr(model.ReconstructionErr, c.ReconstructionErr); r > tol {
				t.Errorf("reconstruction_err = %.17g, scikit-learn %.17g (rel %.2g)", model.ReconstructionErr, c.ReconstructionErr, r)
			}
			if r := relErr(wsum, c.WSum); r > tol {
				t.Errorf("sum of W = %.17g, scikit-learn %.17g (rel %.2g)", wsum, c.WSum, r)
			}
			if r := relErr(hsum, c.HSum); r > tol {
				t.Errorf("sum of H = %.17g, scikit-learn %.17g (rel %.2g)", hsum, c.HSum, r)
			}
			for tp, e := range c.HTop {
				if got := model.Components.At(tp, int(e[0])); relErr(got, e[1]) > tol {
					t.Errorf("H[%d, %d] = %.17g, scikit-learn %.17g", tp, int(e[0]), got, e[1])
				}
			}
			// Words of equal weight may come in another order (numpy's
			// argsort is not stable): compare weights position by position.
			got := topWords(model.Components, vocab, 8)
			index := make(map[string]int, len(vocab))
			for j, w := range vocab {
				index[w] = j
			}
			for i := range c.Topics {
				gw, ww := strings.Fields(got[i]), strings.Fields(c.Topics[i])
				row := model.Components.RawRowView(i)
				for j := range ww {
					if a, b := row[index[gw[j]]], row[index[ww[j]]]; math.Abs(a-b) > 1e-9*math.Max(a, b) {
						t.Errorf("topic %d:\n got %q\nwant %q", i, got[i], c.Topics[i])
						break
					}
				}
			}
		})
	}
}

// BenchmarkMiniBatchNMFLesson times scikit-learn's default MiniBatchNMF
// (k = 5, seed 1, batch 1024: 400 steps) and a batch-256 random-init fit on
// the lesson's tf-idf matrix; the fixture's time_s is scikit-learn's
// median on this machine for the same fits.
func BenchmarkMiniBatchNMFLesson(b *testing.B) {
	x, _ := corpus(b, lessonCategories, "tfidf")
	for _, c := range loadMiniBatchCorpus(b)[:2] {
		bs, _ := json.Marshal(c.Params)
		b.Run(strings.NewReplacer(`"`, "", ":", "=", ",", "/").Replace(strings.Trim(string(bs), "{}")), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				p := miniBatchParams(&testing.T{}, c.K, c.Params)
				if _, err := p.FitTransform(x); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(c.TimeS, "sklearn-s/op")
		})
	}
}
