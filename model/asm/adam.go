package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// adam emits adamKernel, Adam's update of train/optim/adam.go, four
// parameters at a time and the last len(p) mod 4 one at a time, in its
// order of operations:
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
	Doc("adamKernel applies Adam's update to the len(p) parameters p, with",
		"gradients g and moments m and v, at least as long: c1 = 1 − β₁,",
		"c2 = 1 − β₂ and alpha the step size of this update (see adam.update).")
	pp := Load(Param("p").Base(), GP64())
	gp := Load(Param("g").Base(), GP64())
	mp := Load(Param("m").Base(), GP64())
	vp := Load(Param("v").Base(), GP64())
	n := Load(Param("p").Len(), GP64())
	SHLQ(U8(3), n)
	whole := GP64() // the bytes of the whole vectors
	MOVQ(n, whole)
	ANDQ(I32(-32), whole)
	var c [4]VecVirtual
	for i, name := range []string{"c1", "c2", "alpha", "eps"} {
		c[i] = YMM()
		// Straight from memory: Load's MOVSD, a legacy SSE instruction
		// writing a register after the 256-bit broadcasts, cost about
		// 150 ns each on this project's machines.
		VBROADCASTSD(paramAddr(name), c[i])
	}
	abs, tiny := YMM(), YMM()
	VBROADCASTSD(ConstData("adam_abs", U64(0x7fffffffffffffff)), abs)
	VBROADCASTSD(ConstData("adam_tiny", U64(0x0010000000000000)), tiny) // 2⁻¹⁰²²
	k := adamConsts{c1: c[0], c2: c[1], alpha: c[2], eps: c[3], abs: abs, tiny: tiny}
	off := GP64()
	XORQ(off, off)
	at := func(base Register) Mem { return Mem{Base: base, Index: off, Scale: 1} }
	TESTQ(whole, whole)
	JE(LabelRef("adam_tail"))
	Label("adam_loop")
	adamUpdate(adamPacked, k, at(pp), at(gp), at(mp), at(vp))
	ADDQ(U8(32), off)
	CMPQ(off, whole)
	JB(LabelRef("adam_loop"))
	Label("adam_tail")
	CMPQ(off, n)
	JAE(LabelRef("adam_done"))
	adamUpdate(adamScalar, k, at(pp), at(gp), at(mp), at(vp))
	ADDQ(U8(8), off)
	JMP(LabelRef("adam_tail"))
	Label("adam_done")
	VZEROUPPER()
	RET()
}

// adamConsts holds the broadcast constants of adamKernel.
type adamConsts struct{ c1, c2, alpha, eps, abs, tiny VecVirtual }

// adamWidth is a form of the instructions adamUpdate emits: packed, on four
// parameters in the lanes of a YMM register, or scalar, on one in the
// low lane of an XMM register. Both round each operation correctly, so
// they give the same bits.
type adamWidth struct {
	reg  func() VecVirtual
	cnst func(VecVirtual) Register // the constant's register of this width
	// the instructions, in avo's operand order (sources, then destination)
	load, store, sub, mul, add, div, cmp, sqrt func(...Op)
}

var (
	adamPacked = adamWidth{
		reg: YMM, cnst: func(c VecVirtual) Register { return c },
		load: VMOVUPD, store: VMOVUPD, sub: VSUBPD, mul: VMULPD, add: VADDPD,
		div: VDIVPD, cmp: VCMPPD, sqrt: VSQRTPD,
	}
	adamScalar = adamWidth{
		reg: XMM, cnst: func(c VecVirtual) Register { return c.AsX() },
		load: VMOVSD, store: VMOVSD, sub: VSUBSD, mul: VMULSD, add: VADDSD,
		div: VDIVSD, cmp: VCMPSD,
		sqrt: func(ops ...Op) { VSQRTSD(ops[0], ops[0], ops[1]) }, // the upper lane is x's
	}
)

// adamUpdate emits Adam's update of the parameters at p, in the width w.
func adamUpdate(w adamWidth, k adamConsts, p, g, m, v Mem) {
	flush := func(x VecVirtual) {
		a, z := w.reg(), w.reg()
		VANDPD(w.cnst(k.abs), x, a)
		w.cmp(U8(0x11), w.cnst(k.tiny), a, z) // |x| < 2⁻¹⁰²², false for NaN
		VANDNPD(x, z, x)
	}
	rg, rm, rv := w.reg(), w.reg(), w.reg()
	w.load(g, rg)
	w.load(m, rm)
	w.load(v, rv)
	t := w.reg()
	w.sub(rm, rg, t)
	w.mul(w.cnst(k.c1), t, t)
	w.add(t, rm, rm) // m + (g − m)·c₁
	flush(rm)
	gg := w.reg()
	w.mul(rg, rg, gg)
	w.sub(rv, gg, gg)
	w.mul(w.cnst(k.c2), gg, gg)
	w.add(gg, rv, rv) // v + (g·g − v)·c₂
	flush(rv)
	w.store(rm, m)
	w.store(rv, v)
	num, den, rp := w.reg(), w.reg(), w.reg()
	w.mul(w.cnst(k.alpha), rm, num)
	w.sqrt(rv, den)
	w.add(w.cnst(k.eps), den, den)
	w.div(den, num, num) // (m·α)/(√v + ε)
	w.load(p, rp)
	w.sub(num, rp, rp)
	w.store(rp, p)
}
