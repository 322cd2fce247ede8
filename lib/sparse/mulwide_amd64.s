//go:build !purego

#include "textflag.h"

// func mulRowsWideAVX2(dst *float64, ldd int, indptr *int, indices *int, data *float64, b *float64, ldb int, slots int, rows int, rowsB int, pend int) (done int)
//
// mulRowsAVX2 for 4·slots columns (5 ≤ slots ≤ 8: 20, 24, 28 or 32) in one
// pass over each row's entries, the sums in Y0…Y7, so that a product with
// twenty columns (the randomized SVD's k = 10 plus ten oversamples) reads
// each row of A and gathers each row of B once instead of twice. Each lane
// adds its products in storage order with a separate multiply and add (no
// FMA), exactly as the scalar loop and mulRowsAVX2 do, so the bits do not
// depend on how the columns are split into passes. The checks and done are
// mulRowsAVX2's.
TEXT ·mulRowsWideAVX2(SB), NOSPLIT, $0-96
	MOVQ    dst+0(FP), DI
	MOVQ    ldd+8(FP), R11
	SHLQ    $3, R11
	MOVQ    indptr+16(FP), R12
	MOVQ    indices+24(FP), SI
	MOVQ    data+32(FP), DX
	MOVQ    b+40(FP), BX
	MOVQ    ldb+48(FP), R8
	SHLQ    $3, R8
	MOVQ    rows+64(FP), R13
	MOVQ    slots+56(FP), AX
	CMPQ    AX, $5
	JEQ     wide5
	CMPQ    AX, $6
	JEQ     wide6
	CMPQ    AX, $7
	JEQ     wide7
	JMP     wide8


wide5:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+80(FP)
	JGT  wbad
	SUBQ AX, CX
	JLT  wbad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	TESTQ CX, CX
	JZ    wstore5
wterm5:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+72(FP)
	JCC          wbad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y8
	VMULPD       (BX)(AX*1), Y8, Y9
	VADDPD       Y9, Y0, Y0
	VMULPD       32(BX)(AX*1), Y8, Y10
	VADDPD       Y10, Y1, Y1
	VMULPD       64(BX)(AX*1), Y8, Y11
	VADDPD       Y11, Y2, Y2
	VMULPD       96(BX)(AX*1), Y8, Y12
	VADDPD       Y12, Y3, Y3
	VMULPD       128(BX)(AX*1), Y8, Y9
	VADDPD       Y9, Y4, Y4
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          wterm5
wstore5:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVUPD    Y2, 64(DI)
	VMOVUPD    Y3, 96(DI)
	VMOVUPD    Y4, 128(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  wide5
	JMP  wbad

wide6:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+80(FP)
	JGT  wbad
	SUBQ AX, CX
	JLT  wbad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	TESTQ CX, CX
	JZ    wstore6
wterm6:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+72(FP)
	JCC          wbad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y8
	VMULPD       (BX)(AX*1), Y8, Y9
	VADDPD       Y9, Y0, Y0
	VMULPD       32(BX)(AX*1), Y8, Y10
	VADDPD       Y10, Y1, Y1
	VMULPD       64(BX)(AX*1), Y8, Y11
	VADDPD       Y11, Y2, Y2
	VMULPD       96(BX)(AX*1), Y8, Y12
	VADDPD       Y12, Y3, Y3
	VMULPD       128(BX)(AX*1), Y8, Y9
	VADDPD       Y9, Y4, Y4
	VMULPD       160(BX)(AX*1), Y8, Y10
	VADDPD       Y10, Y5, Y5
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          wterm6
wstore6:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVUPD    Y2, 64(DI)
	VMOVUPD    Y3, 96(DI)
	VMOVUPD    Y4, 128(DI)
	VMOVUPD    Y5, 160(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  wide6
	JMP  wbad

wide7:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+80(FP)
	JGT  wbad
	SUBQ AX, CX
	JLT  wbad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	TESTQ CX, CX
	JZ    wstore7
wterm7:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+72(FP)
	JCC          wbad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y8
	VMULPD       (BX)(AX*1), Y8, Y9
	VADDPD       Y9, Y0, Y0
	VMULPD       32(BX)(AX*1), Y8, Y10
	VADDPD       Y10, Y1, Y1
	VMULPD       64(BX)(AX*1), Y8, Y11
	VADDPD       Y11, Y2, Y2
	VMULPD       96(BX)(AX*1), Y8, Y12
	VADDPD       Y12, Y3, Y3
	VMULPD       128(BX)(AX*1), Y8, Y9
	VADDPD       Y9, Y4, Y4
	VMULPD       160(BX)(AX*1), Y8, Y10
	VADDPD       Y10, Y5, Y5
	VMULPD       192(BX)(AX*1), Y8, Y11
	VADDPD       Y11, Y6, Y6
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          wterm7
wstore7:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVUPD    Y2, 64(DI)
	VMOVUPD    Y3, 96(DI)
	VMOVUPD    Y4, 128(DI)
	VMOVUPD    Y5, 160(DI)
	VMOVUPD    Y6, 192(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  wide7
	JMP  wbad

wide8:
	MOVQ (R12), AX
	MOVQ 8(R12), CX
	CMPQ CX, pend+80(FP)
	JGT  wbad
	SUBQ AX, CX
	JLT  wbad
	LEAQ (SI)(AX*8), R9
	LEAQ (DX)(AX*8), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	TESTQ CX, CX
	JZ    wstore8
wterm8:
	MOVQ         (R9), AX
	CMPQ         AX, rowsB+72(FP)
	JCC          wbad
	IMULQ        R8, AX
	VBROADCASTSD (R10), Y8
	VMULPD       (BX)(AX*1), Y8, Y9
	VADDPD       Y9, Y0, Y0
	VMULPD       32(BX)(AX*1), Y8, Y10
	VADDPD       Y10, Y1, Y1
	VMULPD       64(BX)(AX*1), Y8, Y11
	VADDPD       Y11, Y2, Y2
	VMULPD       96(BX)(AX*1), Y8, Y12
	VADDPD       Y12, Y3, Y3
	VMULPD       128(BX)(AX*1), Y8, Y9
	VADDPD       Y9, Y4, Y4
	VMULPD       160(BX)(AX*1), Y8, Y10
	VADDPD       Y10, Y5, Y5
	VMULPD       192(BX)(AX*1), Y8, Y11
	VADDPD       Y11, Y6, Y6
	VMULPD       224(BX)(AX*1), Y8, Y12
	VADDPD       Y12, Y7, Y7
	ADDQ         $8, R9
	ADDQ         $8, R10
	DECQ         CX
	JNZ          wterm8
wstore8:
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, 32(DI)
	VMOVUPD    Y2, 64(DI)
	VMOVUPD    Y3, 96(DI)
	VMOVUPD    Y4, 128(DI)
	VMOVUPD    Y5, 160(DI)
	VMOVUPD    Y6, 192(DI)
	VMOVUPD    Y7, 224(DI)
	ADDQ R11, DI
	ADDQ $8, R12
	DECQ R13
	JNZ  wide8
	JMP  wbad

// wbad is also the normal exit, with R13 = 0 rows left.
wbad:
	VZEROUPPER
	MOVQ rows+64(FP), AX
	SUBQ R13, AX
	MOVQ AX, done+88(FP)
	RET
