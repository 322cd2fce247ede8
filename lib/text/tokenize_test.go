package text

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  string
		keep bool // KeepCase
		want []string
	}{
		{name: "empty", doc: "", want: nil},
		{name: "single letters", doc: "a b c I", want: nil},
		{name: "ascii", doc: "Hello, World! hello-world", want: []string{"hello", "world", "hello", "world"}},
		{name: "keep case", doc: "Hello WORLD", keep: true, want: []string{"Hello", "WORLD"}},
		{name: "digits and underscore", doc: "a1 _ __ x_y 42 3.14 1,000", want: []string{"a1", "__", "x_y", "42", "14", "000"}},
		{name: "apostrophes split", doc: "don't it's rock'n'roll", want: []string{"don", "it", "rock", "roll"}},
		{name: "email and url", doc: "foo.bar@ex.com http://a.org/x?y=1", want: []string{"foo", "bar", "ex", "com", "http", "org"}},
		{name: "latin-1 letters", doc: "Café NAÏVE Ørsted ß µm", want: []string{"café", "naïve", "ørsted", "µm"}},
		{name: "latin-1 signs split", doc: "a×b 1½ x²", want: []string{"1½", "x²"}},
		{name: "nbsp and soft hyphen split", doc: "no\u00a0break soft\u00adhyphen", want: []string{"no", "break", "soft", "hyphen"}},
		{name: "combining mark ends token", doc: "cafe\u0301s", want: []string{"cafe"}},
		{name: "precomposed accent", doc: "caf\u00e9s", want: []string{"cafés"}},
		{name: "dotted capital I", doc: "İstanbul KİLİM", want: []string{"stanbul", "ki", "li"}},
		{name: "dotted capital I keep case", doc: "İstanbul", keep: true, want: []string{"İstanbul"}},
		{name: "dotless i", doc: "ıi", want: []string{"ıi"}},
		{name: "final sigma", doc: "ΟΔΥΣΣΕΥΣ ΣΑΣ Σ", want: []string{"οδυσσευς", "σας"}},
		{name: "final sigma before apostrophe", doc: "ΑΣ'", want: []string{"ας"}},
		{name: "sigma before ignorable then letter", doc: "ΑΣ\u0301Β", want: []string{"ασ"}},
		{name: "sigma followed by digit", doc: "ΑΣ1", want: []string{"ας1"}},
		{name: "other-script digits", doc: "٣٤٥ १२३ ①② ⅻⅻ", want: []string{"٣٤٥", "१२३", "①②", "ⅻⅻ"}},
		{name: "fullwidth", doc: "ＡＢＣ１２３", want: []string{"ａｂｃ１２３"}},
		{name: "cjk runs", doc: "数据 分析。中文文本", want: []string{"数据", "分析", "中文文本"}},
		{name: "hangul", doc: "한국어 텍스트", want: []string{"한국어", "텍스트"}},
		{name: "emoji splits", doc: "ok😀ok 👍🏽", want: []string{"ok", "ok"}},
		{name: "astral letters", doc: "𝐀𝐁 𐐀𐐁", want: []string{"𝐀𝐁", "𐐨𐐩"}},
		{name: "title case digraph", doc: "ǅemal", want: []string{"ǆemal"}},
		{name: "kelvin and ohm", doc: "\u212Aelvin \u2126hm", want: []string{"kelvin", "ωhm"}},
		{name: "zero width space splits", doc: "zero\u200bwidth", want: []string{"zero", "width"}},
		{name: "control characters split", doc: "tab\tnew\nline\r\nx\x00yz", want: []string{"tab", "new", "line", "yz"}},
		{name: "invalid utf-8 splits", doc: "ab\xffcd\xc3", want: []string{"ab", "cd"}},
		{name: "replacement char splits", doc: "ab\ufffdcd", want: []string{"ab", "cd"}},
		{name: "trailing token", doc: "end of text", want: []string{"end", "of", "text"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Tokenize(tc.doc, !tc.keep)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", tc.doc, got, tc.want)
			}
			if ref := referenceTokenize(tc.doc, !tc.keep); !slices.Equal(ref, tc.want) {
				t.Errorf("referenceTokenize(%q) = %q, want %q", tc.doc, ref, tc.want)
			}
		})
	}
}

// referenceTokenize is an independent, slow statement of the token rule:
// lowercase the whole document as CPython's str.lower does (over code
// points, with the final-sigma context read from the original text), then
// split into maximal runs of word characters (Unicode L* and N* categories
// and '_') and keep the runs of two or more code points.
func referenceTokenize(doc string, lowercase bool) []string {
	orig := []rune(doc) // invalid bytes become U+FFFD, one per byte
	text := orig
	if lowercase {
		text = nil
		for i, r := range orig {
			switch r {
			case 'İ':
				text = append(text, 'i', '\u0307')
			case 'Σ':
				text = append(text, refSigma(orig, i))
			default:
				text = append(text, unicode.ToLower(r))
			}
		}
	}
	isWord := func(r rune) bool {
		return r == '_' || unicode.In(r, unicode.L, unicode.N)
	}
	var toks []string
	var run []rune
	flush := func() {
		if len(run) >= 2 {
			toks = append(toks, string(run))
		}
		run = run[:0]
	}
	for _, r := range text {
		if isWord(r) {
			run = append(run, r)
		} else {
			flush()
		}
	}
	flush()
	return toks
}

// refSigma lowercases the capital sigma at orig[i] by Unicode's Final_Sigma
// rule: cased letter, case-ignorables, Σ, case-ignorables, no cased letter.
func refSigma(orig []rune, i int) rune {
	ignorable := func(r rune) bool {
		return strings.ContainsRune("'.:\u00b7\u0387\u055f\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a", r) ||
			unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
	}
	cased := func(r rune) bool {
		return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
			unicode.Is(unicode.Other_Lowercase, r) || unicode.Is(unicode.Other_Uppercase, r)
	}
	j := i - 1
	for j >= 0 && ignorable(orig[j]) {
		j--
	}
	if j < 0 || !cased(orig[j]) {
		return 'σ'
	}
	k := i + 1
	for k < len(orig) && ignorable(orig[k]) {
		k++
	}
	if k < len(orig) && cased(orig[k]) {
		return 'σ'
	}
	return 'ς'
}

// FuzzTokenize compares the scanner with referenceTokenize on arbitrary
// bytes, with and without lowercasing, and checks that every token is valid
// UTF-8 of at least two code points.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"", "Hello World", "ΟΔΥΣΣΕΥΣ ΑΣ'Β", "İİ kİlim", "cafe\u0301 café", "a_b __ 9",
		"数据\u3000分析", "\xff\xfe ab\xc3\xa9", "ΑΣ\u0301", "Σ", "x\u200dΣ\u00adΣy", "ǅ ǈ ǋ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		for _, lower := range []bool{true, false} {
			got := Tokenize(doc, lower)
			want := referenceTokenize(doc, lower)
			if !slices.Equal(got, want) {
				t.Fatalf("Tokenize(%q, %v) = %q, reference %q", doc, lower, got, want)
			}
			for _, tok := range got {
				if !utf8.ValidString(tok) || utf8.RuneCountInString(tok) < 2 {
					t.Fatalf("bad token %q", tok)
				}
			}
		}
	})
}
