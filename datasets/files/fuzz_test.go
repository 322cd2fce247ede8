package files

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeUTF8 checks properties of Decode(UTF8) on any input: the text
// is valid UTF-8; valid input comes back unchanged; every other byte
// survives in order, each ill-formed subpart becoming exactly one U+FFFD,
// so removing the replacement characters from both sides leaves the valid
// sequences of the input (TestDecodeUTF8MatchesPython checks the exact
// output against Python).
func FuzzDecodeUTF8(f *testing.F) {
	for _, s := range []string{"", "abc", "\xe2\x82A", "\xed\xa0\x80", "\xf0\x9f\x98\x80", "\xff\xfe", "\xf4\x90\x80\x80"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := UTF8.Decode(b)
		if !utf8.ValidString(got) {
			t.Fatalf("Decode(% x) = %+q is not valid UTF-8", b, got)
		}
		if utf8.Valid(b) && got != string(b) {
			t.Fatalf("Decode(% x) changed valid input to %+q", b, got)
		}
		// Drop the ill-formed subparts from b by hand, with utf8.DecodeRune.
		var keep []byte
		for i := 0; i < len(b); {
			r, n := utf8.DecodeRune(b[i:])
			if r != utf8.RuneError || n > 1 {
				keep = append(keep, b[i:i+n]...)
			}
			i += n
		}
		if strings.ReplaceAll(got, "\uFFFD", "") != strings.ReplaceAll(string(keep), "\uFFFD", "") {
			t.Fatalf("Decode(% x) = %+q lost or added valid text", b, got)
		}
		if n := strings.Count(got, "\uFFFD") - strings.Count(string(keep), "\uFFFD"); n < 0 || n > len(b)-len(keep) {
			t.Fatalf("Decode(% x) = %+q: %d replacement characters for %d bad bytes", b, got, n, len(b)-len(keep))
		}
	})
}
