package model

// forwardShallow is Forward for one hidden layer of ReLU units fed by the
// two inputs: one loop over the batch per neuron. It fills the neurons'
// pre-activations and activations in ws and returns the output.
func (n *Net) forwardShallow(ws *Workspace, x, y []float64) []float64 {
	hid, out := n.layers[0], n.layers[1]
	m := len(x)
	if len(y) != m || m > ws.cap {
		panic("model: batch size mismatch")
	}
	ws.m = m
	x, y = x[:m], y[:m]
	p := n.Params
	o := ws.z[1][:m]
	bo := p[out.b]
	for i := range o {
		o[i] = bo
	}
	for j := range hid.out {
		a0, a1, b, v := p[hid.w+2*j], p[hid.w+2*j+1], p[hid.b+j], p[out.w+j]
		z, h := row(ws.z[0], j, m), row(ws.h[0], j, m)
		for i := range z {
			zi := b + a0*x[i] + a1*y[i]
			hi := positive(zi)
			z[i], h[i] = zi, hi
			o[i] += v * hi
		}
	}
	return o
}

// gradientShallow is Gradient, with sample weights w or nil, for the
// network the lab is about: one hidden layer of ReLU units fed by the two
// inputs, without dropout. It takes the
// forward pass of forwardShallow and one loop over the batch per neuron
// backward, where the general path needs five per neuron. With the
// residuals eᵢ = ∂loss/∂outᵢ and the active samples A = {i : zᵢ > 0} of a
// neuron with weights (a₀, a₁), bias b and outgoing weight v, the backward
// loop sums
//
//	s = Σ_A eᵢ,  s₀ = Σ_A eᵢxᵢ,  s₁ = Σ_A eᵢyᵢ
//
// and the gradients follow: ∂/∂(b, a₀, a₁) = v·(s, s₀, s₁) and, because
// hᵢ = b + a₀xᵢ + a₁yᵢ on A, ∂/∂v = Σ eᵢhᵢ = b·s + a₀·s₀ + a₁·s₁.
func (n *Net) gradientShallow(grad []float64, ws *Workspace, x, y, t, w []float64) float64 {
	hid, out := n.layers[0], n.layers[1]
	o := n.forwardShallow(ws, x, y)
	m := len(o)
	if len(t) != m {
		panic("model: batch size mismatch")
	}
	x, y, t = x[:m], y[:m], t[:m]
	p := n.Params
	e := ws.d[1][:m]
	loss, gbo := residuals(e, o, t, w)
	grad[out.b] = gbo
	for j := range hid.out {
		h := row(ws.h[0], j, m)
		var s, s0, s1 float64
		for i, hi := range h {
			ea := keepIfNonzero(e[i], hi)
			s += ea
			s0 += ea * x[i]
			s1 += ea * y[i]
		}
		a0, a1, b, v := p[hid.w+2*j], p[hid.w+2*j+1], p[hid.b+j], p[out.w+j]
		grad[out.w+j] = b*s + a0*s0 + a1*s1
		grad[hid.b+j], grad[hid.w+2*j], grad[hid.w+2*j+1] = v*s, v*s0, v*s1
	}
	return loss
}
