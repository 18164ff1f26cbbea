//go:build !purego

#include "textflag.h"

// func shuffleSteps(x, y, t []float64, i int, state uint64) (int, uint64, uint64, uint64)
//
// DI, R11, R12: x, y, t; SI: i; R13: the state; R8, R9, R10: SplitMix64's
// increment and multipliers; CX: the draw u; AX, BX: the products a, b
// and then the indices j, k; DX: scratch, then n = i+1.
TEXT ·shuffleSteps(SB), NOSPLIT, $0-120
	MOVQ x_base+0(FP), DI
	MOVQ y_base+24(FP), R11
	MOVQ t_base+48(FP), R12
	MOVQ i+72(FP), SI
	MOVQ state+80(FP), R13
	MOVQ $0x9e3779b97f4a7c15, R8
	MOVQ $0xbf58476d1ce4e5b9, R9
	MOVQ $0x94d049bb133111eb, R10
	CMPQ SI, $1
	JLE  done

loop:
	// u = splitMix(g): g += γ; z = g; z = (z^z>>30)·c1; z = (z^z>>27)·c2; u = z^z>>31
	ADDQ  R8, R13
	MOVQ  R13, CX
	MOVQ  CX, DX
	SHRQ  $30, DX
	XORQ  DX, CX
	IMULQ R9, CX
	MOVQ  CX, DX
	SHRQ  $27, DX
	XORQ  DX, CX
	IMULQ R10, CX
	MOVQ  CX, DX
	SHRQ  $31, DX
	XORQ  DX, CX

	// a = uint32(u)·(i+1), b = (u>>32)·i; the slow path if uint32(a) < i+1 or uint32(b) < i
	LEAQ  1(SI), DX
	MOVL  CX, AX
	IMULQ DX, AX
	MOVQ  CX, BX
	SHRQ  $32, BX
	IMULQ SI, BX
	CMPL  AX, DX
	JCS   slow
	CMPL  BX, SI
	JCS   slow
	SHRQ  $32, AX
	SHRQ  $32, BX

	// swap i and j = AX, loading all six values before storing any
	MOVSD (DI)(SI*8), X0
	MOVSD (DI)(AX*8), X1
	MOVSD (R11)(SI*8), X2
	MOVSD (R11)(AX*8), X3
	MOVSD (R12)(SI*8), X4
	MOVSD (R12)(AX*8), X5
	MOVSD X1, (DI)(SI*8)
	MOVSD X0, (DI)(AX*8)
	MOVSD X3, (R11)(SI*8)
	MOVSD X2, (R11)(AX*8)
	MOVSD X5, (R12)(SI*8)
	MOVSD X4, (R12)(AX*8)

	// swap i−1 and k = BX
	MOVSD -8(DI)(SI*8), X0
	MOVSD (DI)(BX*8), X1
	MOVSD -8(R11)(SI*8), X2
	MOVSD (R11)(BX*8), X3
	MOVSD -8(R12)(SI*8), X4
	MOVSD (R12)(BX*8), X5
	MOVSD X1, -8(DI)(SI*8)
	MOVSD X0, (DI)(BX*8)
	MOVSD X3, -8(R11)(SI*8)
	MOVSD X2, (R11)(BX*8)
	MOVSD X5, -8(R12)(SI*8)
	MOVSD X4, (R12)(BX*8)

	SUBQ $2, SI
	CMPQ SI, $1
	JGT  loop

slow:
	MOVQ SI, ret+88(FP)
	MOVQ R13, ret1+96(FP)
	MOVQ AX, ret2+104(FP)
	MOVQ BX, ret3+112(FP)
	RET

done:
	MOVQ SI, ret+88(FP)
	MOVQ R13, ret1+96(FP)
	MOVQ $0, ret2+104(FP)
	MOVQ $0, ret3+112(FP)
	RET
