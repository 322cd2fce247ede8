package newsgroups

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// StripHeader removes a post's header the way scikit-learn's
// strip_newsgroup_header does: it returns everything after the first blank
// line ("\n\n"), and the empty string when the post has no blank line.
// It returns a substring of text and costs O(len(text)).
func StripHeader(text string) string {
	i := strings.Index(text, "\n\n")
	if i < 0 {
		return ""
	}
	return text[i+2:]
}

// StripFooter removes a post's signature block the way scikit-learn's
// strip_newsgroup_footer does. The text is first trimmed of leading and
// trailing whitespace (Python's str.strip) and split at "\n". The last line
// that is empty or made only of hyphens after trimming whitespace is the
// separator: if it is not the first line, the result is the trimmed text
// before it; otherwise (the separator is the first line, or there is none)
// the text is returned unchanged, untrimmed.
// It returns a substring of text and costs O(len(text)).
func StripFooter(text string) string {
	t := pyStrip(text)
	// Scan lines from the last one backwards; end is the end of the current line.
	end := len(t)
	for {
		start := strings.LastIndexByte(t[:end], '\n') + 1
		if isSeparatorLine(t[start:end]) {
			if start == 0 {
				return text // the separator is line 0
			}
			return t[:start-1]
		}
		if start == 0 {
			return text // no separator at all
		}
		end = start - 1
	}
}

// isSeparatorLine reports whether Python's line.strip().strip("-") == "".
func isSeparatorLine(line string) bool {
	s := pyStrip(line)
	for i := 0; i < len(s); i++ {
		if s[i] != '-' {
			return false
		}
	}
	return true
}

// StripQuoting removes quoted lines the way scikit-learn's
// strip_newsgroup_quoting does: the text is split at "\n" and every line
// that contains "writes in", "writes:", "wrote:", "says:" or "said:", or
// that starts with "In article", "Quoted from", "|" or ">", is dropped; the
// other lines are joined again with "\n". (scikit-learn tests each line with
// the regular expression
//
//	(writes in|writes:|wrote:|says:|said:|^In article|^Quoted from|^\||^>)
//
// which means exactly that.) Text without such lines is returned as is;
// otherwise the result is a new string. It costs O(len(text)).
func StripQuoting(text string) string {
	// Rather than test every line, find the lines to drop with fast
	// searches over the whole text (for rare bytes and words), and copy the
	// runs of kept lines between them in one go.
	finders := [...]finder{
		{match: colonMatch, b: ':'},
		{match: writesInMatch, word: "writes in"},
		{match: lineStartMatch, b: '>'},
		{match: lineStartMatch, b: '|'},
		{match: lineStartMatch, word: "In article"},
		{match: lineStartMatch, word: "Quoted from"},
	}
	var b strings.Builder // grows without zeroing; String() does not copy
	pos := 0              // the start of a line; text[:pos] is done with
	out := 0              // text[out:pos] are kept lines not yet copied to b
	dropped, lastDropped := false, false
	for {
		// The first occurrence of any pattern at or after pos, and the
		// start of its line.
		p := len(text) + 1
		for i := range finders {
			p = min(p, finders[i].next(text, pos))
		}
		if p > len(text) {
			break
		}
		next := pos + strings.LastIndexByte(text[pos:p], '\n') + 1
		end := strings.IndexByte(text[p:], '\n')
		if !dropped {
			dropped = true
			b.Grow(len(text))
		}
		b.WriteString(text[out:next])
		if end < 0 {
			lastDropped = true
			out = len(text)
			break
		}
		pos = p + end + 1
		out = pos
	}
	if !dropped {
		return text
	}
	b.WriteString(text[out:])
	s := b.String()
	if lastDropped && len(s) > 0 {
		s = s[:len(s)-1] // the "\n" after the last kept line joined it to a dropped one
	}
	return s
}

// finder finds the occurrences of one of the quote patterns: the next
// position at or after a given one where b (or word, if set) occurs and
// match accepts it.
type finder struct {
	b     byte
	word  string
	match func(text string, p int) bool
	at    int  // the last answer
	valid bool // whether at is set
}

// next returns the first accepted occurrence at or after pos, or
// len(text)+1 when there is none. pos must not decrease between calls.
func (f *finder) next(text string, pos int) int {
	if f.valid && f.at >= pos {
		return f.at
	}
	f.valid = true
	for pos <= len(text) {
		var i int
		if f.word != "" {
			i = strings.Index(text[pos:], f.word)
		} else {
			i = strings.IndexByte(text[pos:], f.b)
		}
		if i < 0 {
			break
		}
		if f.match(text, pos+i) {
			f.at = pos + i
			return f.at
		}
		pos += i + 1
	}
	f.at = len(text) + 1
	return f.at
}

// colonMatch accepts a ':' that ends "writes:", "wrote:", "says:" or "said:".
func colonMatch(text string, p int) bool {
	t := text[:p]
	return strings.HasSuffix(t, "writes") || strings.HasSuffix(t, "wrote") ||
		strings.HasSuffix(t, "says") || strings.HasSuffix(t, "said")
}

// writesInMatch accepts every "writes in".
func writesInMatch(string, int) bool { return true }

// lineStartMatch accepts an occurrence at the start of a line.
func lineStartMatch(text string, p int) bool { return p == 0 || text[p-1] == '\n' }

// pyStrip trims leading and trailing whitespace as Python's str.strip()
// does: Unicode White_Space plus the separators U+001C–U+001F.
func pyStrip(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isPySpace(r) {
			break
		}
		i += n
	}
	j := len(s)
	for j > i {
		c := s[j-1]
		if c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			j--
			continue
		}
		r, n := utf8.DecodeLastRuneInString(s[i:j])
		if !isPySpace(r) {
			break
		}
		j -= n
	}
	return s[i:j]
}

// isPySpace reports whether Python's str.isspace() holds for r.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || 0x1c <= r && r <= 0x1f
}

var asciiSpace = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isPySpace(rune(c))
	}
	return t
}()
