//go:build !linux

package nb

import (
	"fmt"
	"os"

	"gonum.org/v1/gonum/mat"
)

// Elsewhere than on Linux (no file locks, change times or shared memory maps used), values are read in full and a
// matrix changed in place in one cell is not changed for the next.

func createTemp(dir string) (*os.File, error) { return os.CreateTemp(dir, ".tmp-*") }

func removeStale(string) {}

func stampPath(path string) string { return path + ".ok" }

func writeStamp(string, uint32) {}

func registerOpen(string) {}

func mapDense(path string) (*mat.Dense, meta, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, meta{}, err
	}
	h, err := parseHeader(b, int64(len(b)))
	if err != nil {
		return nil, meta{}, err
	}
	m := h.meta()
	if h.kind != kindDense {
		return nil, m, errWrongType{kindName[h.kind], "*mat.Dense"}
	}
	if checksum(b[dataOffset:]) != h.crc {
		return nil, m, fmt.Errorf("%w: payload checksum mismatch", errCorrupt)
	}
	r, c := int(h.dims[0]), int(h.dims[1])
	if r == 0 || c == 0 {
		return &mat.Dense{}, m, nil
	}
	return mat.NewDense(r, c, floatsFrom(b[dataOffset:])), m, nil
}
