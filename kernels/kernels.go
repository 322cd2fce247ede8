// Package kernels holds the project's CUDA kernels: the CUDA C sources
// (nmf.cu, matmul.cu, compat.cuh) and the PTX built from them, which this
// package embeds so that a Go binary carries its kernels with it.
//
// The PTX targets the virtual architecture sm_70 (compute_70) and PTX ISA
// 6.0, as written by Debian's clang-14 (scripts/build_kernels.sh), so any
// NVIDIA driver from the last several years JIT-compiles it for whatever GPU
// it finds (Volta or later). Rebuild after editing a .cu file with
//
//	scripts/build_kernels.sh
//
// and commit the .ptx files; TestPTXUpToDate checks they match the sources
// when clang-14 is installed.
//
// This package has no cgo and no CUDA dependency; lib/gpu loads the PTX
// through the CUDA driver API when built with -tags cuda.
//
// Calling convention: every kernel parameter is 8 bytes wide (a device
// pointer, a long long or a double), because gorgonia.org/cu's
// Function.Launch copies exactly 8 bytes from each argument pointer.
// Entries parses the PTX so that callers can check this.
package kernels

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
)

// NMF is the PTX of nmf.cu: the fused SGD-NMF pass over a dense or CSR M,
// the Gram products, the SGD and Adam updates, and the loss/report
// reductions. Entry points specialised for the rank d end in _d1 … _d16.
//
//go:embed nmf.ptx
var NMF string

// MatMul is the PTX of matmul.cu: a 16×16 shared-memory tiled product.
//
//go:embed matmul.ptx
var MatMul string

// Arch is the virtual GPU architecture the PTX is written for.
const Arch = "sm_70"

// MaxRank is the largest rank d with specialised NMF entry points.
const MaxRank = 16

// ParamKind is the PTX type of one kernel parameter.
type ParamKind byte

const (
	// U64 is a 64-bit integer parameter: a device pointer or a long long.
	U64 ParamKind = 'u'
	// F64 is a double parameter.
	F64 ParamKind = 'f'
	// Other is any parameter that is not 8 bytes wide: a calling-convention bug.
	Other ParamKind = '?'
)

var (
	entryRE = regexp.MustCompile(`(?s)\.visible \.entry (\w+)\((.*?)\)`)
	paramRE = regexp.MustCompile(`\.param \.(\w+) \w+`)
)

// Entries returns, for every kernel entry point in a PTX text, the kinds of
// its parameters in order. It costs one scan of the text.
func Entries(ptx string) map[string][]ParamKind {
	out := make(map[string][]ParamKind)
	for _, e := range entryRE.FindAllStringSubmatch(ptx, -1) {
		var kinds []ParamKind
		for _, p := range paramRE.FindAllStringSubmatch(e[2], -1) {
			switch p[1] {
			case "u64", "b64", "s64":
				kinds = append(kinds, U64)
			case "f64":
				kinds = append(kinds, F64)
			default:
				kinds = append(kinds, Other)
			}
		}
		out[e[1]] = kinds
	}
	return out
}

// RankName returns the name of the rank-d specialisation of an NMF kernel,
// e.g. RankName("nmf_dense_pass", 6) = "nmf_dense_pass_d6". It panics if d
// is outside [1, MaxRank].
func RankName(base string, d int) string {
	if d < 1 || d > MaxRank {
		panic(fmt.Sprintf("kernels: rank %d outside [1, %d]", d, MaxRank))
	}
	return fmt.Sprintf("%s_d%d", base, d)
}

// Version returns the PTX ISA version and target of a PTX text, e.g.
// ("6.0", "sm_70").
func Version(ptx string) (isa, target string) {
	for _, line := range strings.Split(ptx, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == ".version" {
			isa = f[1]
		}
		if len(f) >= 2 && f[0] == ".target" {
			target = strings.TrimSuffix(f[1], ",")
		}
		if isa != "" && target != "" {
			break
		}
	}
	return isa, target
}
