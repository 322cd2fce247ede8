//go:build !purego

#include "textflag.h"

// func luRowsAVX2(x *float64, k int, rows int, u *float64, pivot float64, tail *[4]int64, slots int) (bi int, bv float64)
//
// One column step of the LU elimination (luSweep) on rows rows of a
// row-major matrix with k columns, x pointing at the first row's entry in
// the pivot column j. For each row: l = x[0]/pivot is stored in x[0]; if
// l ≠ 0 (NaN included), x[1+c] −= l·u[c] for c < n = 4·(slots−1) + (lanes
// set in tail), a separate multiply and subtract as in the scalar loop;
// then |x[1]| is compared with the best so far (greater wins; a NaN wins
// only while there is no best). Returns the best row counted from the first
// (−1 when none) and its magnitude (−1 when none). slots is 1…4, rows ≥ 1.
TEXT ·luRowsAVX2(SB), NOSPLIT, $0-72
	MOVQ    x+0(FP), DI
	MOVQ    k+8(FP), R8
	SHLQ    $3, R8
	MOVQ    rows+16(FP), CX
	MOVQ    u+24(FP), SI
	VMOVSD  pivot+32(FP), X10
	MOVQ    tail+40(FP), AX
	VMOVDQU (AX), Y15
	MOVQ    $-1, R9
	MOVQ    $0xbff0000000000000, AX
	VMOVQ   AX, X11
	MOVQ    $0x7fffffffffffffff, AX
	VMOVQ   AX, X12
	VXORPD  X13, X13, X13
	XORQ    R10, R10
	MOVQ    slots+48(FP), AX
	CMPQ    AX, $4
	JEQ     start4
	CMPQ    AX, $3
	JEQ     start3
	CMPQ    AX, $2
	JEQ     start2

start1:
	VMASKMOVPD (SI), Y15, Y0
row1:
	VMOVSD   (DI), X4
	VDIVSD   X10, X4, X4
	VMOVSD   X4, (DI)
	VUCOMISD X13, X4
	JNE      upd1
	JPS      upd1
	JMP      test1
upd1:
	VBROADCASTSD X4, Y4
	VMASKMOVPD 8(DI), Y15, Y5
	VMULPD     Y0, Y4, Y9
	VSUBPD     Y9, Y5, Y5
	VMASKMOVPD Y5, Y15, 8(DI)
test1:
	VMOVSD   8(DI), X5
	VANDPD   X12, X5, X5
	VUCOMISD X11, X5
	JA       best1
	JPS      nan1
	JMP      next1
nan1:
	TESTQ    R9, R9
	JGE      next1
best1:
	MOVQ     R10, R9
	VMOVAPD  X5, X11
next1:
	ADDQ     R8, DI
	INCQ     R10
	CMPQ     R10, CX
	JLT      row1
	JMP      done

start2:
	VMOVUPD    (SI), Y0
	VMASKMOVPD 32(SI), Y15, Y1
row2:
	VMOVSD   (DI), X4
	VDIVSD   X10, X4, X4
	VMOVSD   X4, (DI)
	VUCOMISD X13, X4
	JNE      upd2
	JPS      upd2
	JMP      test2
upd2:
	VBROADCASTSD X4, Y4
	VMOVUPD    8(DI), Y5
	VMULPD     Y0, Y4, Y9
	VSUBPD     Y9, Y5, Y5
	VMOVUPD    Y5, 8(DI)
	VMASKMOVPD 40(DI), Y15, Y6
	VMULPD     Y1, Y4, Y9
	VSUBPD     Y9, Y6, Y6
	VMASKMOVPD Y6, Y15, 40(DI)
test2:
	VMOVSD   8(DI), X5
	VANDPD   X12, X5, X5
	VUCOMISD X11, X5
	JA       best2
	JPS      nan2
	JMP      next2
nan2:
	TESTQ    R9, R9
	JGE      next2
best2:
	MOVQ     R10, R9
	VMOVAPD  X5, X11
next2:
	ADDQ     R8, DI
	INCQ     R10
	CMPQ     R10, CX
	JLT      row2
	JMP      done

start3:
	VMOVUPD    (SI), Y0
	VMOVUPD    32(SI), Y1
	VMASKMOVPD 64(SI), Y15, Y2
row3:
	VMOVSD   (DI), X4
	VDIVSD   X10, X4, X4
	VMOVSD   X4, (DI)
	VUCOMISD X13, X4
	JNE      upd3
	JPS      upd3
	JMP      test3
upd3:
	VBROADCASTSD X4, Y4
	VMOVUPD    8(DI), Y5
	VMULPD     Y0, Y4, Y9
	VSUBPD     Y9, Y5, Y5
	VMOVUPD    Y5, 8(DI)
	VMOVUPD    40(DI), Y6
	VMULPD     Y1, Y4, Y9
	VSUBPD     Y9, Y6, Y6
	VMOVUPD    Y6, 40(DI)
	VMASKMOVPD 72(DI), Y15, Y7
	VMULPD     Y2, Y4, Y9
	VSUBPD     Y9, Y7, Y7
	VMASKMOVPD Y7, Y15, 72(DI)
test3:
	VMOVSD   8(DI), X5
	VANDPD   X12, X5, X5
	VUCOMISD X11, X5
	JA       best3
	JPS      nan3
	JMP      next3
nan3:
	TESTQ    R9, R9
	JGE      next3
best3:
	MOVQ     R10, R9
	VMOVAPD  X5, X11
next3:
	ADDQ     R8, DI
	INCQ     R10
	CMPQ     R10, CX
	JLT      row3
	JMP      done

start4:
	VMOVUPD    (SI), Y0
	VMOVUPD    32(SI), Y1
	VMOVUPD    64(SI), Y2
	VMASKMOVPD 96(SI), Y15, Y3
row4:
	VMOVSD   (DI), X4
	VDIVSD   X10, X4, X4
	VMOVSD   X4, (DI)
	VUCOMISD X13, X4
	JNE      upd4
	JPS      upd4
	JMP      test4
upd4:
	VBROADCASTSD X4, Y4
	VMOVUPD    8(DI), Y5
	VMULPD     Y0, Y4, Y9
	VSUBPD     Y9, Y5, Y5
	VMOVUPD    Y5, 8(DI)
	VMOVUPD    40(DI), Y6
	VMULPD     Y1, Y4, Y9
	VSUBPD     Y9, Y6, Y6
	VMOVUPD    Y6, 40(DI)
	VMOVUPD    72(DI), Y7
	VMULPD     Y2, Y4, Y9
	VSUBPD     Y9, Y7, Y7
	VMOVUPD    Y7, 72(DI)
	VMASKMOVPD 104(DI), Y15, Y8
	VMULPD     Y3, Y4, Y9
	VSUBPD     Y9, Y8, Y8
	VMASKMOVPD Y8, Y15, 104(DI)
test4:
	VMOVSD   8(DI), X5
	VANDPD   X12, X5, X5
	VUCOMISD X11, X5
	JA       best4
	JPS      nan4
	JMP      next4
nan4:
	TESTQ    R9, R9
	JGE      next4
best4:
	MOVQ     R10, R9
	VMOVAPD  X5, X11
next4:
	ADDQ     R8, DI
	INCQ     R10
	CMPQ     R10, CX
	JLT      row4
	JMP      done

done:
	VZEROUPPER
	MOVQ  R9, bi+56(FP)
	VMOVSD X11, bv+64(FP)
	RET
