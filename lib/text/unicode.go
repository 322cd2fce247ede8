package text

import "unicode"

// This file holds the character classes behind the token pattern and the
// lowercasing, written to agree with CPython 3.11, whose str.lower and re
// module scikit-learn relies on. testdata/unicode_py.json holds CPython's
// answers for every code point; unicode_test.go checks these functions
// against it.
//
// Go's unicode tables follow a newer Unicode version (15.0) than CPython 3.11
// (14.0): about 4,400 code points that Unicode 14 left unassigned (CJK
// Extension H, Kawi, Nag Mundari, …) are letters or digits here and non-word
// characters in CPython 3.11. Those are the only differences.

// Character classes of the code points below 256, for the fast path.
const (
	classWord  = 1 << iota // matches Python's \w
	classUpper             // lowercases to another code point below 256
)

var (
	latin1Class     [256]uint8
	latin1Lower     [256]byte // for code points < 0x80 only; others use latin1LowerRune
	latin1LowerRune [256]rune
)

func init() {
	for c := rune(0); c < 256; c++ {
		var cl uint8
		if isWordRune(c) {
			cl |= classWord
		}
		l := unicode.ToLower(c)
		if l != c {
			cl |= classUpper
		}
		latin1Class[c] = cl
		latin1LowerRune[c] = l
		if c < 0x80 {
			latin1Lower[c] = byte(l)
		}
	}
}

// isWordRune reports whether r matches Python's \w in a str pattern: a
// character that str.isalnum accepts (Unicode letters Lu, Ll, Lt, Lm, Lo and
// numbers Nd, Nl, No) or the underscore. Combining marks (Mn, Mc, Me) are not
// word characters, so a decomposed accent ends a token.
func isWordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// Code points that lowercase specially in CPython.
const (
	capitalIWithDot = 0x130 // İ lowercases to two code points: i and U+0307
	combiningDot    = 0x307
	capitalSigma    = 0x3A3 // Σ lowercases to ς at the end of a word, σ elsewhere
	finalSigma      = 0x3C2
	smallSigma      = 0x3C3
)

// isCased reports whether r has Unicode's Cased property: letters of
// categories Lu, Ll and Lt and the characters marked Other_Lowercase or
// Other_Uppercase.
func isCased(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Lowercase, unicode.Other_Uppercase)
}

// isCaseIgnorable reports whether r has Unicode's Case_Ignorable property:
// categories Mn, Me, Cf, Lm and Sk, and the word-break classes MidLetter,
// MidNumLet and Single_Quote.
func isCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027,
		0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}

// sigmaIsFinal reports whether the capital sigma occupying s[start:end]
// lowercases to the final form ς, by CPython's rule (Unicode's Final_Sigma
// condition): a cased letter precedes it, skipping case-ignorable characters,
// and none follows it the same way. Bytes that are not valid UTF-8 read as
// U+FFFD, which is neither cased nor case-ignorable.
func sigmaIsFinal(s string, start, end int) bool {
	before := false
	for i := start; i > 0; {
		r, size := decodeLastRune(s[:i])
		i -= size
		if !isCaseIgnorable(r) {
			before = isCased(r)
			break
		}
	}
	if !before {
		return false
	}
	for i := end; i < len(s); {
		r, size := decodeRune(s[i:])
		i += size
		if !isCaseIgnorable(r) {
			return !isCased(r)
		}
	}
	return true
}
