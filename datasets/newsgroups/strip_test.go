package newsgroups

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fastai-go/topicmodel/datasets/files"
)

// stripCases were computed with scikit-learn 1.2.1's own functions:
//
//	from sklearn.datasets._twenty_newsgroups import (strip_newsgroup_header as H,
//	    strip_newsgroup_footer as F, strip_newsgroup_quoting as Q)
//	[(c, H(c), F(c), Q(c)) for c in cases]
var stripCases = []struct {
	text, header, footer, quotes string
}{
	{"", "", "", ""},
	{"\n", "", "\n", "\n"},
	{"\n\n", "", "\n\n", "\n\n"},
	{"a", "", "a", "a"},
	{"From: x\nSubject: y\n\nbody\n\nmore", "body\n\nmore", "From: x\nSubject: y\n\nbody", "From: x\nSubject: y\n\nbody\n\nmore"},
	{"no blank line\nat all", "", "no blank line\nat all", "no blank line\nat all"},
	{"text\n\n-- \nsig", "-- \nsig", "text\n", "text\n\n-- \nsig"},
	{"text\n--\nsig\n\n\n", "\n", "text", "text\n--\nsig\n\n\n"},
	{"  \n---\n  ", "", "  \n---\n  ", "  \n---\n  "},
	{"line1\nline2", "", "line1\nline2", "line1\nline2"},
	{"a\n\n\n", "\n", "a\n\n\n", "a\n\n\n"},
	{"body\n - - \nnot sig", "", "body\n - - \nnot sig", "body\n - - \nnot sig"},
	{"body\n\u00a0--\u00a0\nsig", "", "body", "body\n\u00a0--\u00a0\nsig"},
	{"body\n\u001c\nsig", "", "body", "body\n\u001c\nsig"},
	{"x\r\n\r\ny", "", "x\r", "x\r\n\r\ny"},
	{"In article <1@x> bob writes:\n> quoted\n| also\nreply\nHe said: hi\nwrites in\nWrites: no\n  >not start", "", "In article <1@x> bob writes:\n> quoted\n| also\nreply\nHe said: hi\nwrites in\nWrites: no\n  >not start", "reply\nWrites: no\n  >not start"},
	{"a\nQuoted from b\nc\nwritten: no\nsays:x", "", "a\nQuoted from b\nc\nwritten: no\nsays:x", "a\nc\nwritten: no"},
	{">", "", ">", ""},
	{"a\n>", "", "a\n>", "a"},
	{">\na", "", ">\na", "a"},
	{"a\n>b\n", "", "a\n>b\n", "a\n"},
	{"writes\nwritesin\nwrites :\nwrites in", "", "writes\nwritesin\nwrites :\nwrites in", "writes\nwritesin\nwrites :"},
	{"sig\n\u2003--\u3000\nx", "", "sig", "sig\n\u2003--\u3000\nx"},
}

func TestStrippersMatchScikitLearn(t *testing.T) {
	for _, c := range stripCases {
		if got := StripHeader(c.text); got != c.header {
			t.Errorf("StripHeader(%q) = %q, scikit-learn gives %q", c.text, got, c.header)
		}
		if got := StripFooter(c.text); got != c.footer {
			t.Errorf("StripFooter(%q) = %q, scikit-learn gives %q", c.text, got, c.footer)
		}
		if got := StripQuoting(c.text); got != c.quotes {
			t.Errorf("StripQuoting(%q) = %q, scikit-learn gives %q", c.text, got, c.quotes)
		}
	}
}

// The reference implementations below transcribe scikit-learn's Python
// line by line, with Go's regexp standing in for Python's re, and Python's
// whitespace written out (str.isspace() is true for exactly these code
// points, listed with
// [hex(i) for i in range(0x110000) if chr(i).isspace()]).
var pyWhitespace = "\t\n\v\f\r\x1c\x1d\x1e\x1f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005" +
	"\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"

func refPyStrip(s string) string { return strings.Trim(s, pyWhitespace) }

var refHeaderRE = regexp.MustCompile(`(?s)\n\n(.*)`)

// text.partition("\n\n")[2]
func refStripHeader(text string) string {
	m := refHeaderRE.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return m[1]
}

func refStripFooter(text string) string {
	lines := strings.Split(refPyStrip(text), "\n")
	lineNum := len(lines) - 1
	for ; lineNum >= 0; lineNum-- {
		if strings.Trim(refPyStrip(lines[lineNum]), "-") == "" {
			break
		}
	}
	if lineNum < 0 { // Python's loop variable stays at 0
		lineNum = 0
	}
	if lineNum > 0 {
		return strings.Join(lines[:lineNum], "\n")
	}
	return text
}

var refQuoteRE = regexp.MustCompile(`(writes in|writes:|wrote:|says:|said:|^In article|^Quoted from|^\||^>)`)

func refStripQuoting(text string) string {
	var good []string
	for _, line := range strings.Split(text, "\n") {
		if !refQuoteRE.MatchString(line) {
			good = append(good, line)
		}
	}
	return strings.Join(good, "\n")
}

func TestReferenceStrippersMatchScikitLearn(t *testing.T) {
	// The fuzz oracles must themselves agree with scikit-learn.
	for _, c := range stripCases {
		if refStripHeader(c.text) != c.header || refStripFooter(c.text) != c.footer || refStripQuoting(c.text) != c.quotes {
			t.Errorf("reference strippers disagree with scikit-learn on %q", c.text)
		}
	}
}

func addStripSeeds(f *testing.F) {
	for _, c := range stripCases {
		f.Add(c.text)
	}
	f.Add("From: a@b\nSubject: re: x\n\nIn article <x> a@b writes:\n>> old\n> new\nmy reply\n\n-- \nSig line\n")
	f.Add("a writes in b\n|pipe\n x said: y\nQuoted from z\nIn articles\n-----\n")
}

// Python strings hold code points, so only valid UTF-8 is a meaningful input.
func FuzzStripHeader(f *testing.F) {
	addStripSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := StripHeader(s), refStripHeader(s); got != want {
			t.Errorf("StripHeader(%q) = %q, reference gives %q", s, got, want)
		}
	})
}

func FuzzStripFooter(f *testing.F) {
	addStripSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := StripFooter(s), refStripFooter(s); got != want {
			t.Errorf("StripFooter(%q) = %q, reference gives %q", s, got, want)
		}
	})
}

func FuzzStripQuoting(f *testing.F) {
	addStripSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := StripQuoting(s), refStripQuoting(s); got != want {
			t.Errorf("StripQuoting(%q) = %q, reference gives %q", s, got, want)
		}
	})
}

func TestLatin1ToUTF8(t *testing.T) {
	var all []byte
	for i := range 256 {
		all = append(all, byte(i))
	}
	got := files.Latin1.Decode(all)
	if utf8.RuneCountInString(got) != 256 {
		t.Fatalf("files.Latin1.Decode gives %d runes, want 256", utf8.RuneCountInString(got))
	}
	i := 0
	for _, r := range got {
		if r != rune(i) {
			t.Fatalf("byte %#x decodes to %U", i, r)
		}
		i++
	}
	if s := files.Latin1.Decode([]byte("plain ascii")); s != "plain ascii" {
		t.Errorf("ASCII changed: %q", s)
	}
}
