// Command asm generates model/kernel_amd64.s, the AVX2 kernel of the
// shallow path (one hidden layer of ReLU units fed by the two inputs),
// with avo:
//
//	cd model && go generate
//
// and, with -kernel adam, train/optim/adam_amd64.s, Adam's update four
// parameters at a time (go generate ./train/optim), with -kernel stats,
// train/stats_amd64.s, what a probe measures of each hidden unit, and with
// -kernel hypot, train/hypot_amd64.s, the targets |x+iy| of the drawn
// samples four at a time (go generate ./train).
//
// The kernel follows the canonical order of model/shallow.go exactly: the
// batch runs along the four lanes of a vector, and so do the running sums
// over the batch (loss, Σe and each neuron's s, s₀, s₁), which the
// canonical order keeps in four lanes, sample i in lane i mod 4. Products
// are rounded before they are added: the kernel has no fused multiply-add.
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

// maxUnrolled is the widest network gradientKernelN is emitted for: up to
// it every neuron's mask fits in a register beside the rest of a block.
const maxUnrolled = 8

func main() {
	kernel := flag.String("kernel", "shallow", "the kernel to generate: shallow, adam, stats or hypot")
	flag.Parse()
	ConstraintExpr("!purego")
	switch *kernel {
	case "shallow":
		forward()
		loss()
		gradient()
		for n := 1; n <= maxUnrolled; n++ {
			gradientUnrolled(n)
		}
	case "adam":
		adam()
	case "stats":
		stats()
	case "hypot":
		hypot()
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
	xp, yp, zp, hp Register // samples and the z (forwardKernel's only) and h rows
	count, stride  Register // bytes of samples to take, and of a row
	off            Register // byte offset of the current block
}

// loadRows loads the arguments shared by the kernels.
func loadRows() rows {
	var r rows
	r.kp, r.kend = packed()
	r.xp = Load(Param("x").Base(), GP64())
	r.yp = Load(Param("y").Base(), GP64())
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
	r.zp = Load(Param("z").Base(), GP64())
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
// nothing, and the squared errors added to four lanes.
func loss() {
	TEXT("lossKernel", NOSPLIT, "func(k, x, y, t, lanes []float64)")
	Pragma("noescape")
	Doc("lossKernel adds (o − t)², the squared errors of the shallow network with",
		"packed parameters k on the first len(x) samples, a multiple of 4, to the",
		"four lanes, sample i to lane i mod 4.")
	kp, kend := packed()
	xp := Load(Param("x").Base(), GP64())
	yp := Load(Param("y").Base(), GP64())
	tp := Load(Param("t").Base(), GP64())
	lp := Load(Param("lanes").Base(), GP64())
	count := Load(Param("x").Len(), GP64())
	SHLQ(U8(3), count)
	acc := loadSum(lp, 0)
	off := GP64()
	XORQ(off, off)
	TESTQ(count, count)
	JE(LabelRef("loss_done"))
	Label("loss_block")
	o := forwardBlock("loss", false, kp, kend, xp, yp, nil, nil, off, nil)
	r := YMM()
	VSUBPD(Mem{Base: tp, Index: off, Scale: 1}, o, r)
	VMULPD(r, r, r)
	VADDPD(r, acc, acc)
	ADDQ(U8(8*lanes), off)
	CMPQ(off, count)
	JB(LabelRef("loss_block"))
	Label("loss_done")
	storeSum(acc, lp, 0)
	VZEROUPPER()
	RET()
}

// The running sums over the batch lie in the sums argument as the canonical
// order keeps them, in four lanes, sample i adding to lane i mod 4: a YMM
// register's worth a sum. The kernels add to the sums they find there.
const (
	offLoss   = 0  // Σ r·r
	offSum    = 32 // Σ e
	offUnit   = 64 // (s, s₀, s₁) of neuron j at offUnit + unitBytes·j
	sumBytes  = 8 * lanes
	unitBytes = 3 * sumBytes
)

// gradient emits gradientKernel, for any number of neurons: their h rows
// are stored in the forward pass and read back a neuron at a time.
func gradient() {
	const name = "gradientKernel"
	TEXT(name, NOSPLIT, "func(k, x, y, t, h, sums, totals, grad []float64, stride int, scale float64)")
	Pragma("noescape")
	Doc(name+" runs the training pass of the shallow network with",
		"packed parameters k over the first len(x) samples, a multiple of 4: the",
		"forward pass (h rows as forwardKernel), the residuals e = scale·(o − t),",
		"and the running sums Σ r·r, Σ e and each neuron's (s, s₀, s₁), added",
		"lane by lane to those in sums (see sumAt); then, as gradientKernelN, the",
		"total of the loss in totals[0] and the gradient in grad, laid out as the",
		"network's parameters.")
	rw := loadRows()
	off := rw.off
	tp := Load(Param("t").Base(), GP64())
	sp := Load(Param("sums").Base(), GP64())
	units := Load(Param("k").Len(), GP64())
	SHRQ(U8(2), units) // 4n+1 parameters: n neurons
	sc := broadcastScale()
	loss, sum := loadSum(sp, offLoss), loadSum(sp, offSum)
	TESTQ(rw.count, rw.count)
	JE(LabelRef(name + "_done"))

	Label(name + "_block")
	o := rw.forwardBlock(name, false)
	e := residuals(o, tp, off, sc, loss, sum)
	x, y, zero := YMM(), YMM(), YMM()
	VMOVUPD(Mem{Base: rw.xp, Index: off, Scale: 1}, x)
	VMOVUPD(Mem{Base: rw.yp, Index: off, Scale: 1}, y)
	VXORPD(zero, zero, zero)
	hr, sr, left := GP64(), GP64(), GP64()
	MOVQ(rw.hp, hr)
	ADDQ(off, hr)
	MOVQ(sp, sr)
	MOVQ(units, left)
	Label(name + "_unit")
	h, pos := YMM(), YMM()
	VMOVUPD(Mem{Base: hr}, h)
	VPCMPGTQ(zero, h, pos) // h > 0, as relu's mask
	unitSums(e, pos, x, y, memorySums(sr, offUnit))
	ADDQ(rw.stride, hr)
	ADDQ(U8(unitBytes), sr)
	DECQ(left)
	JNZ(LabelRef(name + "_unit"))

	ADDQ(U8(8*lanes), off)
	CMPQ(off, rw.count)
	JB(LabelRef(name + "_block"))

	Label(name + "_done")
	storeSum(loss, sp, offLoss)
	storeSum(sum, sp, offSum)
	tot, gp := Load(Param("totals").Base(), GP64()), Load(Param("grad").Base(), GP64())
	VMOVSD(laneTotal(loss), Mem{Base: tot})
	// grad: (a₀ⱼ, a₁ⱼ) at 2j, bⱼ at 2n+j, vⱼ at 3n+j, b_out at 4n.
	ga, gb, gv := GP64(), GP64(), GP64()
	MOVQ(gp, ga)
	MOVQ(units, gb)
	SHLQ(U8(4), gb) // 16n
	ADDQ(gp, gb)
	MOVQ(units, gv)
	SHLQ(U8(3), gv)
	ADDQ(gb, gv) // 24n
	VMOVSD(laneTotal(sum), Mem{Base: gv, Index: units, Scale: 8})
	kr, sr := GP64(), GP64()
	MOVQ(rw.kp, kr)
	MOVQ(sp, sr)
	Label(name + "_grad")
	var q [3]VecVirtual
	for i := range q {
		q[i] = laneTotal(loadSum(sr, offUnit+sumBytes*i))
	}
	neuronGradient(q, func(d int) Mem { return Mem{Base: kr, Disp: d} }, offA0, offA1, offB, offV,
		Mem{Base: ga}, Mem{Base: ga, Disp: 8}, Mem{Base: gb}, Mem{Base: gv})
	ADDQ(U8(neuronBytes), kr)
	ADDQ(U8(unitBytes), sr)
	ADDQ(U8(16), ga)
	ADDQ(U8(8), gb)
	ADDQ(U8(8), gv)
	CMPQ(kr, rw.kend)
	JB(LabelRef(name + "_grad"))
	VZEROUPPER()
	RET()
}

// laneTotal returns in the low lane of an XMM register the total of the
// lanes of v, (lane₀ + lane₁) + (lane₂ + lane₃).
func laneTotal(v VecVirtual) VecVirtual {
	hi, t, u := XMM(), XMM(), XMM()
	VEXTRACTF128(U8(1), v, hi)
	VHADDPD(hi, v.AsX(), t) // (lane₀ + lane₁, lane₂ + lane₃)
	VUNPCKHPD(t, t, u)
	VADDSD(u, t, t)
	return t
}

// neuronGradient stores the gradient of one neuron from the totals
// (s, s₀, s₁) in q, with its parameters at param(offset), in
// gradientShallow's order: ∂/∂v = (b·s + a₀·s₀) + a₁·s₁ to gv and
// ∂/∂(a₀, a₁, b) = v·(s₀, s₁, s) to ga0, ga1 and gb.
func neuronGradient(q [3]VecVirtual, param func(int) Mem, a0At, a1At, bAt, vAt int, ga0, ga1, gb, gv Mem) {
	s, s0, s1 := q[0], q[1], q[2]
	b, a0, a1, v := XMM(), XMM(), XMM(), XMM()
	VMOVSD(param(bAt), b)
	VMOVSD(param(a0At), a0)
	VMOVSD(param(a1At), a1)
	VMOVSD(param(vAt), v)
	g, p := XMM(), XMM()
	VMULSD(s, b, g)   // b·s
	VMULSD(s0, a0, p) // a₀·s₀
	VADDSD(p, g, g)   // b·s + a₀·s₀
	VMULSD(s1, a1, p) // a₁·s₁
	VADDSD(p, g, g)   // (b·s + a₀·s₀) + a₁·s₁
	VMOVSD(g, gv)
	for _, o := range []struct {
		q   VecVirtual
		dst Mem
	}{{s, gb}, {s0, ga0}, {s1, ga1}} {
		VMULSD(o.q, v, p) // v·q
		VMOVSD(p, o.dst)
	}
}

// broadcastScale returns the argument scale in every lane, read straight
// into the vector register (see adam).
func broadcastScale() VecVirtual {
	sc := YMM()
	VBROADCASTSD(paramAddr("scale"), sc)
	return sc
}

// paramAddr returns the address of the named argument, for an instruction
// to read it straight from memory.
func paramAddr(name string) Mem {
	b, err := Param(name).Resolve()
	if err != nil {
		log.Fatal(err)
	}
	return b.Addr
}

// loadSum returns the sum at byte offset off of sp in a register.
func loadSum(sp Register, off int) VecVirtual {
	s := YMM()
	VMOVUPD(Mem{Base: sp, Disp: off}, s)
	return s
}

// storeSum stores the sum s at byte offset off of sp.
func storeSum(s VecVirtual, sp Register, off int) { VMOVUPD(s, Mem{Base: sp, Disp: off}) }

// residuals returns e = sc·(o − t) for the block at off and adds r·r and e
// to the lanes of loss and sum.
func residuals(o VecVirtual, tp, off Register, sc, loss, sum VecVirtual) VecVirtual {
	r, rr, e := YMM(), YMM(), YMM()
	VSUBPD(Mem{Base: tp, Index: off, Scale: 1}, o, r) // o − t
	VMULPD(r, r, rr)
	VADDPD(rr, loss, loss) // loss + r·r
	VMULPD(r, sc, e)
	VADDPD(e, sum, sum) // sum + e
	return e
}

// sums3 is where the running sums (s, s₀, s₁) of one neuron are kept:
// in registers, or in memory at base+disp.
type sums3 struct {
	reg  [3]VecVirtual // nil in memory
	base Register
	disp int
}

// memorySums returns the sums of the neuron whose sums start at base+disp.
func memorySums(base Register, disp int) sums3 { return sums3{base: base, disp: disp} }

// store stores the sums held in registers back to memory.
func (s sums3) store() {
	for q, r := range s.reg {
		if r != nil {
			storeSum(r, s.base, s.disp+sumBytes*q)
		}
	}
}

// add adds v to sum q: sum + v, the sum the first operand as in the
// portable Go's s += v.
func (s sums3) add(q int, v VecVirtual) {
	if r := s.reg[q]; r != nil {
		VADDPD(v, r, r)
		return
	}
	m, t := Mem{Base: s.base, Disp: s.disp + sumBytes*q}, YMM()
	VMOVUPD(m, t)
	VADDPD(v, t, t)
	VMOVUPD(t, m)
}

// unitSums adds one neuron's block to its sums: with ea = e where pos,
// else +0, s += ea, s₀ += ea·x, s₁ += ea·y.
func unitSums(e, pos, x, y VecVirtual, s sums3) {
	ea, p := YMM(), YMM()
	VANDPD(e, pos, ea)
	s.add(0, ea)
	VMULPD(x, ea, p)
	s.add(1, p)
	VMULPD(y, ea, p)
	s.add(2, p)
}

// inRegisters is how many of the 3n neuron sums gradientKernelN keeps in
// registers, in order of neuron and then of sum, the rest in memory: as
// many as fit in the sixteen YMM registers AVX2 can name beside the scale,
// the loss and Σe, x, y, o (then e), every neuron's mask and the
// temporaries; one more and avo hands out Y16 (TestKernelRegisters).
func inRegisters(n int) int { return 8 - n }

// gradientUnrolled emits gradientKernelN for exactly n ≤ maxUnrolled neurons: the
// neurons unrolled, their masks held in registers, nothing stored but the
// sums, which start from +0, and their totals.
func gradientUnrolled(n int) {
	name := fmt.Sprintf("gradientKernel%d", n)
	TEXT(name, NOSPLIT, "func(k, x, y, t, sums, totals, grad []float64, scale float64)")
	Pragma("noescape")
	Doc(name+" is gradientKernel for exactly "+fmt.Sprint(n)+" neurons, with k the",
		"network's own parameters, not packed: (a₀ⱼ, a₁ⱼ) at 2j, bⱼ at 2n+j, vⱼ at 3n+j",
		"and b_out at 4n. It stores no h, sets the sums rather than add to them,",
		"stores in totals (2+3n values, rounded up to a multiple of 4) each sum's",
		"total (lane₀ + lane₁) + (lane₂ + lane₃), in the order of the sums, and the",
		"gradient of the parameters, laid out as k, in grad, as gradientShallow",
		"computes them from the totals.")
	kp := Load(Param("k").Base(), GP64())
	xp := Load(Param("x").Base(), GP64())
	yp := Load(Param("y").Base(), GP64())
	tp := Load(Param("t").Base(), GP64())
	sp := Load(Param("sums").Base(), GP64())
	count := Load(Param("x").Len(), GP64())
	SHLQ(U8(3), count)
	sc := broadcastScale()
	loss, sum := zeroed(), zeroed()
	var acc [maxUnrolled]sums3
	for j := range n {
		acc[j] = zeroSums(sp, j, inRegisters(n)-3*j)
	}
	off := GP64()
	XORQ(off, off)
	TESTQ(count, count)
	JE(LabelRef(name + "_done"))

	Label(name + "_block")
	x, y, o, zero := YMM(), YMM(), YMM(), YMM()
	VMOVUPD(Mem{Base: xp, Index: off, Scale: 1}, x)
	VMOVUPD(Mem{Base: yp, Index: off, Scale: 1}, y)
	VBROADCASTSD(Mem{Base: kp, Disp: 8 * 4 * n}, o)
	VXORPD(zero, zero, zero)
	var pos [maxUnrolled]VecVirtual
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
		h := relu(z, zero, pos[j])
		VBROADCASTSD(at(3*n+j), w)
		VMULPD(h, w, t)
		VADDPD(t, o, o) // o + vⱼ·hⱼ
	}
	e := residuals(o, tp, off, sc, loss, sum)
	for j := range n {
		unitSums(e, pos[j], x, y, acc[j])
	}
	ADDQ(U8(8*lanes), off)
	CMPQ(off, count)
	JB(LabelRef(name + "_block"))

	Label(name + "_done")
	storeSum(loss, sp, offLoss)
	storeSum(sum, sp, offSum)
	all := []Op{loss, sum}
	for j := range n {
		acc[j].store()
		all = append(all, acc[j].sources()...)
	}
	tot := Load(Param("totals").Base(), GP64())
	totals(all, tot)
	gradient1(n, kp, tot, Load(Param("grad").Base(), GP64()))
	VZEROUPPER()
	RET()
}

// gradient1 stores at gp the gradient of the n neurons with parameters at
// kp, laid out as the network's, from the totals at tp: ∂/∂b_out = Σe and
// each neuron's by neuronGradient.
func gradient1(n int, kp, tp, gp Register) {
	at := func(base Register, i int) Mem { return Mem{Base: base, Disp: 8 * i} }
	e := XMM()
	VMOVSD(at(tp, 1), e)
	VMOVSD(e, at(gp, 4*n))
	for j := range n {
		var q [3]VecVirtual
		for i := range q {
			q[i] = XMM()
			VMOVSD(at(tp, 2+3*j+i), q[i])
		}
		neuronGradient(q, func(d int) Mem { return Mem{Base: kp, Disp: d} }, 8*2*j, 8*(2*j+1), 8*(2*n+j), 8*(3*n+j),
			at(gp, 2*j), at(gp, 2*j+1), at(gp, 2*n+j), at(gp, 3*n+j))
	}
}

// zeroed returns a register of +0 lanes.
func zeroed() VecVirtual {
	r := YMM()
	VXORPD(r, r, r)
	return r
}

// zeroSums returns the sums of neuron j, the first k of them in registers
// and the others in memory at sp, all of them +0.
func zeroSums(sp Register, j, k int) sums3 {
	s := memorySums(sp, offUnit+unitBytes*j)
	z := zeroed()
	for q := range s.reg {
		if q < k {
			s.reg[q] = zeroed()
		} else {
			VMOVUPD(z, Mem{Base: s.base, Disp: s.disp + sumBytes*q})
		}
	}
	return s
}

// sources returns where the three sums are: their registers, or their
// places in memory.
func (s sums3) sources() []Op {
	r := make([]Op, len(s.reg))
	for q := range s.reg {
		if r[q] = s.reg[q]; s.reg[q] == nil {
			r[q] = Mem{Base: s.base, Disp: s.disp + sumBytes*q}
		}
	}
	return r
}

// totals stores at tp the totals (lane₀ + lane₁) + (lane₂ + lane₃) of the
// sums s, each in a register or in memory, four at a time, and +0 past
// the last. A group's sums in memory are loaded only for it, so that wide
// networks need few registers.
func totals(s []Op, tp Register) {
	for g := 0; g < len(s); g += lanes {
		var q [lanes]VecVirtual
		for i := range q {
			switch {
			case g+i >= len(s):
				q[i] = zeroed()
			default:
				if r, ok := s[g+i].(VecVirtual); ok {
					q[i] = r
				} else {
					q[i] = YMM()
					VMOVUPD(s[g+i], q[i])
				}
			}
		}
		ab, cd := YMM(), YMM()
		VHADDPD(q[1], q[0], ab) // (a₀+a₁, b₀+b₁, a₂+a₃, b₂+b₃)
		VHADDPD(q[3], q[2], cd)
		lo, hi := YMM(), YMM()
		VPERM2F128(U8(0x20), cd, ab, lo) // (a₀+a₁, b₀+b₁, c₀+c₁, d₀+d₁)
		VPERM2F128(U8(0x31), cd, ab, hi) // (a₂+a₃, b₂+b₃, c₂+c₃, d₂+d₃)
		VADDPD(hi, lo, lo)
		VMOVUPD(lo, Mem{Base: tp, Disp: 8 * g})
	}
}
