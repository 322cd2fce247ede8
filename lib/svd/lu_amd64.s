//go:build !purego

#include "textflag.h"

// func luColAVX2(col *float64, stride int, groups int, u *float64, n int, pivot float64, best *[8]float64)
//
// One column step of the LU elimination on a column-major block: col points
// at the first of groups·4 rows in the pivot column j, and column j+c
// starts stride bytes·c further on. For each row: l = col[i]/pivot is stored
// in col[i]; where l ≠ 0 (NaN included) column j+1+c gets x −= l·u[c] for
// c < n, a separate multiply and subtract, as in the scalar loop; where
// l = 0 the row is left as it is. For n ≥ 1 the updated |x| of column j+1
// is compared, per lane (rows i ≡ lane mod 4), with the best so far (greater
// wins; a NaN never does), and best[0:4] / best[4:8] receive the lanes' best
// magnitudes (−1 when none) and their row offsets (as float64).
TEXT ·luColAVX2(SB), NOSPLIT, $0-56
	MOVQ         col+0(FP), DI
	MOVQ         stride+8(FP), R8
	MOVQ         groups+16(FP), CX
	MOVQ         u+24(FP), SI
	MOVQ         n+32(FP), R9
	VBROADCASTSD pivot+40(FP), Y15
	VXORPD       Y14, Y14, Y14               // zeros
	MOVQ         $0x7fffffffffffffff, AX
	MOVQ         AX, X13
	VBROADCASTSD X13, Y13                    // |x| mask
	MOVQ         $0xbff0000000000000, AX     // −1
	MOVQ         AX, X6
	VBROADCASTSD X6, Y6                      // lanes' best magnitudes
	VMOVAPD      Y6, Y8                      // lanes' best rows (−1)
	MOVQ         $0x4010000000000000, AX     // 4
	MOVQ         AX, X10
	VBROADCASTSD X10, Y10
	MOVQ         $0x3ff0000000000000, AX     // 1
	MOVQ         AX, X11
	VBROADCASTSD X11, Y11
	VXORPD       Y9, Y9, Y9                  // rows {0, 1, 2, 3}
	VBLENDPD     $0x2, Y11, Y9, Y9           // {0, 1, 0, 0}
	VADDPD       Y11, Y11, Y12               // 2
	VBLENDPD     $0x4, Y12, Y9, Y9           // {0, 1, 2, 0}
	VADDPD       Y11, Y12, Y12               // 3
	VBLENDPD     $0x8, Y12, Y9, Y9           // {0, 1, 2, 3}
	TESTQ        CX, CX
	JZ           out

group:
	VMOVUPD (DI), Y0
	VDIVPD  Y15, Y0, Y0                      // l
	VMOVUPD Y0, (DI)
	VCMPPD  $4, Y14, Y0, Y1                  // l ≠ 0 or NaN (NEQ_UQ)
	TESTQ   R9, R9
	JZ      next
	MOVQ    DI, BX
	MOVQ    SI, DX
	MOVQ    R9, R10

	// Column j+1: updated and kept for the pivot search.
	ADDQ         R8, BX
	VMOVUPD      (BX), Y2
	VBROADCASTSD (DX), Y3
	VMULPD       Y3, Y0, Y3
	VSUBPD       Y3, Y2, Y3
	VBLENDVPD    Y1, Y3, Y2, Y4
	VMOVUPD      Y4, (BX)
	ADDQ         $8, DX
	DECQ         R10
	JZ           search

cols:
	ADDQ         R8, BX
	VMOVUPD      (BX), Y2
	VBROADCASTSD (DX), Y3
	VMULPD       Y3, Y0, Y3
	VSUBPD       Y3, Y2, Y3
	VBLENDVPD    Y1, Y3, Y2, Y2
	VMOVUPD      Y2, (BX)
	ADDQ         $8, DX
	DECQ         R10
	JNZ          cols

search:
	VANDPD    Y13, Y4, Y4                    // |x|
	VCMPPD    $0x1e, Y6, Y4, Y5              // |x| > best (GT_OQ: false for NaN)
	VBLENDVPD Y5, Y4, Y6, Y6
	VBLENDVPD Y5, Y9, Y8, Y8

