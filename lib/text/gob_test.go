package text

import (
	"bytes"
	"encoding/gob"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// A fitted vectorizer written with gob and read back transforms as the
// original does.
func TestGobRoundTrip(t *testing.T) {
	docs := []string{"The cosmos and the cosmonauts", "cosmonauts cost money", "a council of cosmos"}
	cv := &CountVectorizer{StopWords: EnglishStopWords(), MinDF: Docs(1), MaxFeatures: 5}
	tv := &TfidfVectorizer{CountVectorizer: CountVectorizer{StopWords: EnglishStopWords()}, SublinearTF: true}
	want1, err := cv.FitTransform(docs)
	if err != nil {
		t.Fatal(err)
	}
	want2, err := tv.FitTransform(docs)
	if err != nil {
		t.Fatal(err)
	}
	var b1, b2 bytes.Buffer
	if err := gob.NewEncoder(&b1).Encode(cv); err != nil {
		t.Fatal(err)
	}
	if err := gob.NewEncoder(&b2).Encode(tv); err != nil {
		t.Fatal(err)
	}
	var cv2 *CountVectorizer
	var tv2 *TfidfVectorizer
	if err := gob.NewDecoder(&b1).Decode(&cv2); err != nil {
		t.Fatal(err)
	}
	if err := gob.NewDecoder(&b2).Decode(&tv2); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cv2.Vocabulary(), cv.Vocabulary()) || !slices.Equal(tv2.IDF(), tv.IDF()) || cv2.MaxFeatures != 5 {
		t.Fatalf("decoded vectorizers differ: %v %v", cv2.Vocabulary(), tv2.IDF())
	}
	got1, err := cv2.Transform(docs)
	if err != nil {
		t.Fatal(err)
	}
	got2, err := tv2.Transform(docs)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(got1, want1) || !mat.Equal(got2, want2) {
		t.Errorf("Transform after a gob round trip differs")
	}
}
