package files

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// JSONLOptions names the fields LoadJSONL and ReadJSONL read. The zero
// value reads "text" and "label".
type JSONLOptions struct {
	// TextField is the key of the document's text, a JSON string; empty
	// means "text". Every object must have it.
	TextField string

	// LabelField is the key of the document's label, a string or an
	// integer; empty means "label". Either every object has it or none
	// does.
	LabelField string

	// NoLabels ignores LabelField: the Bunch has no Target.
	NoLabels bool
}

// LoadJSONL reads the JSON Lines file name; see ReadJSONL.
func LoadJSONL(name string, opts JSONLOptions) (*Bunch, error) {
	f, err := os.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("files: the JSON Lines file %s does not exist: %w", name, err)
		}
		return nil, fmt.Errorf("files: cannot open the JSON Lines file %s: %w", name, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("files: %s is a folder, not a JSON Lines file (for a folder of text files use LoadFolder)", name)
	}
	return ReadJSONL(f, name, opts)
}

// ReadJSONL reads JSON Lines from r, one JSON object per line, in file
// order; name is used in error messages. Lines are separated by "\n"; a
// "\r" before it is ignored, as is a UTF-8 byte-order mark at the start;
// lines holding only spaces, tabs and "\r" are skipped. Lines may be of any
// length. Document i is the string value of opts.TextField on its line,
// Lines[i] that line's number (from 1).
//
// Labels: when the objects have opts.LabelField, TargetNames are the
// distinct labels and Target[i] the index of document i's label. String
// labels are sorted by code point; integer labels (JSON numbers without
// fraction or exponent that fit in 64 bits) are sorted numerically and
// named by their decimal form, so labels 10, 2, 2 give TargetNames
// ["2" "10"] and Target [1 0 0]. A file without the label field gives a
// nil Target and TargetNames.
//
// As with Python's json.loads, a key given twice keeps its last value.
// Escaped lone surrogates (\ud800) become U+FFFD, since Go strings hold
// UTF-8.
//
// The cost is O(size of the input) time and memory, plus O(n log n) to
// sort the labels.
//
// ReadJSONL returns an error naming the line for a line that is not valid
// UTF-8, not JSON or not a JSON object, that lacks the text field or holds
// something other than a string there, whose label is not a string or an
// integer, or is of the other kind than the first line's, or is missing
// while other lines have one; and for input without any object.
func ReadJSONL(r io.Reader, name string, opts JSONLOptions) (*Bunch, error) {
	textKey, labelKey := opts.TextField, opts.LabelField
	if textKey == "" {
		textKey = "text"
	}
	if labelKey == "" {
		labelKey = "label"
	}
	if opts.NoLabels {
		labelKey = ""
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		b          Bunch
		strLabels  []string
		intLabels  []int64
		labelKind  int // 0 unknown, 1 string, 2 integer, 3 none
		labelFirst int // line that set labelKind
	)
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("files: reading %s at line %d: %w", name, lineNo, err)
		}
		eof := err == io.EOF
		if lineNo == 1 {
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		if len(bytes.Trim(line, " \t\r")) == 0 {
			if eof {
				break
			}
			continue
		}
		where := func() string { return fmt.Sprintf("%s line %d", name, lineNo) }
		if !utf8.Valid(line) {
			return nil, fmt.Errorf("files: %s is not valid UTF-8 (JSON Lines files are UTF-8; convert the file, e.g. iconv -f latin1 -t utf-8)", where())
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(line, &obj); err != nil {
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			switch {
			case errors.As(err, &se):
				return nil, fmt.Errorf("files: %s is not valid JSON (at byte %d: %v); each line must be one JSON object", where(), se.Offset, err)
			case errors.As(err, &te):
				return nil, fmt.Errorf("files: %s holds a JSON %s, not an object; each line must be one JSON object such as {%q: \"...\"}", where(), te.Value, textKey)
			}
			return nil, fmt.Errorf("files: %s: %w", where(), err)
		}
		if obj == nil {
			return nil, fmt.Errorf("files: %s holds null, not an object; each line must be one JSON object such as {%q: \"...\"}", where(), textKey)
		}
		raw, ok := obj[textKey]
		if !ok {
			return nil, fmt.Errorf("files: %s has no %q field (its keys: %s); name the text field with TextField (-text-field)", where(), textKey, keyList(obj))
		}
		var text string
		if err := json.Unmarshal(raw, &text); err != nil || raw[0] != '"' {
			return nil, fmt.Errorf("files: %s: field %q is %s, not a string", where(), textKey, kindOf(raw))
		}
		b.Data = append(b.Data, text)
		b.Lines = append(b.Lines, lineNo)

		if labelKey != "" {
			raw, has := obj[labelKey]
			kind := 3
			if has {
				switch {
				case raw[0] == '"':
					kind = 1
				case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
					kind = 2
				default:
					return nil, fmt.Errorf("files: %s: label field %q is %s; a label must be a string or an integer", where(), labelKey, kindOf(raw))
				}
			}
			if labelKind == 0 {
				labelKind, labelFirst = kind, lineNo
			} else if kind != labelKind {
				return nil, fmt.Errorf("files: %s: label field %q is %s but on line %d it is %s; give every line a label of the same kind, or none (NoLabels, -label-field '')",
					where(), labelKey, kindName(kind), labelFirst, kindName(labelKind))
			}
			switch kind {
			case 1:
				var s string
				if err := json.Unmarshal(raw, &s); err != nil {
					return nil, fmt.Errorf("files: %s: label field %q: %w", where(), labelKey, err)
				}
				strLabels = append(strLabels, s)
			case 2:
				v, err := strconv.ParseInt(string(raw), 10, 64)
				if err != nil {
					return nil, fmt.Errorf("files: %s: label %s is not an integer that fits in 64 bits; use integers or strings as labels", where(), raw)
				}
				intLabels = append(intLabels, v)
			}
		}
		if eof {
			break
		}
	}
	if len(b.Data) == 0 {
		return nil, fmt.Errorf("files: %s holds no JSON object; write one object per line, such as {%q: \"...\"}", name, textKey)
	}
	switch labelKind {
	case 1:
		b.TargetNames, b.Target = encodeLabels(strLabels, strings.Compare, func(s string) string { return s })
	case 2:
		b.TargetNames, b.Target = encodeLabels(intLabels, func(a, b int64) int {
			switch {
			case a < b:
				return -1
			case a > b:
				return 1
			}
			return 0
		}, func(v int64) string { return strconv.FormatInt(v, 10) })
	}
	return &b, nil
}

// encodeLabels returns the distinct labels sorted by cmp, named by name,
// and the index of each label among them.
func encodeLabels[T any](labels []T, cmp func(a, b T) int, name func(T) string) ([]string, []int) {
	distinct := slices.Clone(labels)
	slices.SortFunc(distinct, cmp)
	distinct = slices.CompactFunc(distinct, func(a, b T) bool { return cmp(a, b) == 0 })
	names := make([]string, len(distinct))
	for i, d := range distinct {
		names[i] = name(d)
	}
	target := make([]int, len(labels))
	for i, l := range labels {
		target[i], _ = slices.BinarySearchFunc(distinct, l, cmp)
	}
	return names, target
}

func kindName(kind int) string {
	switch kind {
	case 1:
		return "a string"
	case 2:
		return "a number"
	}
	return "missing"
}

// kindOf describes a JSON value by its type.
func kindOf(raw json.RawMessage) string {
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// keyList lists an object's keys, sorted, for error messages.
func keyList(obj map[string]json.RawMessage) string {
	if len(obj) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, strconv.Quote(k))
	}
	slices.Sort(keys)
	if len(keys) > 10 {
		keys = append(keys[:10], "…")
	}
	return strings.Join(keys, ", ")
}
