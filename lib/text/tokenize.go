package text

import (
	"unicode"
	"unicode/utf8"
	"unsafe"
)

var (
	decodeRune     = utf8.DecodeRuneInString
	decodeLastRune = utf8.DecodeLastRuneInString
)

// Tokenize returns the tokens scikit-learn's default analyzer finds in doc,
// in order and with repeats: with lowercase set, doc is first lowercased as
// Python's str.lower does, then every maximal run of two or more word
// characters is a token, which is what the pattern (?u)\b\w\w+\b matches.
// Word characters are Unicode letters, Unicode numbers and the underscore;
// lengths count code points. Stop words are not removed here.
//
// Bytes that are not valid UTF-8 are read as U+FFFD, a non-word character.
// The cost is O(len(doc)).
func Tokenize(doc string, lowercase bool) []string {
	var toks []string
	sc := scanner{lower: lowercase}
	sc.reset(doc)
	for {
		tok, ok := sc.next()
		if !ok {
			return toks
		}
		toks = append(toks, string(tok))
	}
}

// scanner walks a document and yields its tokens one at a time, lowercased
// when lower is set. The zero value with reset called is ready to use; a
// scanner is reused across documents to keep its buffer.
type scanner struct {
	s     string
	i     int
	lower bool
	buf   []byte
}

func (sc *scanner) reset(s string) {
	sc.s = s
	sc.i = 0
}

// next returns the next token's bytes, lowercased when sc.lower is set. The
// slice is valid until the next call and must not be written to: it may
// point into the document itself. ok is false at the end of the document.
func (sc *scanner) next() (tok []byte, ok bool) {
	s := sc.s
	i := sc.i
	buf := sc.buf[:0]
	n := 0 // code points in buf
	lower := sc.lower
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if latin1Class[c]&classWord != 0 {
				// Take the whole run of ASCII word bytes at once.
				j := i + 1
				upper := latin1Class[c] & classUpper
				for j < len(s) && s[j] < utf8.RuneSelf && latin1Class[s[j]]&classWord != 0 {
					upper |= latin1Class[s[j]] & classUpper
					j++
				}
				if n == 0 && j-i >= 2 && (upper == 0 || !lower) && (j == len(s) || s[j] < utf8.RuneSelf) {
					// The common case: a whole token of ASCII needing no
					// change. Return the text itself instead of a copy
					// (read-only: callers never write into a token).
					tok := unsafe.Slice(unsafe.StringData(s[i:]), j-i)
					if j < len(s) {
						j++ // the non-word byte that ends the token
					}
					sc.i, sc.buf = j, buf
					return tok, true
				}
				if lower {
					for _, b := range []byte(s[i:j]) {
						buf = append(buf, latin1Lower[b])
					}
				} else {
					buf = append(buf, s[i:j]...)
				}
				n += j - i
				i = j
				continue
			}
			i++
			if n >= 2 {
				sc.i, sc.buf = i, buf
				return buf, true
			}
			buf, n = buf[:0], 0
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		start := i
		i += size
		word := false
		switch {
		case !lower:
			word = isWordRune(r)
			if word {
				buf = append(buf, s[start:i]...)
				n++
			}
		case r < 256:
			// Latin-1 letters lowercase inside Latin-1.
			if latin1Class[r]&classWord != 0 {
				word = true
				buf = utf8.AppendRune(buf, latin1LowerRune[r])
				n++
			}
		case r == capitalIWithDot:
			// CPython lowercases İ to "i" followed by U+0307 COMBINING DOT
			// ABOVE, a non-word character: the "i" ends the current token.
			buf = append(buf, 'i')
			n++
		default:
			var l rune
			if r == capitalSigma {
				l = smallSigma
				if sigmaIsFinal(s, start, i) {
					l = finalSigma
				}
			} else {
				l = unicode.ToLower(r)
			}
			word = isWordRune(l)
			if word {
				buf = utf8.AppendRune(buf, l)
				n++
			}
		}
		if word {
			continue
		}
		if n >= 2 {
			sc.i, sc.buf = i, buf
			return buf, true
		}
		buf, n = buf[:0], 0
	}
	sc.i, sc.buf = i, buf
	if n >= 2 {
		return buf, true
	}
	return nil, false
}
