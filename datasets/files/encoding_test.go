package files

import (
	"encoding/hex"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestDecodeUTF8MatchesPython compares Decode(UTF8) with Python's
// bytes.decode("utf-8", "replace") on tricky and random byte strings.
func TestDecodeUTF8MatchesPython(t *testing.T) {
	e := loadExpected(t)
	if len(e.Decode) < 1000 {
		t.Fatalf("only %d decode cases in the fixture", len(e.Decode))
	}
	bad := 0
	for _, c := range e.Decode {
		in, err1 := hex.DecodeString(c.Input)
		want, err2 := hex.DecodeString(c.Output)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad fixture %+v", c)
		}
		if got := UTF8.Decode(in); got != string(want) {
			if bad++; bad <= 10 {
				t.Errorf("Decode(% x) = %+q, want %+q", in, got, want)
			}
		}
	}
	if bad > 10 {
		t.Errorf("… %d mismatches in all", bad)
	}
}

// TestDecodeUTF8Differs pins the cases where Go's own functions differ
// from Python, which is why Decode has its own loop.
func TestDecodeUTF8Differs(t *testing.T) {
	for _, test := range []struct{ in, want string }{
		{"\xe2\x82A", "\uFFFDA"},                             // truncated: one U+FFFD (DecodeRune gives two)
		{"\xf0\x9f\x98", "\uFFFD"},                           // truncated 4-byte
		{"\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"},               // surrogate: one per byte
		{"\xc0\xaf", "\uFFFD\uFFFD"},                         // overlong
		{"\x80\x80", "\uFFFD\uFFFD"},                         // ToValidUTF8 would collapse these to one
		{"\xef\xbf\xbd", "\uFFFD"},                           // a real U+FFFD is kept
		{"\xef\xbb\xbfx", "\uFEFFx"},                         // BOM kept
		{"a\xf4\x90\x80\x80b", "a\uFFFD\uFFFD\uFFFD\uFFFDb"}, // above U+10FFFF
	} {
		got := UTF8.Decode([]byte(test.in))
		if got != test.want {
			t.Errorf("Decode(%+q) = %+q, want %+q", test.in, got, test.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("Decode(%+q) is not valid UTF-8", test.in)
		}
	}
	if strings.ToValidUTF8("\x80\x80", "\uFFFD") == UTF8.Decode([]byte("\x80\x80")) {
		t.Error("strings.ToValidUTF8 agrees on \\x80\\x80: the pinned difference is gone")
	}
}

func TestDecodeLatin1(t *testing.T) {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	got := []rune(Latin1.Decode(b))
	if len(got) != 256 {
		t.Fatalf("Latin1.Decode gave %d runes, want 256", len(got))
	}
	for i, r := range got {
		if r != rune(i) {
			t.Errorf("byte %#x decoded as %U, want U+%04X", i, r, i)
		}
	}
}

func TestParseEncoding(t *testing.T) {
	for _, test := range []struct {
		in   string
		want Encoding
		ok   bool
	}{
		{"utf-8", UTF8, true}, {"UTF8", UTF8, true}, {"latin-1", Latin1, true},
		{"Latin1", Latin1, true}, {"ISO-8859-1", Latin1, true}, {"cp1252", 0, false}, {"", 0, false},
	} {
		got, err := ParseEncoding(test.in)
		if (err == nil) != test.ok || test.ok && got != test.want {
			t.Errorf("ParseEncoding(%q) = %v, %v; want %v, ok %v", test.in, got, err, test.want, test.ok)
		}
		if err == nil && got.String() != map[Encoding]string{UTF8: "utf-8", Latin1: "latin-1"}[got] {
			t.Errorf("%v.String() = %q", got, got.String())
		}
	}
}
