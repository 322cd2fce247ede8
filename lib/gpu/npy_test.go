package gpu

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Minimal .npy (version 1.0, little-endian, C order) reading and writing
// for the benchmark data shared with scripts/bench_gpu.py.

func writeNpy(path string, descr string, shape []int, data any) error {
	dims := make([]string, len(shape))
	for i, s := range shape {
		dims[i] = strconv.Itoa(s)
	}
	tuple := strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	header := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, tuple)
	pad := 64 - (10+len(header)+1)%64
	header += strings.Repeat(" ", pad%64) + "\n"
	var buf bytes.Buffer
	buf.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&buf, binary.LittleEndian, uint16(len(header)))
	buf.WriteString(header)
	if err := binary.Write(&buf, binary.LittleEndian, data); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

var npyHeaderRE = regexp.MustCompile(`'descr':\s*'([<|]\w+)'.*'shape':\s*\(([^)]*)\)`)

// readNpy returns the descr, shape and raw little-endian payload.
func readNpy(path string) (descr string, shape []int, payload []byte, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", nil, nil, err
	}
	if len(b) < 10 || string(b[:6]) != "\x93NUMPY" {
		return "", nil, nil, fmt.Errorf("%s: not a .npy file", path)
	}
	var hlen, off int
	if b[6] == 1 {
		hlen, off = int(binary.LittleEndian.Uint16(b[8:10])), 10
	} else {
		hlen, off = int(binary.LittleEndian.Uint32(b[8:12])), 12
	}
	h := string(b[off : off+hlen])
	m := npyHeaderRE.FindStringSubmatch(h)
	if m == nil || strings.Contains(h, "'fortran_order': True") {
		return "", nil, nil, fmt.Errorf("%s: unsupported header %q", path, h)
	}
	for _, f := range strings.Split(m[2], ",") {
		if f = strings.TrimSpace(f); f != "" {
			v, err := strconv.Atoi(f)
			if err != nil {
				return "", nil, nil, err
			}
			shape = append(shape, v)
		}
	}
	return m[1], shape, b[off+hlen:], nil
}

func readNpyF32(path string) ([]float32, []int, error) {
	descr, shape, p, err := readNpy(path)
	if err != nil {
		return nil, nil, err
	}
	if descr != "<f4" {
		return nil, nil, fmt.Errorf("%s: dtype %s, want <f4", path, descr)
	}
	out := make([]float32, len(p)/4)
	return out, shape, binary.Read(bytes.NewReader(p), binary.LittleEndian, out)
}

func readNpyI32(path string) ([]int32, []int, error) {
	descr, shape, p, err := readNpy(path)
	if err != nil {
		return nil, nil, err
	}
	if descr != "<i4" {
		return nil, nil, fmt.Errorf("%s: dtype %s, want <i4", path, descr)
	}
	out := make([]int32, len(p)/4)
	return out, shape, binary.Read(bytes.NewReader(p), binary.LittleEndian, out)
}

func TestNpyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	files := []struct {
		name, descr string
		shape       []int
		data        any
	}{
		{"shape", "<i4", []int{2}, []int32{2, 3}},
		{"indptr", "<i4", []int{3}, []int32{0, 2, 3}},
		{"indices", "<i4", []int{3}, []int32{0, 2, 1}},
		{"data", "<f4", []int{3}, []float32{1.5, -2, 0.25}},
	}
	for _, f := range files {
		if err := writeNpy(filepath.Join(dir, f.name+".npy"), f.descr, f.shape, f.data); err != nil {
			t.Fatal(err)
		}
	}
	M, err := readCSRNpy(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{1.5, 0, -2}, {0, 0.25, 0}}
	for i, row := range want {
		for j, v := range row {
			if M.At(i, j) != v {
				t.Errorf("M[%d,%d] = %v, want %v", i, j, M.At(i, j), v)
			}
		}
	}
	if _, _, err := readNpyF32(filepath.Join(dir, "indptr.npy")); err == nil {
		t.Error("reading int32 data as float32 did not fail")
	}
}
