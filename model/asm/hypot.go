package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// hypot emits hypotKernel, the targets t[i] = |x[i]+iy[i]| of train's
// Data.Sample four samples at a time, in the order of train's hypot:
//
//	a = |x|, b = |y|;  t = max(a, b)·√(1 + (min(a, b)/max(a, b))²)
//
// Each operation is correctly rounded in the vector lanes as in the
// scalar ones and there is no fused multiply-add, so the bits are those of
// the Go loop wherever max(a, b) is finite and not zero. The kernel does
// not take the other cases (both zero, ±Inf or NaN), which the formula
// gets wrong: it reports whether any of its samples was one of them, and
// the caller then computes every target in Go.
func hypot() {
	TEXT("hypotKernel", NOSPLIT, "func(t, x, y []float64) bool")
	Pragma("noescape")
	Doc("hypotKernel sets t[i] = |x[i]+iy[i]| for the first len(x) − len(x) mod 4",
		"samples, x, y and t at least as long, as train's hypot computes it, and",
		"reports whether all of them were finite and not both zero; if not, the",
		"targets it set are not hypot's (see hypots).")
	tp := Load(Param("t").Base(), GP64())
	xp := Load(Param("x").Base(), GP64())
	yp := Load(Param("y").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	SHLQ(U8(3), n)
	ANDQ(I32(-32), n) // the bytes of the whole vectors
	abs, big, one, zero, bad := YMM(), YMM(), YMM(), YMM(), YMM()
	VBROADCASTSD(ConstData("hypot_abs", U64(0x7fffffffffffffff)), abs)
	VBROADCASTSD(ConstData("hypot_big", U64(0x7fefffffffffffff)), big) // MaxFloat64's bits
	VBROADCASTSD(ConstData("hypot_one", U64(0x3ff0000000000000)), one) // 1.0
	VXORPD(zero, zero, zero)
	VXORPD(bad, bad, bad)
	off := GP64()
	XORQ(off, off)
	at := func(base Register) Mem { return Mem{Base: base, Index: off, Scale: 1} }
	TESTQ(n, n)
	JE(LabelRef("hypot_done"))
	Label("hypot_loop")
	a, b, hi, lo, m := YMM(), YMM(), YMM(), YMM(), YMM()
	VANDPD(at(xp), abs, a)
	VANDPD(at(yp), abs, b)
	// a or b above MaxFloat64 (±Inf, NaN), compared as integers: without a
	// sign their bits order them as numbers, NaN above +Inf.
	VPCMPGTQ(big, a, m)
	VPOR(m, bad, bad)
	VPCMPGTQ(big, b, m)
	VPOR(m, bad, bad)
	VMAXPD(b, a, hi)
	VMINPD(b, a, lo)
	VPCMPEQQ(zero, hi, m) // both zero
	VPOR(m, bad, bad)
	VDIVPD(hi, lo, lo)
	VMULPD(lo, lo, lo)
	VADDPD(one, lo, lo)
	VSQRTPD(lo, lo)
	VMULPD(lo, hi, lo)
	VMOVUPD(lo, at(tp))
	ADDQ(U8(32), off)
	CMPQ(off, n)
	JB(LabelRef("hypot_loop"))
	Label("hypot_done")
	ok := GP8()
	VPTEST(bad, bad)
	SETEQ(ok)
	VZEROUPPER()
	Store(ok, ReturnIndex(0))
	RET()
}
