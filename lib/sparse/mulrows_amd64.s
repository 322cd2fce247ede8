//go:build !purego

#include "textflag.h"

// func mulRowsAVX2(dst *float64, ldd int, indptr *int, indices *int, data *float64, b *float64, ldb int, tail *[4]int64, w int, rows int, rowsB int, pend int) (done int)
//
// For each of rows rows r (counted from the indptr pointer given; row r's
// entries are indices/data[indptr[r] … indptr[r+1]−1], counted from the
// pointers given) and each column c < w (1 ≤ w ≤ 16):
//
//	dst[r·ldd + c] = Σ_p data[p]·b[indices[p]·ldb + c]
//
// summed from zero in storage order with a separate multiply and add per
// term (no FMA), so every lane rounds exactly like the scalar loop. The
// columns sit in ⌈w/4⌉ vector slots; a last slot of one column uses scalar
// operations, of two a 128-bit vector, of three a vector whose loads are
// masked by tail (its first three lanes set) and whose store is split in
// two, so nothing past column w is read or written. The sixteen loops below
// differ only in those slots; rows ≥ 1.
//
// It checks what the scalar loop's slicing would: a row whose indptr entries
// decrease or pass pend, or an index outside 0 ≤ j < rowsB, stops it before
// that row is stored, and done is the number of rows finished (rows when
// all are).
TEXT ·mulRowsAVX2(SB), NOSPLIT, $0-104
	MOVQ    dst+0(FP), DI
	MOVQ    ldd+8(FP), R11
	SHLQ    $3, R11
	MOVQ    indptr+16(FP), R12
	MOVQ    indices+24(FP), SI
	MOVQ    data+32(FP), DX
	MOVQ    b+40(FP), BX
	MOVQ    ldb+48(FP), R8
	SHLQ    $3, R8
	MOVQ    tail+56(FP), AX
	VMOVDQU (AX), Y15
	MOVQ    rows+72(FP), R13
	MOVQ    w+64(FP), AX
	CMPQ    AX, $1
	JEQ     row1
	CMPQ    AX, $2
	JEQ     row2
	CMPQ    AX, $3
	JEQ     row3
	CMPQ    AX, $4
	JEQ     row4
	CMPQ    AX, $5
	JEQ     row5
	CMPQ    AX, $6
	JEQ     row6
	CMPQ    AX, $7
	JEQ     row7
	CMPQ    AX, $8
	JEQ     row8
	CMPQ    AX, $9
	JEQ     row9
	CMPQ    AX, $10
	JEQ     row10
	CMPQ    AX, $11
	JEQ     row11
	CMPQ    AX, $12
	JEQ     row12
	CMPQ    AX, $13
	JEQ     row13
	CMPQ    AX, $14
	JEQ     row14
	CMPQ    AX, $15
	JEQ     row15
	JMP     row16

row1:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	TESTQ CX, CX
	JZ    store1
