package nb

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"math/bits"
)

// The layout of a stored value (all integers little-endian):
//
//	offset  size  field
//	0       20    magic "topicmodel/nb-value\n"
//	20      1     format version (formatVersion)
//	21      1     kind: 'd' *mat.Dense, 'f' []float64, 'c' *sparse.CSR, 'g' gob
//	22      1     state: 's' sealed (payload checksum valid), 'o' open (mapped
//	              for writing by process pid; the checksum is stale)
//	23      1     zero
//	24      4     pid of the process that holds it open (state 'o')
//	28      4     CRC-32C of the payload (state 's')
//	32      8     payload length in bytes
//	40      24    rows, cols, non-zeros (kinds d, f, c; zero otherwise)
//	64      16    hash of the declaration that computed the value
//	80      16    hash of the program that computed it
//	96      8     generation: when the value was computed (Unix ns)
//	104     20    zero
//	124     4     CRC-32C of bytes 0–123
//	128           zero up to dataOffset
//	4096          payload
//
// A header is accepted only when its own checksum holds, every size in it
// is consistent with the others and the payload length is exactly what is
// left of the file; so a corrupt header gives an error, never a huge
// allocation or an out-of-bounds read, and a corrupt payload is caught by
// its checksum.
const (
	magic         = "topicmodel/nb-value\n"
	formatVersion = 2
	headerSize    = 128
	dataOffset    = 4096

	kindDense  byte = 'd'
	kindFloats byte = 'f'
	kindCSR    byte = 'c'
	kindGob    byte = 'g'

	stateSealed byte = 's'
	stateOpen   byte = 'o'
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum returns the CRC-32C of b (hardware-accelerated on amd64 and arm64).
func checksum(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

// header is the decoded fixed part of a stored value.
type header struct {
	kind    byte
	state   byte
	pid     uint32
	crc     uint32
	length  uint64
	dims    [3]uint64 // rows, cols, nnz
	srcHash [16]byte
	prog    [16]byte
	gen     uint64
}

// errCorrupt is wrapped by every error about a damaged file.
var errCorrupt = errors.New("corrupt stored value")

// errFormat marks a file written by another format version: it reads as
// not stored, so the value is computed again.
var errFormat = errors.New("stored with another format version")

func (h *header) marshal() []byte {
	b := make([]byte, headerSize)
	copy(b, magic)
	b[20] = formatVersion
	b[21] = h.kind
	b[22] = h.state
	binary.LittleEndian.PutUint32(b[24:], h.pid)
	binary.LittleEndian.PutUint32(b[28:], h.crc)
	binary.LittleEndian.PutUint64(b[32:], h.length)
	for i, d := range h.dims {
		binary.LittleEndian.PutUint64(b[40+8*i:], d)
	}
	copy(b[64:80], h.srcHash[:])
	copy(b[80:96], h.prog[:])
	binary.LittleEndian.PutUint64(b[96:], h.gen)
	binary.LittleEndian.PutUint32(b[124:], checksum(b[:124]))
	return b
}

// parseHeader decodes and checks the first headerSize bytes of a file of
// fileSize bytes.
func parseHeader(b []byte, fileSize int64) (header, error) {
	var h header
	if len(b) < headerSize || fileSize < dataOffset {
		return h, fmt.Errorf("%w: the file is %d bytes, shorter than a header", errCorrupt, fileSize)
	}
	if !bytes.Equal(b[:len(magic)], []byte(magic)) {
		return h, fmt.Errorf("%w: not a stored notebook value", errCorrupt)
	}
	if got, want := binary.LittleEndian.Uint32(b[124:]), checksum(b[:124]); got != want {
		return h, fmt.Errorf("%w: header checksum mismatch", errCorrupt)
	}
	if b[20] != formatVersion {
		return h, errFormat
	}
	h.kind, h.state = b[21], b[22]
	h.pid = binary.LittleEndian.Uint32(b[24:])
	h.crc = binary.LittleEndian.Uint32(b[28:])
	h.length = binary.LittleEndian.Uint64(b[32:])
	for i := range h.dims {
		h.dims[i] = binary.LittleEndian.Uint64(b[40+8*i:])
	}
	copy(h.srcHash[:], b[64:80])
	copy(h.prog[:], b[80:96])
	h.gen = binary.LittleEndian.Uint64(b[96:])
	if h.state != stateSealed && h.state != stateOpen {
		return h, fmt.Errorf("%w: unknown state %q", errCorrupt, h.state)
	}
	if h.length != uint64(fileSize-dataOffset) {
		return h, fmt.Errorf("%w: the header promises %d payload bytes, the file holds %d (truncated or extended)", errCorrupt, h.length, fileSize-dataOffset)
	}
	want, ok := h.payloadLen()
	if !ok || want != h.length {
		return h, fmt.Errorf("%w: sizes %v do not match the %d payload bytes", errCorrupt, h.dims, h.length)
	}
	return h, nil
}

// payloadLen returns the payload length the kind and dims imply (any
// length for gob), and false when they overflow or the kind is unknown.
func (h *header) payloadLen() (uint64, bool) {
	r, c, nnz := h.dims[0], h.dims[1], h.dims[2]
	switch h.kind {
	case kindDense:
		hi, n := bits.Mul64(r, c)
		if hi != 0 || n > math.MaxInt64/8 || nnz != 0 || (n == 0 && r+c != 0) {
			return 0, false
		}
		return 8 * n, true
	case kindFloats:
		if c != 1 || nnz != 0 || r > math.MaxInt64/8 {
			return 0, false
		}
		return 8 * r, true
	case kindCSR:
		// indptr (rows+1 values), indices and data (nnz each), 8 bytes apiece.
		const limit = 1 << 40
		if r > limit || c > limit || nnz > limit {
			return 0, false
		}
		return 8*(r+1) + 16*nnz, true
	case kindGob:
		return h.length, h.dims == [3]uint64{}
	}
	return 0, false
}

// crc32Update continues a CRC-32C over b.
func crc32Update(c uint32, b []byte) uint32 { return crc32.Update(c, castagnoli, b) }

// hash16 returns the first 16 bytes of the SHA-256 of b.
func hash16(b []byte) [16]byte {
	s := sha256.Sum256(b)
	var h [16]byte
	copy(h[:], s[:16])
	return h
}

func (h *header) meta() meta { return meta{src: h.srcHash, prog: h.prog, gen: h.gen} }