next:
	VADDPD Y10, Y9, Y9
	ADDQ   $32, DI
	DECQ   CX
	JNZ    group

out:
	MOVQ    best+48(FP), AX
	VMOVUPD Y6, (AX)
	VMOVUPD Y8, 32(AX)
	VZEROUPPER
	RET

// TRANSPOSE4 transposes the 4×4 block held as rows in r0…r3 into columns
// c0…c3 (t0…t3 are scratch).
#define TRANSPOSE4(r0, r1, r2, r3, t0, t1, t2, t3, c0, c1, c2, c3) \
	VUNPCKLPD  r1, r0, t0 \
	VUNPCKHPD  r1, r0, t1 \
	VUNPCKLPD  r3, r2, t2 \
	VUNPCKHPD  r3, r2, t3 \
	VPERM2F128 $0x20, t2, t0, c0 \
	VPERM2F128 $0x20, t3, t1, c1 \
	VPERM2F128 $0x31, t2, t0, c2 \
	VPERM2F128 $0x31, t3, t1, c3

// func toColsAVX2(x *float64, ldx int, xc *float64, m int, groups int, blocks int, tail int, mask *[4]int64)
//
// Copies groups·4 rows of the row-major matrix x (row stride ldx entries)
// into the column-major xc (column stride m entries): row i, column c goes
// to xc[c·m + i]. The columns go in blocks of four (blocks of them), then
// tail (0…3) more, read with mask (its first tail lanes set).
TEXT ·toColsAVX2(SB), NOSPLIT, $0-64
	MOVQ    x+0(FP), SI
	MOVQ    ldx+8(FP), R8
	SHLQ    $3, R8                           // row stride, bytes
	MOVQ    xc+16(FP), DI
	MOVQ    m+24(FP), R9
	SHLQ    $3, R9                           // column stride, bytes
	MOVQ    groups+32(FP), CX
	MOVQ    blocks+40(FP), R10
	MOVQ    tail+48(FP), R11
	MOVQ    mask+56(FP), AX
	VMOVDQU (AX), Y15
	LEAQ    (R8)(R8*2), R12                  // 3 rows, bytes
	TESTQ   CX, CX
	JZ      tcdone

tcgroup:
	MOVQ SI, BX                              // row i, column block start
	MOVQ DI, DX                              // column block start, row i
	MOVQ R10, R13
	TESTQ R13, R13
	JZ   tctail

tcblock:
	VMOVUPD (BX), Y0
	VMOVUPD (BX)(R8*1), Y1
	VMOVUPD (BX)(R8*2), Y2
	VMOVUPD (BX)(R12*1), Y3
	TRANSPOSE4(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11)
	VMOVUPD Y8, (DX)
	ADDQ    R9, DX
	VMOVUPD Y9, (DX)
	ADDQ    R9, DX
	VMOVUPD Y10, (DX)
	ADDQ    R9, DX
	VMOVUPD Y11, (DX)
	ADDQ    R9, DX
	ADDQ    $32, BX
	DECQ    R13
	JNZ     tcblock

tctail:
	TESTQ      R11, R11
	JZ         tcnext
	VMASKMOVPD (BX), Y15, Y0
	VMASKMOVPD (BX)(R8*1), Y15, Y1
	VMASKMOVPD (BX)(R8*2), Y15, Y2
	VMASKMOVPD (BX)(R12*1), Y15, Y3
	TRANSPOSE4(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11)
	VMOVUPD    Y8, (DX)
	CMPQ       R11, $1
	JEQ        tcnext
	ADDQ       R9, DX
	VMOVUPD    Y9, (DX)
	CMPQ       R11, $2
	JEQ        tcnext
	ADDQ       R9, DX
	VMOVUPD    Y10, (DX)

tcnext:
	LEAQ (SI)(R8*4), SI
	ADDQ $32, DI
	DECQ CX
	JNZ  tcgroup

tcdone:
	VZEROUPPER
	RET

