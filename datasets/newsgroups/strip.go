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
	// The patterns that may sit anywhere in a line are found with fast
	// substring searches over the whole text, rather than line by line.
	markers := [...]marker{{pat: "writes"}, {pat: "wrote:"}, {pat: "says:"}, {pat: "said:"}}
	var b []byte
	pos := 0     // start of the current line
	kept := true // whether every line so far was kept (b is still unused)
	for pos <= len(text) {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		line := text[pos:end]
		drop := hasQuotePrefix(line)
		for i := 0; i < len(markers) && !drop; i++ {
			drop = markers[i].next(text, pos) < end
		}
		if drop {
			if kept {
				kept = false
				b = make([]byte, 0, len(text))
				if pos > 0 {
					b = append(b, text[:pos]...) // the kept lines so far, each with its "\n"
				}
			}
		} else if !kept {
			b = append(b, line...)
			b = append(b, '\n')
		}
		pos = end + 1
	}
	if kept {
		return text
	}
	if len(b) > 0 {
		b = b[:len(b)-1] // every kept line was followed by "\n": drop the last
	}
	return string(b)
}

// marker finds the occurrences of one of the quote patterns that may
// appear anywhere in a line.
type marker struct {
	pat   string
	at    int  // the next occurrence at or after from, if valid
	from  int  // the position at was searched from
	valid bool // whether at (and from) are set
}

// next returns the position of the first occurrence of the pattern at or
// after pos (len(text)+1 when there is none). Positions must not decrease
// between calls.
func (m *marker) next(text string, pos int) int {
	if m.valid && m.at >= pos {
		return m.at
	}
	for {
		i := strings.Index(text[pos:], m.pat)
		if i < 0 {
			m.at, m.valid = len(text)+1, true
			return m.at
		}
		i += pos
		// "writes" counts only as "writes:" or "writes in".
		if m.pat != "writes" || strings.HasPrefix(text[i+6:], ":") || strings.HasPrefix(text[i+6:], " in") {
			m.at, m.valid = i, true
			return i
		}
		pos = i + 1
	}
}

// hasQuotePrefix reports whether line starts with ">", "|", "In article"
// or "Quoted from".
func hasQuotePrefix(line string) bool {
	if line == "" {
		return false
	}
	switch line[0] {
	case '>', '|':
		return true
	case 'I':
		return strings.HasPrefix(line, "In article")
	case 'Q':
		return strings.HasPrefix(line, "Quoted from")
	}
	return false
}

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
