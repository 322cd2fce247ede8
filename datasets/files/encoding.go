package files

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Encoding is how the bytes of a file become text.
type Encoding int

const (
	// UTF8 decodes UTF-8, replacing each ill-formed subsequence with U+FFFD
	// as Python's bytes.decode("utf-8", "replace") does. It is the zero
	// value.
	UTF8 Encoding = iota
	// Latin1 decodes ISO-8859-1: byte b is the code point U+00bb.
	Latin1
)

// String returns "utf-8" or "latin-1", the names Python gives them.
func (e Encoding) String() string {
	switch e {
	case UTF8:
		return "utf-8"
	case Latin1:
		return "latin-1"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// ParseEncoding returns the Encoding named s: "utf-8" or "utf8" for UTF8,
// "latin-1", "latin1" or "iso-8859-1" for Latin1, in any case. Any other
// name is an error.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(s) {
	case "utf-8", "utf8":
		return UTF8, nil
	case "latin-1", "latin1", "iso-8859-1":
		return Latin1, nil
	}
	return 0, fmt.Errorf("files: unknown encoding %q: want utf-8 or latin-1", s)
}

// Decode returns b decoded as e, as UTF-8 Go text. For UTF8, valid input
// is returned as is and each maximal ill-formed subpart becomes one U+FFFD,
// exactly as Python 3 decodes with errors="replace":
//
//   - a byte that cannot start a sequence (80–C1, F5–FF) is one U+FFFD;
//   - a lead byte followed by fewer continuation bytes than it needs is one
//     U+FFFD for the lead and the continuations it has, so E2 82 41 gives
//     "\uFFFDA", not two U+FFFD;
//   - a second byte outside the lead's range (E0 A0–BF, ED 80–9F, F0 90–BF,
//     F4 80–8F) ends the subpart at the lead: overlong forms, UTF-16
//     surrogates (ED A0 80) and code points above U+10FFFF give one U+FFFD
//     per byte.
//
// The cost is O(len(b)). Decode panics if e is not UTF8 or Latin1.
func (e Encoding) Decode(b []byte) string {
	switch e {
	case UTF8:
		return decodeUTF8(b)
	case Latin1:
		return decodeLatin1(b)
	}
	panic(fmt.Sprintf("files: Decode with unknown %v", e))
}

func decodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+len(b)/8+3)
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		if r, size := utf8.DecodeRune(b[i:]); r != utf8.RuneError || size > 1 {
			out = append(out, b[i:i+size]...)
			i += size
			continue
		}
		i += maximalSubpart(b[i:])
		out = append(out, "\uFFFD"...)
	}
	return string(out)
}

// maximalSubpart returns the length of the ill-formed subsequence at the
// start of b (which does not start with a valid sequence): the lead byte
// and the continuation bytes that could still have completed it.
func maximalSubpart(b []byte) int {
	c := b[0]
	var need int
	lo, hi := byte(0x80), byte(0xbf) // allowed range of the second byte
	switch {
	case c >= 0xc2 && c <= 0xdf:
		need = 2
	case c == 0xe0:
		need, lo = 3, 0xa0
	case c == 0xed:
		need, hi = 3, 0x9f
	case c >= 0xe1 && c <= 0xef:
		need = 3
	case c == 0xf0:
		need, lo = 4, 0x90
	case c == 0xf4:
		need, hi = 4, 0x8f
	case c >= 0xf1 && c <= 0xf3:
		need = 4
	default:
		return 1 // not a lead byte
	}
	if len(b) < 2 || b[1] < lo || b[1] > hi {
		return 1
	}
	k := 2
	for k < need && k < len(b) && b[k] >= 0x80 && b[k] <= 0xbf {
		k++
	}
	return k
}

func decodeLatin1(b []byte) string {
	n := len(b)
	for _, c := range b {
		if c >= utf8.RuneSelf {
			n++
		}
	}
	if n == len(b) {
		return string(b)
	}
	out := make([]byte, 0, n)
	for _, c := range b {
		if c < utf8.RuneSelf {
			out = append(out, c)
		} else {
			out = append(out, 0xc0|c>>6, 0x80|c&0x3f)
		}
	}
	return string(out)
}
