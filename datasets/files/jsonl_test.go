package files

import (
	"bufio"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// TestJSONLMatchesPython compares LoadJSONL with the json.loads-based
// reader of testdata/gen_files.py.
func TestJSONLMatchesPython(t *testing.T) {
	e := loadExpected(t)
	if len(e.JSONLCases) != 4 {
		t.Fatalf("%d JSON Lines cases in the fixture, want 4", len(e.JSONLCases))
	}
	for _, c := range e.JSONLCases {
		b, err := LoadJSONL("testdata/"+c.File, JSONLOptions{TextField: c.TextField, NoLabels: c.NoLabels})
		if err != nil {
			t.Errorf("%s: %v", c.File, err)
			continue
		}
		if !slices.Equal(b.Data, c.Data) {
			t.Errorf("%s: Data = %+q\nwant %+q", c.File, b.Data, c.Data)
		}
		if !slices.Equal(b.Lines, c.Lines) {
			t.Errorf("%s: Lines = %v, want %v", c.File, b.Lines, c.Lines)
		}
		if !slices.Equal(b.Target, c.Target) || (b.Target == nil) != (c.Target == nil) {
			t.Errorf("%s: Target = %v, want %v", c.File, b.Target, c.Target)
		}
		if !slices.Equal(b.TargetNames, c.TargetNames) || (b.TargetNames == nil) != (c.TargetNames == nil) {
			t.Errorf("%s: TargetNames = %q, want %q", c.File, b.TargetNames, c.TargetNames)
		}
		if b.Filenames != nil {
			t.Errorf("%s: Filenames = %q, want nil", c.File, b.Filenames)
		}
	}
}

// TestJSONLLongLine reads a line far longer than bufio.Scanner's 64 KiB
// limit, through a reader that returns one byte at a time.
func TestJSONLLongLine(t *testing.T) {
	long := strings.Repeat("word ", 1<<18) // 1.25 MiB
	in := `{"text": "short", "label": "a"}` + "\n" + `{"text": "` + long + `", "label": "b"}` + "\n"
	b, err := ReadJSONL(bufio.NewReader(iotest.HalfReader(strings.NewReader(in))), "long.jsonl", JSONLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Data) != 2 || b.Data[1] != long || !slices.Equal(b.Target, []int{0, 1}) {
		t.Errorf("got %d documents, second of %d bytes, labels %v; want 2, %d bytes, [0 1]", len(b.Data), len(b.Data[len(b.Data)-1]), b.Target, len(long))
	}
}

func TestJSONLErrors(t *testing.T) {
	for _, test := range []struct {
		name, in string
		opts     JSONLOptions
		want     []string
	}{
		{"empty", "", JSONLOptions{}, []string{"x.jsonl holds no JSON object"}},
		{"blank", "\n  \n\r\n", JSONLOptions{}, []string{"holds no JSON object"}},
		{"bad json", `{"text": "a"}` + "\n" + `{"text": "b",}`, JSONLOptions{}, []string{"x.jsonl line 2 is not valid JSON", "at byte"}},
		{"trailing", `{"text": "a"} {"text": "b"}`, JSONLOptions{}, []string{"line 1 is not valid JSON"}},
		{"array", `["text"]`, JSONLOptions{}, []string{"line 1 holds a JSON array, not an object"}},
		{"string", `"text"`, JSONLOptions{}, []string{"line 1 holds a JSON string, not an object"}},
		{"null", `null`, JSONLOptions{}, []string{"line 1 holds null"}},
		{"no text", `{"body": "a", "id": 3}`, JSONLOptions{}, []string{`line 1 has no "text" field`, `"body", "id"`, "-text-field"}},
		{"text number", `{"text": 3}`, JSONLOptions{}, []string{`field "text" is a number, not a string`}},
		{"text null", `{"text": null}`, JSONLOptions{}, []string{`field "text" is null, not a string`}},
		{"custom field", `{"text": "a"}`, JSONLOptions{TextField: "body"}, []string{`has no "body" field`}},
		{"latin1", "{\"text\": \"caf\xe9\"}", JSONLOptions{}, []string{"line 1 is not valid UTF-8", "iconv"}},
		{"label bool", `{"text": "a", "label": true}`, JSONLOptions{}, []string{`label field "label" is a boolean`}},
		{"label null", `{"text": "a", "label": null}`, JSONLOptions{}, []string{`label field "label" is null`}},
		{"label float", `{"text": "a", "label": 1.5}`, JSONLOptions{}, []string{"label 1.5 is not an integer"}},
		{"label huge", `{"text": "a", "label": 1e400}`, JSONLOptions{}, []string{"label 1e400 is not an integer"}},
		{"label mixed", `{"text": "a", "label": "x"}` + "\n" + `{"text": "b", "label": 2}`, JSONLOptions{}, []string{"line 2", "is a number but on line 1 it is a string"}},
		{"label missing", `{"text": "a", "label": "x"}` + "\n\n" + `{"text": "b"}`, JSONLOptions{}, []string{"line 3", "is missing but on line 1 it is a string"}},
		{"label late", `{"text": "a"}` + "\n" + `{"text": "b", "label": "x"}`, JSONLOptions{}, []string{"line 2", "is a string but on line 1 it is missing"}},
	} {
		b, err := ReadJSONL(strings.NewReader(test.in), "x.jsonl", test.opts)
		if err == nil {
			t.Errorf("%s: no error, got %+q", test.name, b.Data)
			continue
		}
		for _, w := range test.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", test.name, err, w)
			}
		}
	}
}

func TestLoadJSONLFileErrors(t *testing.T) {
	if _, err := LoadJSONL("testdata/nope.jsonl", JSONLOptions{}); err == nil || !strings.Contains(err.Error(), "nope.jsonl does not exist") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := LoadJSONL("testdata", JSONLOptions{}); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("folder: %v", err)
	}
}

// TestJSONLLabelsIgnored checks NoLabels on a file whose labels would be an
// error.
func TestJSONLLabelsIgnored(t *testing.T) {
	b, err := ReadJSONL(strings.NewReader(`{"text": "a", "label": true}`), "x", JSONLOptions{NoLabels: true})
	if err != nil || b.Target != nil || b.TargetNames != nil || !slices.Equal(b.Data, []string{"a"}) {
		t.Errorf("NoLabels: %+v, %v", b, err)
	}
}
