package text

import (
	"encoding/json"
	"os"
	"testing"
	"unicode"
)

// pyUnicode is CPython's view of every code point, written by
// testdata/gen_unicode.py.
type pyUnicode struct {
	Python        string    `json:"python"`
	Version       string    `json:"unidata_version"`
	Unassigned    [][2]rune `json:"unassigned"`
	Word          [][2]rune `json:"word"`
	Lower         []pyLower `json:"lower"`
	CaseIgnorable [][2]rune `json:"case_ignorable"`
	Cased         [][2]rune `json:"cased"`
}

type pyLower struct {
	cp    rune
	lower []rune
}

func (l *pyLower) UnmarshalJSON(b []byte) error {
	var raw [2]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if err := json.Unmarshal(raw[0], &l.cp); err != nil {
		return err
	}
	return json.Unmarshal(raw[1], &l.lower)
}

func loadPyUnicode(t *testing.T) *pyUnicode {
	t.Helper()
	b, err := os.ReadFile("testdata/unicode_py.json")
	if err != nil {
		t.Fatal(err)
	}
	var u pyUnicode
	if err := json.Unmarshal(b, &u); err != nil {
		t.Fatal(err)
	}
	return &u
}

// inRanges expands sorted [lo, hi] ranges into a set.
func inRanges(rs [][2]rune) map[rune]bool {
	m := make(map[rune]bool)
	for _, r := range rs {
		for c := r[0]; c <= r[1]; c++ {
			m[c] = true
		}
	}
	return m
}

// lowerOf is the package's lowercase of one code point out of context (a
// capital sigma with a cased letter before it and nothing after).
func lowerOf(c rune) []rune {
	var s string
	if c == capitalSigma {
		s = "A" + string(c)
	} else {
		s = string(c)
	}
	var out []rune
	switch {
	case c == capitalIWithDot:
		out = []rune{'i', combiningDot}
	case c == capitalSigma:
		if sigmaIsFinal(s, 1, len(s)) {
			out = []rune{finalSigma}
		} else {
			out = []rune{smallSigma}
		}
	case c < 256:
		out = []rune{latin1LowerRune[c]}
	default:
		out = []rune{unicode.ToLower(c)}
	}
	return out
}

// TestUnicodeAgainstPython checks every code point that Python's database
// assigns: word class, lowercase mapping and the two properties behind the
// final-sigma rule.
func TestUnicodeAgainstPython(t *testing.T) {
	u := loadPyUnicode(t)
	if u.Version == "" || len(u.Word) == 0 || len(u.Lower) == 0 {
		t.Fatal("testdata/unicode_py.json is incomplete")
	}
	unassigned := inRanges(u.Unassigned)
	word := inRanges(u.Word)
	ign := inRanges(u.CaseIgnorable)
	cased := inRanges(u.Cased)
	lower := make(map[rune][]rune, len(u.Lower))
	for _, l := range u.Lower {
		lower[l.cp] = l.lower
	}
	var bad int
	for c := rune(0); c <= unicode.MaxRune; c++ {
		if c >= 0xD800 && c < 0xE000 || unassigned[c] {
			continue
		}
		report := func(format string, args ...any) {
			bad++
			if bad <= 20 {
				t.Errorf(format, args...)
			}
		}
		if got := isWordRune(c); got != word[c] {
			report("U+%04X: isWordRune = %v, Python \\w = %v", c, got, word[c])
		}
		if c < 256 {
			if got := latin1Class[c]&classWord != 0; got != word[c] {
				report("U+%04X: latin1Class word = %v, Python \\w = %v", c, got, word[c])
			}
		}
		want, ok := lower[c]
		if !ok {
			want = []rune{c}
		}
		if c == capitalSigma {
			want = []rune{finalSigma} // "AΣ".lower() ends in ς
		}
		if got := lowerOf(c); string(got) != string(want) {
			report("U+%04X: lowercase %U, Python %U", c, got, want)
		}
		if got := isCaseIgnorable(c); got != ign[c] {
			report("U+%04X: isCaseIgnorable = %v, Python %v", c, got, ign[c])
		}
		if !ign[c] {
			if got := isCased(c); got != cased[c] {
				report("U+%04X: isCased = %v, Python %v", c, got, cased[c])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d disagreements with Python %s (Unicode %s)", bad, u.Python, u.Version)
	}
}
