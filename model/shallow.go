package model

// The shallow path trains the networks the lab is about: one hidden layer
// of ReLU units fed by the two inputs. It follows one canonical order of
// floating-point operations, which the vector kernel (kernel_amd64.s) and
// the portable Go below both follow exactly, so that every machine computes
// the same bits. For sample i and neuron j, in order of j:
//
//	zᵢⱼ = (bⱼ + a₀ⱼ·xᵢ) + a₁ⱼ·yᵢ      hᵢⱼ = max(zᵢⱼ, 0)
//	oᵢ = (…((b_out + v₀·hᵢ₀) + v₁·hᵢ₁) + …) + v_{n−1}·hᵢ,ₙ₋₁
//	rᵢ = oᵢ − tᵢ;  eᵢ = (2/m)·rᵢ
//
// Every sum over the batch (Σ rᵢ·rᵢ, Σ eᵢ and each neuron's
// sⱼ = Σ eᵢ·[hᵢⱼ > 0], s₀ⱼ = Σ (eᵢ·[hᵢⱼ > 0])·xᵢ and s₁ⱼ = Σ (eᵢ·[hᵢⱼ > 0])·yᵢ)
// is kept in four lanes: sample i is added to lane i mod 4, in order of i,
// each lane starting from +0, and the sum is (lane₀ + lane₁) + (lane₂ + lane₃).
// These are the lanes of a vector of four, so the kernel's sums have no
// chain from one sample to the next.
//
// The squared errors of a held-out set (SquaredError) are kept in four
// lanes too.
//
// Every product is rounded before it is added (no fused multiply-add), and
// max(z, 0) is +0 for every z whose sign bit is set. The explicit float64
// conversions below keep arm64 and GOAMD64=v3 from fusing them.

//go:generate go run -C asm . -out ../kernel_amd64.s -stubs ../kernel_amd64.go -pkg model

// kernelLanes is the number of samples the vector kernel takes at a time,
// and of the lanes of every sum over the batch.
const kernelLanes = 4

// shallowCount is the number of leading samples the vector kernel takes;
// the Go loops take the rest. It is 0 where there is no kernel.
func (ws *Workspace) shallowCount(m int) int {
	if !ws.simd {
		return 0
	}
	return m &^ (kernelLanes - 1)
}

// shallowStride returns the row stride of the z and h buffers of the
// shallow path for batches of m samples: at least m, a multiple of 4 and
// an odd multiple of 8, so that the rows of a block of four samples, 64
// bytes apart modulo 4 KiB, fall in different sets of the L1 cache.
func shallowStride(m int) int { return (m+7)&^15 + 8 }

// forwardShallow is Forward for the shallow networks. It fills the
// neurons' pre-activations and activations in ws and returns the output.
func (n *Net) forwardShallow(ws *Workspace, x, y []float64) []float64 {
	m := len(x)
	if len(y) != m || m > ws.cap {
		panic("model: batch size mismatch")
	}
	ws.m, ws.st = m, shallowStride(m)
	x, y = x[:m], y[:m]
	hid := n.layers[0]
	z, h, o := ws.z[0][:hid.out*ws.st], ws.h[0][:hid.out*ws.st], ws.z[1][:m]
	k := ws.shallowCount(m)
	if k > 0 {
		forwardKernel(n.packShallow(ws), x[:k], y[:k], z, h, o, ws.st)
	}
	n.forwardRange(ws, x, y, k)
	return o
}

// SquaredError adds (out(xᵢ, yᵢ) − tᵢ)², the squared errors of n on the
// samples (x[i], y[i]) with targets t[i], to lanes[i mod 4], in order of i,
// and the squared error of the set is then (l₀+l₁)+(l₂+l₃) (see LaneTotal).
// A set taken in chunks whose lengths are multiples of 4 sums as one pass
// would. Dropout is off. It uses ws as Forward does, but for the shallow
// networks the vector kernel stores nothing, so the rows ws.Unit returns
// are not those of these samples.
func (n *Net) SquaredError(ws *Workspace, x, y, t []float64, lanes *[4]float64) {
	if len(t) != len(x) {
		panic("model: batch size mismatch")
	}
	k, out := 0, []float64(nil)
	if n.shallow() {
		if len(y) != len(x) || len(x) > ws.cap {
			panic("model: batch size mismatch")
		}
		ws.drop = false
		ws.m, ws.st = len(x), shallowStride(len(x))
		if k = ws.shallowCount(len(x)); k > 0 {
			lossKernel(n.packShallow(ws), x[:k], y[:k], t[:k], lanes[:])
		}
		if k < len(x) {
			n.forwardRange(ws, x, y, k)
		}
		out = ws.z[1][:len(x)]
	} else {
		out = n.Forward(ws, x, y)
	}
	AddSquaredErrors(lanes, k, out[k:], t[k:])
}

