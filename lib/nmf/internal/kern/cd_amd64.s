//go:build !purego

#include "textflag.h"

// func cdRowsAVX2(a *float64, x *float64, k int, gram *float64, perm *int, nperm int, pg *float64, pgStride int, groups int, buf *float64)
//
// The coordinate-descent sweep of lib/nmf on groups·4 rows, four rows per
// iteration, one row per lane. Rows i…i+3 of the row-major a and x (k
// entries a row) are copied into buf transposed (buf[4r + lane] = a[lane][r]),
// then for each visit s of coordinate t = perm[s]:
//
//	grad = −x[t] + Σ_r gram[t·k + r]·a[r]   (in order of r, no FMA)
//	pg[s·pgStride + lane] = |grad|, or 0 where a[t] = ±0 and grad > 0 (or +NaN)
//	a[t] = max(a[t] − grad/gram[t·k + t], +0) (sign bit set → +0), unless gram[t·k + t] = 0
//
// which is cdCoord's arithmetic lane by lane; then buf goes back into a.
TEXT ·cdRowsAVX2(SB), NOSPLIT, $0-80
	MOVQ a+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ k+16(FP), R8
	SHLQ $3, R8                              // row stride, bytes
	MOVQ gram+24(FP), R9
	MOVQ perm+32(FP), R10
	MOVQ pg+48(FP), R11
	MOVQ pgStride+56(FP), R12
	SHLQ $3, R12
	MOVQ groups+64(FP), CX
	MOVQ buf+72(FP), BX
	LEAQ (R8)(R8*2), R13                     // 3 rows, bytes
	VXORPD Y14, Y14, Y14                     // zeros
	MOVQ   $0x8000000000000000, AX
	MOVQ   AX, X15
	VBROADCASTSD X15, Y15                    // sign bit
	TESTQ  CX, CX
	JZ     done

group:
	// a rows → buf, transposed.
	XORQ AX, AX
	MOVQ BX, DX
tin:
	VMOVSD       (DI)(AX*1), X0
	LEAQ         (DI)(R8*1), R14
	VMOVHPD      (R14)(AX*1), X0, X0
	LEAQ         (DI)(R8*2), R14
	VMOVSD       (R14)(AX*1), X1
	LEAQ         (DI)(R13*1), R14
	VMOVHPD      (R14)(AX*1), X1, X1
	VINSERTF128  $1, X1, Y0, Y0
	VMOVUPD      Y0, (DX)
	ADDQ         $32, DX
	ADDQ         $8, AX
	CMPQ         AX, R8
	JLT          tin

	// Visits.
	XORQ R15, R15                            // s
visit:
	MOVQ   (R10)(R15*8), AX                  // t
	// grad = −x[t], one lane per row.
	LEAQ    (SI)(AX*8), R14
	VMOVSD  (R14), X1
	VMOVHPD (R14)(R8*1), X1, X1
	VMOVSD  (R14)(R8*2), X2
	VMOVHPD (R14)(R13*1), X2, X2
	VINSERTF128 $1, X2, Y1, Y1
	VXORPD  Y15, Y1, Y1
	// + Σ_r g[t·k + r]·a[r]
	MOVQ    AX, DX
	IMULQ   R8, DX
	LEAQ    (R9)(DX*1), DX                   // &g[t·k]
	MOVQ    BX, R14                          // &buf[0]
	MOVQ    k+16(FP), R13
terms:
	VBROADCASTSD (DX), Y2
	VMULPD       (R14), Y2, Y2
	VADDPD       Y2, Y1, Y1
	ADDQ         $8, DX
	ADDQ         $32, R14
	DECQ         R13
	JNZ          terms
	LEAQ         (R8)(R8*2), R13             // restore 3 rows, bytes

	// cdCoord, four lanes.
	MOVQ      AX, DX
	SHLQ      $5, DX
	LEAQ      (BX)(DX*1), DX                 // &buf[4t]
	VMOVUPD   (DX), Y4                       // a[t]
	VCMPPD    $0, Y14, Y4, Y5                // a[t] == ±0
	VPCMPGTQ  Y14, Y1, Y6                    // grad bits > 0: grad > 0 or +NaN
	VANDPD    Y5, Y6, Y5
	VANDNPD   Y1, Y15, Y7                    // |grad|
	VANDNPD   Y7, Y5, Y7                     // 0 where projected
	MOVQ      R15, R14
	IMULQ     R12, R14
	VMOVUPD   Y7, (R11)(R14*1)
	// hess = g[t·k + t]
	MOVQ      AX, R14
	IMULQ     R8, R14
	LEAQ      (R9)(R14*1), R14
	VMOVSD    (R14)(AX*8), X3
	VUCOMISD  X14, X3
	JNE       step
	JPS       step
	JMP       nextvisit
step:
	VBROADCASTSD X3, Y3
	VDIVPD    Y3, Y1, Y8                     // grad/hess
	VSUBPD    Y8, Y4, Y8                     // a[t] − grad/hess
	VPCMPGTQ  Y8, Y14, Y9                    // sign bit set
	VANDNPD   Y8, Y9, Y8                     // → +0
	VMOVUPD   Y8, (DX)

nextvisit:
	INCQ R15
	CMPQ R15, nperm+40(FP)
	JLT  visit

	// buf → a rows.
	XORQ AX, AX
	MOVQ BX, DX
tout:
	VMOVUPD      (DX), Y0
	VEXTRACTF128 $1, Y0, X1
	VMOVSD       X0, (DI)(AX*1)
	LEAQ         (DI)(R8*1), R14
	VMOVHPD      X0, (R14)(AX*1)
	LEAQ         (DI)(R8*2), R14
	VMOVSD       X1, (R14)(AX*1)
	LEAQ         (DI)(R13*1), R14
	VMOVHPD      X1, (R14)(AX*1)
	ADDQ         $32, DX
	ADDQ         $8, AX
	CMPQ         AX, R8
	JLT          tout

	LEAQ (DI)(R8*4), DI
	LEAQ (SI)(R8*4), SI
	ADDQ $32, R11
	DECQ CX
	JNZ  group

done:
	VZEROUPPER
	RET
