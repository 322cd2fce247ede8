//go:build !purego

#include "textflag.h"

// func scatterRowAVX2(out *float64, ldo int, rowsOut int, idx *int, val *float64, n int, w *float64, k int, mask *[4]int64, ahead int) (done int)
//
// For q = 0, …, n−1 and t = 0, …, k−1 (k ≥ 1):
//
//	out[idx[q]·ldo + t] += val[q]·w[t]
//
// with a separate multiply and add (no FMA), so each lane rounds exactly
// like the Go loop. The row runs in ⌊k/4⌋ full vectors and, when k is not a
// multiple of four, one vector whose loads and store are masked by mask
// (its first k mod 4 lanes set), so nothing past column k is read or
// written. An index outside 0 ≤ j < rowsOut stops it before that entry;
// done is the number of entries finished (n when all are).
//
// idx[q+8] for q+8 < ahead (ahead ≥ n: the indices that follow the row,
// such as the next rows' of a CSR matrix) is read as a hint only: the rows
// of out it names are prefetched eight entries ahead, so that the random
// rows of a large out arrive from memory while earlier entries are added.
// A prefetch never faults, so any value is safe.
TEXT ·scatterRowAVX2(SB), NOSPLIT, $0-88
	MOVQ    out+0(FP), DI
	MOVQ    ldo+8(FP), R8
	SHLQ    $3, R8
	MOVQ    rowsOut+16(FP), R15
	MOVQ    idx+24(FP), SI
	MOVQ    val+32(FP), DX
	MOVQ    n+40(FP), CX
	MOVQ    w+48(FP), BX
	MOVQ    k+56(FP), R9
	MOVQ    mask+64(FP), AX
	VMOVDQU (AX), Y15
	MOVQ    R9, R11
	SHRQ    $2, R11
	ANDQ    $3, R9
	XORQ    R10, R10
	SUBQ    $16, ahead+72(FP)

entry:
	CMPQ    R10, CX
	JGE     done
	MOVQ    (SI)(R10*8), AX
	CMPQ    AX, R15
	JAE     done
	IMULQ   R8, AX
	LEAQ    (DI)(AX*1), R12
	CMPQ    R10, ahead+72(FP)
	JGE     nopf
	MOVQ    128(SI)(R10*8), R13
	IMULQ   R8, R13
	PREFETCHT0 (DI)(R13*1)
	PREFETCHT0 64(DI)(R13*1)
	PREFETCHT0 128(DI)(R13*1)

nopf:
	VBROADCASTSD (DX)(R10*8), Y0
	MOVQ    BX, R13
	MOVQ    R11, R14
	TESTQ   R14, R14
	JZ      tail

vec:
	VMULPD  (R13), Y0, Y1
	VADDPD  (R12), Y1, Y1
	VMOVUPD Y1, (R12)
	ADDQ    $32, R13
	ADDQ    $32, R12
	DECQ    R14
	JNZ     vec

tail:
	TESTQ   R9, R9
	JZ      next
	VMASKMOVPD (R13), Y15, Y2
	VMULPD  Y2, Y0, Y1
	VMASKMOVPD (R12), Y15, Y3
	VADDPD  Y3, Y1, Y1
	VMASKMOVPD Y1, Y15, (R12)

next:
	INCQ    R10
	JMP     entry

done:
	MOVQ    R10, done+80(FP)
	VZEROUPPER
	RET