// AddSquaredErrors adds (out[i] − t[i])² to lanes[(first+i) mod 4], in
// order of i: the squared errors of samples first, first+1, … of a set, as
// SquaredError adds them.
func AddSquaredErrors(lanes *[4]float64, first int, out, t []float64) {
	t = t[:len(out)]
	for i, o := range out {
		r := o - t[i]
		lanes[(first+i)%kernelLanes] += float64(r * r)
	}
}

// LaneTotal returns the total of four lanes, (l₀+l₁)+(l₂+l₃), as the
// shallow path adds up its sums.
func LaneTotal(l *[4]float64) float64 { return float64(l[0]+l[1]) + float64(l[2]+l[3]) }

// packShallow lays the parameters out as the kernel reads them, in ws:
// (a₀ⱼ, a₁ⱼ, bⱼ, vⱼ) for each neuron j, then b_out.
func (n *Net) packShallow(ws *Workspace) []float64 {
	hid, out := n.layers[0], n.layers[1]
	p, k := n.Params, ws.pack[:4*hid.out+1]
	for j := range hid.out {
		k[4*j], k[4*j+1], k[4*j+2], k[4*j+3] = p[hid.w+2*j], p[hid.w+2*j+1], p[hid.b+j], p[out.w+j]
	}
	k[4*hid.out] = p[out.b]
	return k
}

// forwardRange computes the forward pass of samples [lo, len(x)), one
// neuron at a time.
func (n *Net) forwardRange(ws *Workspace, x, y []float64, lo int) {
	hid, out := n.layers[0], n.layers[1]
	m := len(x)
	p := n.Params
	o := ws.z[1][lo:m]
	bo := p[out.b]
	for i := range o {
		o[i] = bo
	}
	x, y = x[lo:m], y[lo:m]
	for j := range hid.out {
		a0, a1, b, v := p[hid.w+2*j], p[hid.w+2*j+1], p[hid.b+j], p[out.w+j]
		z, h := rowAt(ws.z[0], j, ws.st, m)[lo:], rowAt(ws.h[0], j, ws.st, m)[lo:]
		z, h = z[:len(o)], h[:len(o)]
		for i := range z {
			zi := float64(b+float64(a0*x[i])) + float64(a1*y[i])
			hi := positive(zi)
			z[i], h[i] = zi, hi
			o[i] += float64(v * hi)
		}
	}
}

// gradientShallow is Gradient, with sample weights w or nil, for the
// shallow networks, without dropout. It takes the forward pass of
// forwardShallow and one loop over the batch per neuron backward, where
// the general path needs five per neuron. With the residuals
// eᵢ = ∂loss/∂outᵢ and the active samples A = {i : zᵢ > 0} of a neuron
// with weights (a₀, a₁), bias b and outgoing weight v, the backward loop
// sums
//
//	s = Σ_A eᵢ,  s₀ = Σ_A eᵢxᵢ,  s₁ = Σ_A eᵢyᵢ
//
// and the gradients follow: ∂/∂(b, a₀, a₁) = v·(s, s₀, s₁) and, because
// hᵢ = b + a₀xᵢ + a₁yᵢ on A, ∂/∂v = (b·s + a₀·s₀) + a₁·s₁. With w, the
// vector kernel is not used and rᵢ·rᵢ, 2/m become (wᵢ·rᵢ)·rᵢ, 2·wᵢ.
func (n *Net) gradientShallow(grad []float64, ws *Workspace, x, y, t, w []float64) float64 {
	hid, out := n.layers[0], n.layers[1]
	m := len(x)
	if len(y) != m || len(t) != m || m > ws.cap {
		panic("model: batch size mismatch")
	}
	ws.m, ws.st = m, shallowStride(m)
	x, y, t = x[:m], y[:m], t[:m]
	sums, tot := ws.sums[:sumAt(hid.out, 0)], ws.tot[:2+3*hid.out]
	k := 0
	if w == nil {
		k = ws.shallowCount(m)
	}
	switch {
	case k == 0:
		clear(sums)
	case unrolledKernel(hid.out, n.Params, x[:k], y[:k], t[:k], sums, ws.tot, grad, 2/float64(m)): // reads Params as they are
		if k == m {
			return ws.tot[0] / float64(m) // the kernel wrote the gradient too
		}
	default:
		clear(sums)
		gradientKernel(n.packShallow(ws), x[:k], y[:k], t[:k], ws.h[0][:hid.out*ws.st], sums, ws.tot, grad, ws.st, 2/float64(m))
		if k == m {
			return ws.tot[0] / float64(m) // the kernel wrote the gradient too
		}
	}
	if k < m {
		n.forwardRange(ws, x, y, k)
		residualsRange(lanesAt(sums, sumLoss), lanesAt(sums, sumE), kernelLanes-1, ws.d[1][:m], ws.z[1][:m], t, w, k)
		n.backwardRange(ws, x, y, k, sums)
	}
	for i := range tot {
		tot[i] = LaneTotal(lanesAt(sums, kernelLanes*i))
	}
	p := n.Params
	loss := tot[0]
	if w == nil {
		loss /= float64(m)
	}
	grad[out.b] = tot[1]
	for j := range hid.out {
		s, s0, s1 := tot[2+3*j], tot[3+3*j], tot[4+3*j]
		a0, a1, b, v := p[hid.w+2*j], p[hid.w+2*j+1], p[hid.b+j], p[out.w+j]
		grad[out.w+j] = float64(float64(b*s)+float64(a0*s0)) + float64(a1*s1)
		grad[hid.b+j], grad[hid.w+2*j], grad[hid.w+2*j+1] = v*s, v*s0, v*s1
	}
	return loss
}

