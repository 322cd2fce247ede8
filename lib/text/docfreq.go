package text

import (
	"fmt"
	"math"
)

// DocFreq is a document-frequency limit for MinDF and MaxDF: either a count
// of documents (Docs) or a proportion of the corpus (Fraction), the two
// meanings scikit-learn gives an int and a float. The zero value means "the
// default": 1 document for MinDF and the whole corpus (Fraction(1)) for
// MaxDF, which keep every term.
type DocFreq struct {
	kind  uint8 // 0 default, 1 count, 2 fraction
	count int
	frac  float64
}

const (
	dfDefault = iota
	dfCount
	dfFraction
)

// Docs returns the limit "n documents" (scikit-learn's int min_df/max_df).
// n must be at least 1.
func Docs(n int) DocFreq { return DocFreq{kind: dfCount, count: n} }

// Fraction returns the limit "a proportion p of the documents" (scikit-learn's
// float min_df/max_df); the bound is p·n for a corpus of n documents.
// p must lie in [0, 1].
func Fraction(p float64) DocFreq { return DocFreq{kind: dfFraction, frac: p} }

// String formats d as Docs(n), Fraction(p) or "default".
func (d DocFreq) String() string {
	switch d.kind {
	case dfCount:
		return fmt.Sprintf("Docs(%d)", d.count)
	case dfFraction:
		return fmt.Sprintf("Fraction(%g)", d.frac)
	}
	return "default"
}

// check returns an error naming the option if d is out of range.
func (d DocFreq) check(name string) error {
	switch d.kind {
	case dfCount:
		if d.count < 1 {
			return fmt.Errorf("text: %s = %v: a document count must be at least 1 (use Fraction(0) for no lower limit)", name, d)
		}
	case dfFraction:
		if !(d.frac >= 0 && d.frac <= 1) || math.IsNaN(d.frac) {
			return fmt.Errorf("text: %s = %v: a fraction must lie in [0, 1] (use Docs(n) for a count of documents)", name, d)
		}
	}
	return nil
}

// bound returns the limit as a number of documents for a corpus of n
// documents, as scikit-learn computes it (max_df * n_doc for a fraction).
func (d DocFreq) bound(n int, def float64) float64 {
	switch d.kind {
	case dfCount:
		return float64(d.count)
	case dfFraction:
		return d.frac * float64(n)
	}
	return def
}
