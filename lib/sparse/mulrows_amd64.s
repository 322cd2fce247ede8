//go:build !purego

#include "textflag.h"

// func mulRowsAVX2(dst *float64, ldd int, indptr *int, indices *int, data *float64, b *float64, ldb int, tail *[4]int64, slots int, rows int, rowsB int, pend int) (done int)
//
// For each of rows rows r (counted from the indptr pointer given; row r's
// entries are indices/data[indptr[r] … indptr[r+1]−1], counted from the
// pointers given) and each column c < 4·(slots−1) + (the lanes set in tail):
//
//	dst[r·ldd + c] = Σ_p data[p]·b[indices[p]·ldb + c]
//
// summed from zero in storage order with a separate multiply and add per
// term (no FMA), so every lane rounds exactly like the scalar loop. slots is
// 1…4 and rows ≥ 1; the last slot's loads and stores are masked by tail, so
// nothing past column c is read or written.
//
// It checks what the scalar loop's slicing would: a row whose indptr entries
// decrease or pass pend, or an index outside 0 ≤ j < rowsB, stops it before
// that row is stored, and done is the number of rows finished (rows when
// all are).
TEXT ·mulRowsAVX2(SB), NOSPLIT, $0-104
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), R11
	SHLQ $3, R11
	MOVQ indptr+16(FP), R12
	MOVQ indices+24(FP), SI
	MOVQ data+32(FP), DX
	MOVQ b+40(FP), BX
	MOVQ ldb+48(FP), R8
	SHLQ $3, R8
	MOVQ tail+56(FP), AX
	VMOVDQU (AX), Y15
	MOVQ rows+72(FP), R13
	MOVQ slots+64(FP), AX
	CMPQ AX, $4
	JEQ  row4
	CMPQ AX, $3
	JEQ  row3
	CMPQ AX, $2
	JEQ  row2

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
	VMASKMOVPD   (BX)(AX*1), Y15, Y5
	VMULPD       Y5, Y4, Y5
	VADDPD       Y5, Y0, Y0
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          term1
store1:
	VMASKMOVPD Y0, Y15, (DI)
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
	VXORPD Y1, Y1, Y1
	TESTQ CX, CX
	JZ    store2
term2:
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
	JNZ          term2
store2:
	VMOVUPD    Y0, (DI)
	VMASKMOVPD Y1, Y15, 32(DI)
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
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	TESTQ CX, CX
	JZ    store3
term3:
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
	JNZ          term3
store3:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMASKMOVPD Y2, Y15, 64(DI)
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
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
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
	JNZ          term4
store4:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVUPD    Y2, 64(DI)
	VMASKMOVPD Y3, Y15, 96(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  row4
	JMP  bad

// bad is also the normal exit, with R13 = 0 rows left.
bad:
	VZEROUPPER
	MOVQ rows+72(FP), AX
	SUBQ R13, AX
	MOVQ AX, done+96(FP)
	RET
