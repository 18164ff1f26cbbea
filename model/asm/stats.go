package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// stats emits unitKernel, what train/diagnose.go measures of a hidden unit
// over the samples of a probe, four samples at a time: how many
// pre-activations z are above 0, the least and the greatest output h, and
// whether any h is NaN, which the vector minimum and maximum pass over
// (they keep their second operand when either is NaN). Minimum and maximum
// are exact, so only the sign of a zero extreme can differ from Go's min
// and max.
func stats() {
	TEXT("unitKernel", NOSPLIT, "func(z, h []float64) (active int, lo, hi float64, nan bool)")
	Pragma("noescape")
	Doc("unitKernel returns how many of z are above 0, min(h…) and max(h…) up to",
		"the sign of a zero, and whether any of h is NaN, for len(z) a multiple",
		"of 4 and h at least as long.")
	zp := Load(Param("z").Base(), GP64())
	hp := Load(Param("h").Base(), GP64())
	n := Load(Param("z").Len(), GP64())
	SHLQ(U8(3), n)
	zero, count, lo, hi, nan := YMM(), YMM(), YMM(), YMM(), YMM()
	VXORPD(zero, zero, zero)
	VXORPD(count, count, count)
	VXORPD(nan, nan, nan)
	VBROADCASTSD(ConstData("unit_inf", U64(0x7ff0000000000000)), lo)
	VBROADCASTSD(ConstData("unit_ninf", U64(0xfff0000000000000)), hi)
	off := GP64()
	XORQ(off, off)
	TESTQ(n, n)
	JE(LabelRef("unit_done"))
	Label("unit_block")
	at := func(base Register) Mem { return Mem{Base: base, Index: off, Scale: 1} }
	z, h, m, u := YMM(), YMM(), YMM(), YMM()
	VMOVUPD(at(zp), z)
	VCMPPD(U8(0x11), z, zero, m) // 0 < z: all ones, −1 as an integer
	VPSUBQ(m, count, count)
	VMOVUPD(at(hp), h)
	VMINPD(h, lo, lo)
	VMAXPD(h, hi, hi)
	VCMPPD(U8(0x03), h, h, u) // unordered: h is NaN
	VORPD(u, nan, nan)
	ADDQ(U8(8*lanes), off)
	CMPQ(off, n)
	JB(LabelRef("unit_block"))
	Label("unit_done")
	half, swap := XMM(), XMM()
	VEXTRACTI128(U8(1), count, half)
	VPADDQ(half, count.AsX(), half)
	VPSHUFD(U8(0x4e), half, swap)
	VPADDQ(swap, half, half)
	active := GP64()
	VMOVQ(half, active)
	for _, e := range []struct {
		r  VecVirtual
		op func(...Op)
	}{{lo, VMINPD}, {hi, VMAXPD}} {
		VEXTRACTF128(U8(1), e.r, half)
		e.op(half, e.r.AsX(), half)
		VPERMILPD(U8(1), half, swap)
		e.op(swap, half, half)
		VMOVAPD(half, e.r.AsX())
	}
	mask := GP32()
	VMOVMSKPD(nan, mask)
	TESTL(mask, mask)
	isNaN := GP8()
	SETNE(isNaN)
	VZEROUPPER()
	Store(active, ReturnIndex(0))
	Store(lo.AsX(), ReturnIndex(1))
	Store(hi.AsX(), ReturnIndex(2))
	Store(isNaN, ReturnIndex(3))
	RET()
}
