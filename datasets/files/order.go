package files

import (
	"strings"
	"unicode/utf8"
)

// compareNames orders file names as Python's sorted() orders the str names
// os.listdir returns: by code point. For valid UTF-8 that is byte order.
// Python decodes a name that is not valid UTF-8 with surrogateescape, each
// byte b of an ill-formed subsequence becoming the lone surrogate
// U+DC00+b, which sorts after U+D7FF and before U+E000; compareNames gives
// such bytes the same place. The cost is O(len(a) + len(b)).
func compareNames(a, b string) int {
	if utf8.ValidString(a) && utf8.ValidString(b) {
		return strings.Compare(a, b)
	}
	for len(a) > 0 && len(b) > 0 {
		ra, na := escapedRune(a)
		rb, nb := escapedRune(b)
		if ra != rb {
			if ra < rb {
				return -1
			}
			return 1
		}
		a, b = a[na:], b[nb:]
	}
	switch {
	case len(a) > 0:
		return 1
	case len(b) > 0:
		return -1
	}
	return 0
}

// escapedRune returns the first code point of s as Python's
// surrogateescape decoding sees it, and its length in bytes.
func escapedRune(s string) (rune, int) {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n == 1 {
		return 0xdc00 + rune(s[0]), 1
	}
	return r, n
}