// func fromColsAVX2(xc *float64, m int, out *float64, r int, perm *int, groups int, blocks int, tail int)
//
// The reverse of toColsAVX2 with a row permutation: for groups·4 rows i
// (from the xc and perm pointers given) and columns c < r, out[perm[i]·r + c]
// = xc[c·m + i]. Columns go in blocks of four, then tail (0…3) more.
TEXT ·fromColsAVX2(SB), NOSPLIT, $0-64
	MOVQ    xc+0(FP), SI
	MOVQ    m+8(FP), R9
	SHLQ    $3, R9
	MOVQ    out+16(FP), DI
	MOVQ    r+24(FP), R8
	SHLQ    $3, R8                           // out row stride, bytes
	MOVQ    perm+32(FP), R14
	MOVQ    groups+40(FP), CX
	MOVQ    blocks+48(FP), R10
	MOVQ    tail+56(FP), R11
	TESTQ   CX, CX
	JZ      fcdone

fcgroup:
	// Destination rows of rows i…i+3.
	MOVQ  (R14), AX
	IMULQ R8, AX
	LEAQ  (DI)(AX*1), R12
	MOVQ  8(R14), AX
	IMULQ R8, AX
	LEAQ  (DI)(AX*1), R13
	MOVQ  16(R14), AX
	IMULQ R8, AX
	LEAQ  (DI)(AX*1), BX
	MOVQ  24(R14), AX
	IMULQ R8, AX
	LEAQ  (DI)(AX*1), DX
	MOVQ  SI, AX                             // column block start, row i
	MOVQ  R10, R15
	TESTQ R15, R15
	JZ    fctail

fcblock:
	VMOVUPD (AX), Y0
	ADDQ    R9, AX
	VMOVUPD (AX), Y1
	ADDQ    R9, AX
	VMOVUPD (AX), Y2
	ADDQ    R9, AX
	VMOVUPD (AX), Y3
	ADDQ    R9, AX
	TRANSPOSE4(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11)
	VMOVUPD Y8, (R12)
	VMOVUPD Y9, (R13)
	VMOVUPD Y10, (BX)
	VMOVUPD Y11, (DX)
	ADDQ    $32, R12
	ADDQ    $32, R13
	ADDQ    $32, BX
	ADDQ    $32, DX
	DECQ    R15
	JNZ     fcblock

fctail:
	TESTQ   R11, R11
	JZ      fcnext
	VXORPD  Y1, Y1, Y1
	VXORPD  Y2, Y2, Y2
	VMOVUPD (AX), Y0
	CMPQ    R11, $1
	JEQ     fcmove
	ADDQ    R9, AX
	VMOVUPD (AX), Y1
	CMPQ    R11, $2
	JEQ     fcmove
	ADDQ    R9, AX
	VMOVUPD (AX), Y2

fcmove:
	VXORPD     Y3, Y3, Y3
	TRANSPOSE4(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11)
	// Plain 64- and 128-bit stores: a masked store per row is slow.
	CMPQ       R11, $2
	JEQ        fcstore2
	JGT        fcstore3
	VMOVSD     X8, (R12)
	VMOVSD     X9, (R13)
	VMOVSD     X10, (BX)
	VMOVSD     X11, (DX)
	JMP        fcnext

fcstore2:
	VMOVUPD    X8, (R12)
	VMOVUPD    X9, (R13)
	VMOVUPD    X10, (BX)
	VMOVUPD    X11, (DX)
	JMP        fcnext

fcstore3:
	VMOVUPD      X8, (R12)
	VMOVUPD      X9, (R13)
	VMOVUPD      X10, (BX)
	VMOVUPD      X11, (DX)
	VEXTRACTF128 $1, Y8, X8
	VEXTRACTF128 $1, Y9, X9
	VEXTRACTF128 $1, Y10, X10
	VEXTRACTF128 $1, Y11, X11
	VMOVSD       X8, 16(R12)
	VMOVSD       X9, 16(R13)
	VMOVSD       X10, 16(BX)
	VMOVSD       X11, 16(DX)

fcnext:
	ADDQ $32, SI
	ADDQ $32, R14
	DECQ CX
	JNZ  fcgroup

fcdone:
	VZEROUPPER
	RET
