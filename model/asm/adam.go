package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// adam emits adamKernel, Adam's update of train/optim/adam.go for four
// parameters at a time, in its order of operations:
//
//	m ← flush(m + (g − m)·c₁);  v ← flush(v + (g·g − v)·c₂)
//	p ← p − (m·α)/(√v + ε)
//
// where flush(x) is +0 for |x| < 2⁻¹⁰²² and x otherwise. Every operation
// is correctly rounded in the vector lanes as in the scalar ones, and there
// is no fused multiply-add, so the bits are those of the Go loop.
func adam() {
	TEXT("adamKernel", NOSPLIT, "func(p, g, m, v []float64, c1, c2, alpha, eps float64)")
	Pragma("noescape")
	Doc("adamKernel applies Adam's update to the first len(p) parameters, a",
		"multiple of 4, with gradients g and moments m and v: c1 = 1 − β₁,",
		"c2 = 1 − β₂ and alpha the step size of this update (see adam.update).")
	pp := Load(Param("p").Base(), GP64())
	gp := Load(Param("g").Base(), GP64())
	mp := Load(Param("m").Base(), GP64())
	vp := Load(Param("v").Base(), GP64())
	n := Load(Param("p").Len(), GP64())
	SHLQ(U8(3), n)
	var c [4]VecVirtual
	for i, name := range []string{"c1", "c2", "alpha", "eps"} {
		c[i] = YMM()
		// Straight from memory: Load's MOVSD, a legacy SSE instruction
		// writing a register after the 256-bit broadcasts, cost about
		// 150 ns each on this project's machines.
		VBROADCASTSD(paramAddr(name), c[i])
	}
	c1, c2, alpha, eps := c[0], c[1], c[2], c[3]
	abs, tiny := YMM(), YMM()
	VBROADCASTSD(ConstData("adam_abs", U64(0x7fffffffffffffff)), abs)
	VBROADCASTSD(ConstData("adam_tiny", U64(0x0010000000000000)), tiny) // 2⁻¹⁰²²
	flush := func(x VecVirtual) {
		a, k := YMM(), YMM()
		VANDPD(abs, x, a)
		VCMPPD(U8(0x11), tiny, a, k) // |x| < 2⁻¹⁰²², false for NaN
		VANDNPD(x, k, x)
	}
	off := GP64()
	XORQ(off, off)
	TESTQ(n, n)
	JE(LabelRef("adam_done"))
	Label("adam_loop")
	at := func(base Register) Mem { return Mem{Base: base, Index: off, Scale: 1} }
	g, m, v := YMM(), YMM(), YMM()
	VMOVUPD(at(gp), g)
	VMOVUPD(at(mp), m)
	VMOVUPD(at(vp), v)
	t := YMM()
	VSUBPD(m, g, t)
	VMULPD(c1, t, t)
	VADDPD(t, m, m) // m + (g − m)·c₁
	flush(m)
	gg := YMM()
	VMULPD(g, g, gg)
	VSUBPD(v, gg, gg)
	VMULPD(c2, gg, gg)
	VADDPD(gg, v, v) // v + (g·g − v)·c₂
	flush(v)
	VMOVUPD(m, at(mp))
	VMOVUPD(v, at(vp))
	num, den, p := YMM(), YMM(), YMM()
	VMULPD(alpha, m, num)
	VSQRTPD(v, den)
	VADDPD(eps, den, den)
	VDIVPD(den, num, num) // (m·α)/(√v + ε)
	VMOVUPD(at(pp), p)
	VSUBPD(num, p, p)
	VMOVUPD(p, at(pp))
	ADDQ(U8(32), off)
	CMPQ(off, n)
	JB(LabelRef("adam_loop"))
	Label("adam_done")
	VZEROUPPER()
	RET()
}