// residualsRange sets e[i] = ∂loss/∂o[i] for the samples [lo, len(o)) and
// adds rᵢ·rᵢ (or (wᵢ·rᵢ)·rᵢ) and eᵢ to lane i&mask of loss and sum: in
// lanes as the shallow path keeps its sums with mask = kernelLanes−1, and
// one sample after another in lane 0 with mask = 0. Without weights,
// eᵢ = (2/m)·rᵢ.
func residualsRange(loss, sum *[kernelLanes]float64, mask int, e, o, t, w []float64, lo int) {
	m := len(o)
	e, t = e[:m], t[:m]
	if w == nil {
		scale := 2 / float64(m)
		for i := lo; i < m; i++ {
			r := o[i] - t[i]
			loss[i&mask] += float64(r * r)
			ei := float64(scale * r)
			e[i] = ei
			sum[i&mask] += ei
		}
		return
	}
	w = w[:m]
	for i := lo; i < m; i++ {
		r := o[i] - t[i]
		loss[i&mask] += float64(float64(w[i]*r) * r)
		ei := float64(float64(2*w[i]) * r)
		e[i] = ei
		sum[i&mask] += ei
	}
}

// Where ws.sums holds the lanes of each running sum (see sumAt).
const (
	sumLoss = 0           // Σ rᵢ·rᵢ
	sumE    = kernelLanes // Σ eᵢ
)

// sumAt returns where ws.sums holds the lanes of sum q of neuron j (q = 0,
// 1, 2 for s, s₀, s₁): after the loss and Σe, three sums a neuron, as the
// kernel lays them out; sumAt(n, 0) is the length of the sums of n neurons.
// ws.tot holds their totals in the same order, one value a sum.
func sumAt(j, q int) int { return kernelLanes * (2 + 3*j + q) }

// lanesAt returns the lanes of the sum that starts at sums[i].
func lanesAt(sums []float64, i int) *[kernelLanes]float64 {
	return (*[kernelLanes]float64)(sums[i : i+kernelLanes])
}

// backwardRange adds the samples [lo, len(x)) to the lanes of the
// per-neuron sums (s, s₀, s₁) in sums; lo is a multiple of kernelLanes.
func (n *Net) backwardRange(ws *Workspace, x, y []float64, lo int, sums []float64) {
	m := len(x)
	e := ws.d[1][:m]
	x, y = x[:m], y[:m]
	for j := range n.layers[0].out {
		h := rowAt(ws.h[0], j, ws.st, m)
		s, s0, s1 := lanesAt(sums, sumAt(j, 0)), lanesAt(sums, sumAt(j, 1)), lanesAt(sums, sumAt(j, 2))
		i := lo
		// Four samples at a time, a lane each, with the lanes in locals.
		a, a0, a1 := *s, *s0, *s1
		for ; i+kernelLanes <= m; i += kernelLanes {
			e, h, x, y := e[i:i+4], h[i:i+4], x[i:i+4], y[i:i+4]
			g0, g1, g2, g3 := keepIfNonzero(e[0], h[0]), keepIfNonzero(e[1], h[1]), keepIfNonzero(e[2], h[2]), keepIfNonzero(e[3], h[3])
			a[0], a[1], a[2], a[3] = a[0]+g0, a[1]+g1, a[2]+g2, a[3]+g3
			a0[0], a0[1], a0[2], a0[3] = a0[0]+float64(g0*x[0]), a0[1]+float64(g1*x[1]), a0[2]+float64(g2*x[2]), a0[3]+float64(g3*x[3])
			a1[0], a1[1], a1[2], a1[3] = a1[0]+float64(g0*y[0]), a1[1]+float64(g1*y[1]), a1[2]+float64(g2*y[2]), a1[3]+float64(g3*y[3])
		}
		for l := 0; i < m; i, l = i+1, l+1 {
			g := keepIfNonzero(e[i], h[i])
			a[l] += g
			a0[l] += float64(g * x[i])
			a1[l] += float64(g * y[i])
		}
		*s, *s0, *s1 = a, a0, a1
	}
}