term1:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULSD       (BX)(AX*1), X4, X5
	VADDSD       X5, X0, X0
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term1
store1:
	VMOVSD     X0, (DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row1
	JMP  bad

row2:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	TESTQ CX, CX
	JZ    store2
term2:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), X4, X5
	VADDPD       X5, X0, X0
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term2
store2:
	VMOVUPD    X0, (DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row2
	JMP  bad

row3:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	TESTQ CX, CX
	JZ    store3
term3:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMASKMOVPD   (BX)(AX*1), Y15, Y5
	VMULPD       Y5, Y4, Y5
	VADDPD       Y5, Y0, Y0
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term3
store3:
	VMOVUPD      X0, (DI)
	VEXTRACTF128 $1, Y0, X13
	VMOVSD       X13, 16(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row3
	JMP  bad

row4:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	TESTQ CX, CX
	JZ    store4
term4:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term4
store4:
	VMOVUPD    Y0, (DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row4
	JMP  bad

row5:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	TESTQ CX, CX
	JZ    store5
term5:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULSD       32(BX)(AX*1), X4, X6
	VADDSD       X6, X1, X1
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term5
store5:
	VMOVUPD    Y0, (DI)
	VMOVSD     X1, 32(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row5
	JMP  bad

row6:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	TESTQ CX, CX
	JZ    store6
term6:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(BX)(AX*1), X4, X6
	VADDPD       X6, X1, X1
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term6
store6:
	VMOVUPD    Y0, (DI)
	VMOVUPD    X1, 32(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row6
	JMP  bad

row7:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	TESTQ CX, CX
	JZ    store7
term7:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMASKMOVPD   32(BX)(AX*1), Y15, Y6
	VMULPD       Y6, Y4, Y6
	VADDPD       Y6, Y1, Y1
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term7
store7:
	VMOVUPD    Y0, (DI)
	VMOVUPD      X1, 32(DI)
	VEXTRACTF128 $1, Y1, X13
	VMOVSD       X13, 48(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row7
	JMP  bad

row8:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	TESTQ CX, CX
	JZ    store8
term8:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(BX)(AX*1), Y4, Y6
	VADDPD       Y6, Y1, Y1
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term8
store8:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row8
	JMP  bad

row9:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	TESTQ CX, CX
	JZ    store9
term9:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(BX)(AX*1), Y4, Y6
	VADDPD       Y6, Y1, Y1
	VMULSD       64(BX)(AX*1), X4, X7
	VADDSD       X7, X2, X2
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term9
store9:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVSD     X2, 64(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row9
	JMP  bad

row10:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	TESTQ CX, CX
	JZ    store10
term10:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(BX)(AX*1), Y4, Y6
	VADDPD       Y6, Y1, Y1
	VMULPD       64(BX)(AX*1), X4, X7
	VADDPD       X7, X2, X2
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term10
store10:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVUPD    X2, 64(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row10
	JMP  bad

row11:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	TESTQ CX, CX
	JZ    store11
term11:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(BX)(AX*1), Y4, Y6
	VADDPD       Y6, Y1, Y1
	VMASKMOVPD   64(BX)(AX*1), Y15, Y7
	VMULPD       Y7, Y4, Y7
	VADDPD       Y7, Y2, Y2
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term11
store11:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVUPD      X2, 64(DI)
	VEXTRACTF128 $1, Y2, X13
	VMOVSD       X13, 80(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row11
	JMP  bad

row12:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	TESTQ CX, CX
	JZ    store12
term12:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(BX)(AX*1), Y4, Y6
	VADDPD       Y6, Y1, Y1
	VMULPD       64(BX)(AX*1), Y4, Y7
	VADDPD       Y7, Y2, Y2
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term12
store12:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVUPD    Y2, 64(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row12
	JMP  bad

row13:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	TESTQ CX, CX
	JZ    store13
term13:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(BX)(AX*1), Y4, Y6
	VADDPD       Y6, Y1, Y1
	VMULPD       64(BX)(AX*1), Y4, Y7
	VADDPD       Y7, Y2, Y2
	VMULSD       96(BX)(AX*1), X4, X8
	VADDSD       X8, X3, X3
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term13
store13:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVUPD    Y2, 64(DI)
	VMOVSD     X3, 96(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row13
	JMP  bad

row14:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	TESTQ CX, CX
	JZ    store14
term14:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(BX)(AX*1), Y4, Y6
	VADDPD       Y6, Y1, Y1
	VMULPD       64(BX)(AX*1), Y4, Y7
	VADDPD       Y7, Y2, Y2
	VMULPD       96(BX)(AX*1), X4, X8
	VADDPD       X8, X3, X3
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term14
store14:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVUPD    Y2, 64(DI)
	VMOVUPD    X3, 96(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row14
	JMP  bad

row15:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	TESTQ CX, CX
	JZ    store15
term15:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(BX)(AX*1), Y4, Y6
	VADDPD       Y6, Y1, Y1
	VMULPD       64(BX)(AX*1), Y4, Y7
	VADDPD       Y7, Y2, Y2
	VMASKMOVPD   96(BX)(AX*1), Y15, Y8
	VMULPD       Y8, Y4, Y8
	VADDPD       Y8, Y3, Y3
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term15
store15:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVUPD    Y2, 64(DI)
	VMOVUPD      X3, 96(DI)
	VEXTRACTF128 $1, Y3, X13
	VMOVSD       X13, 112(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row15
	JMP  bad

row16:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+88(FP)
	JGT  bad
	SUBQ AX, CX
	JLT  bad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	TESTQ CX, CX
	JZ    store16
term16:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+80(FP)
	JCC          bad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y4
	VMULPD       (BX)(AX*1), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(BX)(AX*1), Y4, Y6
	VADDPD       Y6, Y1, Y1
	VMULPD       64(BX)(AX*1), Y4, Y7
	VADDPD       Y7, Y2, Y2
	VMULPD       96(BX)(AX*1), Y4, Y8
	VADDPD       Y8, Y3, Y3
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term16
store16:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVUPD    Y2, 64(DI)
	VMOVUPD    Y3, 96(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row16
	JMP  bad

// bad is also the normal exit, with R13 = 0 rows left.
bad:
	VZEROUPPER
	MOVQ rows+72(FP), AX
	SUBQ R13, AX
	MOVQ AX, done+96(FP)
	RET
