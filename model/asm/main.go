// Command asm generates model/kernel_amd64.s, the AVX2 kernel of the
// shallow path (one hidden layer of ReLU units fed by the two inputs),
// with avo:
//
//	cd model && go generate
//
// and, with -kernel adam, train/optim/adam_amd64.s, Adam's update four
// parameters at a time (go generate ./train/optim).
//
// The kernel follows the canonical order of model/shallow.go exactly: the
// batch runs along the four lanes of a vector for the forward pass and
// the residuals; the running sums over the batch (loss, Σe and each
// neuron's s, s₀, s₁) take the samples one at a time, in order, from a
// 4×4 transpose that puts four neurons side by side. Products are rounded
// before they are added: the kernel has no fused multiply-add.
//
// It lives in a module of its own so that the main module needs nothing
// beyond the standard library and golang.org/x/sys to build.
package main

import (
	"flag"
	"fmt"
	"log"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// lanes is the number of float64 in a YMM register.
const lanes = 4

func main() {
	kernel := flag.String("kernel", "shallow", "the kernel to generate: shallow or adam")
	flag.Parse()
	ConstraintExpr("!purego")
	switch *kernel {
	case "shallow":
		forward()
		loss()
		gradient()
		for n := 1; n <= lanes; n++ {
			gradientUnrolled(n)
		}
	case "adam":
		adam()
	default:
		log.Fatalf("asm: unknown kernel %q", *kernel)
	}
	Generate()
}

// The parameters arrive packed, 32 bytes a neuron: k[4j:4j+4] = (a₀ⱼ, a₁ⱼ,
// bⱼ, vⱼ) for the n neurons, then k[4n] = b_out (see packShallow).
const (
	offA0, offA1, offB, offV = 0, 8, 16, 24
	neuronBytes              = 32
)

// forwardBlock emits the forward pass of the four samples at byte offset
// off: the h rows (and, if storeZ, the z rows) of every neuron are stored
// (row stride stride bytes), or nothing if hp is nil, and the outputs are
// returned in a register. kp points at the packed parameters and kend at
// b_out, past the last neuron.
func forwardBlock(name string, storeZ bool, kp, kend, xp, yp, zp, hp, off, stride Register) VecVirtual {
	x, y, o := YMM(), YMM(), YMM()
	VMOVUPD(Mem{Base: xp, Index: off, Scale: 1}, x)
	VMOVUPD(Mem{Base: yp, Index: off, Scale: 1}, y)
	VBROADCASTSD(Mem{Base: kend}, o)
	zero := YMM()
	VXORPD(zero, zero, zero)
	ka, ro := GP64(), GP64()
	MOVQ(kp, ka)
	if hp != nil {
		MOVQ(off, ro)
	}
	loop := name + "_neuron"
	Label(loop)
	z, t, w := YMM(), YMM(), YMM()
	VBROADCASTSD(Mem{Base: ka, Disp: offA0}, w)
	VMULPD(x, w, t)
	VBROADCASTSD(Mem{Base: ka, Disp: offB}, z)
	VADDPD(t, z, z) // bⱼ + a₀ⱼ·x
	VBROADCASTSD(Mem{Base: ka, Disp: offA1}, w)
	VMULPD(y, w, t)
	VADDPD(t, z, z) // (bⱼ + a₀ⱼ·x) + a₁ⱼ·y
	if storeZ {
		VMOVUPD(z, Mem{Base: zp, Index: ro, Scale: 1})
	}
	h := relu(z, zero, YMM())
	if hp != nil {
		VMOVUPD(h, Mem{Base: hp, Index: ro, Scale: 1})
	}
	VBROADCASTSD(Mem{Base: ka, Disp: offV}, w)
	VMULPD(h, w, t)
	VADDPD(t, o, o) // o + vⱼ·hⱼ
	if hp != nil {
		ADDQ(stride, ro)
	}
	ADDQ(U8(neuronBytes), ka)
	CMPQ(ka, kend)
	JB(LabelRef(loop))
	return o
}

// relu returns max(z, 0) as the canonical order defines it, z where the
// bits of z read as a positive integer and +0 where its sign bit is set or
// z is +0, and leaves in pos the mask of the lanes where it is z (where
// h > 0, or h is a NaN with the sign bit clear). A compare and an and take
// fewer micro-operations than a blend on the sign bit.
func relu(z, zero, pos VecVirtual) VecVirtual {
	h := YMM()
	VPCMPGTQ(zero, z, pos) // the bits of z, as an int64, > 0
	VANDPD(z, pos, h)
	return h
}

// packed loads the packed parameters k: their address, the address of
// b_out and the number of neurons.
func packed() (kp, kend Register) {
	kp = Load(Param("k").Base(), GP64())
	kend = Load(Param("k").Len(), GP64())
	SHRQ(U8(2), kend)
	SHLQ(U8(5), kend) // 32n
	ADDQ(kp, kend)
	return kp, kend
}

// rows holds the registers every kernel starts from.
type rows struct {
	kp, kend       Register // the packed parameters and b_out
	xp, yp, zp, hp Register // samples and the z and h rows
	count, stride  Register // bytes of samples to take, and of a row
	off            Register // byte offset of the current block
}

// loadRows loads the arguments shared by the kernels.
func loadRows() rows {
	var r rows
	r.kp, r.kend = packed()
	r.xp = Load(Param("x").Base(), GP64())
	r.yp = Load(Param("y").Base(), GP64())
	r.zp = Load(Param("z").Base(), GP64())
	r.hp = Load(Param("h").Base(), GP64())
	r.count = Load(Param("x").Len(), GP64())
	SHLQ(U8(3), r.count)
	r.stride = Load(Param("stride"), GP64())
	SHLQ(U8(3), r.stride)
	r.off = GP64()
	XORQ(r.off, r.off)
	return r
}

// forwardBlock emits the forward pass of the block at r.off; the
// training kernels store h only.
func (r rows) forwardBlock(name string, storeZ bool) VecVirtual {
	return forwardBlock(name, storeZ, r.kp, r.kend, r.xp, r.yp, r.zp, r.hp, r.off, r.stride)
}

// forward emits forwardKernel.
func forward() {
	TEXT("forwardKernel", NOSPLIT, "func(k, x, y, z, h, o []float64, stride int)")
	Pragma("noescape")
	Doc("forwardKernel computes the forward pass of the shallow network with",
		"packed parameters k for the first len(x) samples, a multiple of 4, storing",
		"the neurons' pre-activations and activations in the rows of z and h",
		"(a row every stride samples) and the outputs in o.")
	r := loadRows()
	op := Load(Param("o").Base(), GP64())
	TESTQ(r.count, r.count)
	JE(LabelRef("forward_done"))
	Label("forward_block")
	o := r.forwardBlock("forward", true)
	VMOVUPD(o, Mem{Base: op, Index: r.off, Scale: 1})
	ADDQ(U8(8*lanes), r.off)
	CMPQ(r.off, r.count)
	JB(LabelRef("forward_block"))
	Label("forward_done")
	VZEROUPPER()
	RET()
}

// loss emits lossKernel: the forward pass of forwardKernel, storing
// nothing, and the squared errors added to a running sum sample by sample.
func loss() {
	TEXT("lossKernel", NOSPLIT, "func(k, x, y, t []float64, sum float64) float64")
	Pragma("noescape")
	Doc("lossKernel returns sum + Σ (o − t)², the squared errors of the shallow",
		"network with packed parameters k on the first len(x) samples, a multiple",
		"of 4, added to sum one sample at a time, in order.")
	kp, kend := packed()
	xp := Load(Param("x").Base(), GP64())
	yp := Load(Param("y").Base(), GP64())
	tp := Load(Param("t").Base(), GP64())
	count := Load(Param("x").Len(), GP64())
	SHLQ(U8(3), count)
	acc := XMM()
	Load(Param("sum"), acc)
	off := GP64()
	XORQ(off, off)
	TESTQ(count, count)
	JE(LabelRef("loss_done"))
	Label("loss_block")
	o := forwardBlock("loss", false, kp, kend, xp, yp, nil, nil, off, nil)
	r := YMM()
	VSUBPD(Mem{Base: tp, Index: off, Scale: 1}, o, r)
	VMULPD(r, r, r)
	lane, half := XMM(), XMM()
	VADDSD(r.AsX(), acc, acc) // sample 0
	VUNPCKHPD(r.AsX(), r.AsX(), lane)
	VADDSD(lane, acc, acc) // sample 1
	VEXTRACTF128(U8(1), r, half)
	VADDSD(half, acc, acc) // sample 2
	VUNPCKHPD(half, half, lane)
	VADDSD(lane, acc, acc) // sample 3
	ADDQ(U8(8*lanes), off)
	CMPQ(off, count)
	JB(LabelRef("loss_block"))
	Label("loss_done")
	VZEROUPPER()
	Store(acc, ReturnIndex(0))
	RET()
}

// gradient emits gradientKernel, for any number of neurons: their h rows
// are stored in the forward pass and read back four at a time.
func gradient() {
	const name = "gradientKernel"
	TEXT(name, NOSPLIT, "func(k, x, y, t, z, h, sums []float64, stride int, scale float64) (loss, sum float64)")
	Pragma("noescape")
	Doc(name+" runs the training pass of the shallow network with",
		"packed parameters k over the first len(x) samples, a multiple of 4: the",
		"forward pass (h rows as forwardKernel; z is not stored), the residuals",
		"e = scale·(o − t), and the running sums, returned as loss = Σ r·r and",
		"sum = Σ e and added to sums at sumIndex(j, q) for each neuron j.")
	rw := loadRows()
	off := rw.off
	tp := Load(Param("t").Base(), GP64())
	sp := Load(Param("sums").Base(), GP64())
	// scale, broadcast once; the sums ride in XMM registers.
	sc, scalar := YMM(), XMM()
	Load(Param("scale"), scalar)
	VBROADCASTSD(scalar, sc)
	acc := XMM() // (Σe, Σr·r)
	VXORPD(acc, acc, acc)
	TESTQ(rw.count, rw.count)
	JE(LabelRef(name + "_done"))

	Label(name + "_block")
	o := rw.forwardBlock(name, false)

	e := residuals(o, tp, off, sc, acc)

	// The sums, four neurons at a time.
	hr, left := GP64(), GP64()
	MOVQ(rw.hp, hr)
	ADDQ(off, hr)
	sr := GP64()
	MOVQ(sp, sr)
	Load(Param("k").Len(), left)
	SHRQ(U8(2), left) // neurons left
	Label(name + "_group")
	c := transposed(name, e, hr, left, rw.stride)
	s := loadSums(sr)
	accumulate(s, c, rw)
	storeSums(s, sr)
	ADDQ(U8(24*lanes), sr)
	SUBQ(U8(lanes), left)
	JA(LabelRef(name + "_group")) // left > 0 (unsigned: a short group ends the loop)

	ADDQ(U8(8*lanes), off)
	CMPQ(off, rw.count)
	JB(LabelRef(name + "_block"))

	Label(name + "_done")
	returnAcc(acc)
}

// returnAcc returns acc = (Σe, Σr·r) as (loss, sum) and leaves.
func returnAcc(acc VecVirtual) {
	hiAcc := XMM()
	VUNPCKHPD(acc, acc, hiAcc)
	Store(hiAcc, ReturnIndex(0))
	Store(acc, ReturnIndex(1))
	VZEROUPPER()
	RET()
}

// residuals returns e = sc·(o − t) for the block at off and adds its
// samples, in order, to acc = (Σe, Σr·r).
func residuals(o VecVirtual, tp, off Register, sc, acc VecVirtual) VecVirtual {
	r, e, rr := YMM(), YMM(), YMM()
	VSUBPD(Mem{Base: tp, Index: off, Scale: 1}, o, r)
	VMULPD(r, r, rr)
	VMULPD(r, sc, e)
	lo, hi, half := YMM(), YMM(), XMM()
	VUNPCKLPD(rr, e, lo) // (e₀, r₀², e₂, r₂²)
	VUNPCKHPD(rr, e, hi) // (e₁, r₁², e₃, r₃²)
	VADDPD(lo.AsX(), acc, acc)
	VADDPD(hi.AsX(), acc, acc)
	VEXTRACTF128(U8(1), lo, half)
	VADDPD(half, acc, acc)
	VEXTRACTF128(U8(1), hi, half)
	VADDPD(half, acc, acc)
	return e
}

// gradientUnrolled emits gradientKernelN for exactly n ≤ 4 neurons: the
// neurons unrolled, their activations and sums held in registers, nothing
// stored but the sums at the end.
func gradientUnrolled(n int) {
	name := fmt.Sprintf("gradientKernel%d", n)
	TEXT(name, NOSPLIT, "func(k, x, y, t, z, h, sums []float64, stride int, scale float64) (loss, sum float64)")
	Pragma("noescape")
	Doc(name+" is gradientKernel for exactly "+fmt.Sprint(n)+" neurons, with k the",
		"network's own parameters, not packed: (a₀ⱼ, a₁ⱼ) at 2j, bⱼ at 2n+j, vⱼ at 3n+j",
		"and b_out at 4n. It stores neither z nor h.")
	kp := Load(Param("k").Base(), GP64())
	rw := rows{off: GP64()}
	rw.xp = Load(Param("x").Base(), GP64())
	rw.yp = Load(Param("y").Base(), GP64())
	tp := Load(Param("t").Base(), GP64())
	sp := Load(Param("sums").Base(), GP64())
	count := Load(Param("x").Len(), GP64())
	SHLQ(U8(3), count)
	sc, scalar := YMM(), XMM()
	Load(Param("scale"), scalar)
	VBROADCASTSD(scalar, sc)
	acc := XMM() // (Σe, Σr·r)
	VXORPD(acc, acc, acc)
	sums := loadSums(sp)
	XORQ(rw.off, rw.off)
	TESTQ(count, count)
	JE(LabelRef(name + "_done"))

	Label(name + "_block")
	x, y, o, zero := YMM(), YMM(), YMM(), YMM()
	VMOVUPD(Mem{Base: rw.xp, Index: rw.off, Scale: 1}, x)
	VMOVUPD(Mem{Base: rw.yp, Index: rw.off, Scale: 1}, y)
	VBROADCASTSD(Mem{Base: kp, Disp: 8 * 4 * n}, o)
	VXORPD(zero, zero, zero)
	var h, pos [lanes]VecVirtual
	for j := range n {
		z, t, w := YMM(), YMM(), YMM()
		at := func(i int) Mem { return Mem{Base: kp, Disp: 8 * i} }
		VBROADCASTSD(at(2*j), w)
		VMULPD(x, w, t)
		VBROADCASTSD(at(2*n+j), z)
		VADDPD(t, z, z) // bⱼ + a₀ⱼ·x
		VBROADCASTSD(at(2*j+1), w)
		VMULPD(y, w, t)
		VADDPD(t, z, z) // (bⱼ + a₀ⱼ·x) + a₁ⱼ·y
		pos[j] = YMM()
		h[j] = relu(z, zero, pos[j])
		VBROADCASTSD(at(3*n+j), w)
		VMULPD(h[j], w, t)
		VADDPD(t, o, o) // o + vⱼ·hⱼ
	}
	e := residuals(o, tp, rw.off, sc, acc)
	var ea [lanes]VecVirtual
	for j := range lanes {
		if j >= n {
			ea[j] = zero
			continue
		}
		ea[j] = YMM()
		VANDPD(e, pos[j], ea[j]) // e where h > 0, else +0
	}
	accumulate(sums, transpose(ea), rw)
	ADDQ(U8(8*lanes), rw.off)
	CMPQ(rw.off, count)
	JB(LabelRef(name + "_block"))

	Label(name + "_done")
	storeSums(sums, sp)
	returnAcc(acc)
}

// transposed returns, for the up to four neurons whose h rows start at hr
// (left of them remain), the residuals e masked by h > 0, one register per
// sample with the neurons side by side; missing neurons give +0.
func transposed(name string, e VecVirtual, hr, left, stride Register) [lanes]VecVirtual {
	zero := YMM()
	VXORPD(zero, zero, zero)
	ea := [lanes]VecVirtual{YMM(), YMM(), YMM(), YMM()}
	for q := 1; q < lanes; q++ {
		VXORPD(ea[q], ea[q], ea[q])
	}
	loaded := name + "_loaded"
	for q := range lanes {
		if q > 0 {
			CMPQ(left, U8(q))
			JBE(LabelRef(loaded))
		}
		hq, m := YMM(), YMM()
		VMOVUPD(Mem{Base: hr}, hq)
		VPCMPEQQ(zero, hq, m)
		VANDNPD(e, m, ea[q]) // e where h > 0, else +0
		ADDQ(stride, hr)
	}
	Label(loaded)
	return transpose(ea)
}

// transpose returns the 4×4 transpose of rows r: from one register per
// neuron, lanes holding samples, to one register per sample, lanes holding
// neurons.
func transpose(r [lanes]VecVirtual) [lanes]VecVirtual {
	t := [lanes]VecVirtual{YMM(), YMM(), YMM(), YMM()}
	VUNPCKLPD(r[1], r[0], t[0]) // (n₀s₀, n₁s₀, n₀s₂, n₁s₂)
	VUNPCKHPD(r[1], r[0], t[1]) // (n₀s₁, n₁s₁, n₀s₃, n₁s₃)
	VUNPCKLPD(r[3], r[2], t[2])
	VUNPCKHPD(r[3], r[2], t[3])
	c := [lanes]VecVirtual{YMM(), YMM(), YMM(), YMM()}
	VPERM2F128(U8(0x20), t[2], t[0], c[0]) // sample 0, neurons 0–3
	VPERM2F128(U8(0x20), t[3], t[1], c[1])
	VPERM2F128(U8(0x31), t[2], t[0], c[2])
	VPERM2F128(U8(0x31), t[3], t[1], c[3])
	return c
}

// accumulate adds the four samples of c, in order, to the sums
// (s, s₀, s₁) of four neurons: s += c, s₀ += c·x, s₁ += c·y.
func accumulate(s [3]VecVirtual, c [lanes]VecVirtual, rw rows) {
	for k := range lanes {
		b, p := YMM(), YMM()
		VADDPD(c[k], s[0], s[0])
		VBROADCASTSD(Mem{Base: rw.xp, Index: rw.off, Scale: 1, Disp: 8 * k}, b)
		VMULPD(b, c[k], p)
		VADDPD(p, s[1], s[1])
		VBROADCASTSD(Mem{Base: rw.yp, Index: rw.off, Scale: 1, Disp: 8 * k}, b)
		VMULPD(b, c[k], p)
		VADDPD(p, s[2], s[2])
	}
}

// loadSums loads the sums (s, s₀, s₁) of four neurons from sr.
func loadSums(sr Register) [3]VecVirtual {
	s := [3]VecVirtual{YMM(), YMM(), YMM()}
	for q := range s {
		VMOVUPD(Mem{Base: sr, Disp: 8 * lanes * q}, s[q])
	}
	return s
}

// storeSums stores the sums of four neurons to sr.
func storeSums(s [3]VecVirtual, sr Register) {
	for q := range s {
		VMOVUPD(s[q], Mem{Base: sr, Disp: 8 * lanes * q})
	}
}
