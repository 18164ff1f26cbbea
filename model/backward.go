package model

import "math/rand/v2"

// Gradient computes the mean squared error of n on the batch of samples
// (x[i], y[i]) with targets t[i], and stores its gradient in grad:
//
//	loss = (1/m)·Σᵢ (out(xᵢ, yᵢ) − tᵢ)²,  grad = ∂loss/∂Params
//
// If dropout > 0, each hidden activation is dropped with that probability
// and the kept ones are scaled by 1/(1 − dropout) (inverted dropout, as in
// Keras); the masks are drawn from rng, which may be nil when dropout is 0.
// grad is overwritten. Gradient allocates nothing.
func (n *Net) Gradient(grad []float64, ws *Workspace, x, y, t []float64, dropout float64, rng *rand.Rand) float64 {
	if len(grad) != len(n.Params) || len(t) != len(x) {
		panic("model: gradient length mismatch")
	}
	if n.shallow() && dropout == 0 {
		return n.gradientShallow(grad, ws, x, y, t, nil)
	}
	return n.gradientGeneral(grad, ws, x, y, t, nil, dropout, rng)
}

// WeightedGradient is Gradient, without dropout, for a loss that weighs
// each sample: loss = Σᵢ w[i]·(out(xᵢ, yᵢ) − tᵢ)². With w[i] = 1/m it is
// the mean squared error of Gradient.
func (n *Net) WeightedGradient(grad []float64, ws *Workspace, x, y, t, w []float64) float64 {
	if len(w) != len(x) {
		panic("model: weights length mismatch")
	}
	if n.shallow() {
		return n.gradientShallow(grad, ws, x, y, t, w)
	}
	return n.gradientGeneral(grad, ws, x, y, t, w, 0, nil)
}

// GradientCols is Gradient for a batch given as columns, as ForwardCols
// takes it, with targets t[o][i] for output o of sample i. The loss is
// the squared error averaged over the m samples and the K outputs:
//
//	loss = (1/(m·K))·Σᵢ Σₒ (outₒ(xᵢ) − tₒᵢ)²,  grad = ∂loss/∂Params
//
// which for K = 1 is Gradient's, and with the same bits for a network
// that Gradient takes. GradientCols allocates nothing.
func (n *Net) GradientCols(grad []float64, ws *Workspace, in, t [][]float64, dropout float64, rng *rand.Rand) float64 {
	if len(grad) != len(n.Params) || len(t) != n.Sizes[len(n.Sizes)-1] || len(in) != n.Sizes[0] {
		panic("model: gradient length mismatch")
	}
	if n.shallow() && dropout == 0 {
		return n.gradientShallow(grad, ws, in[0], in[1], t[0], nil)
	}
	m := n.inputCols(ws, in)
	for _, c := range t {
		if len(c) != m {
			panic("model: gradient length mismatch")
		}
	}
	return n.backprop(grad, ws, t, nil, m, dropout, rng)
}

// residuals sets e[i] = ∂loss/∂o[i] for outputs o and targets t and
// returns the loss and Σe, where the loss is (1/m)·Σ(o − t)² if w is nil
// and Σ w·(o − t)² otherwise, summed one sample after another.
func residuals(e, o, t, w []float64) (loss, sum float64) {
	var l, s [kernelLanes]float64
	residualsRange(&l, &s, 0, e, o, t, w, 0)
	loss, sum = l[0], s[0]
	if w == nil {
		loss /= float64(len(o))
	}
	return loss, sum
}

// residualsCols sets the rows of e, laid out as those of o, to ∂loss/∂o
// for K > 1 outputs o of m samples each and targets t, and returns the
// loss (1/(m·K))·Σ(o − t)², summed output by output and sample by sample:
// eₒᵢ = (2/(m·K))·(oₒᵢ − tₒᵢ).
func residualsCols(e, o []float64, t [][]float64, m int) (loss float64) {
	scale := 2 / float64(m*len(t))
	for k, tk := range t {
		ek, ok := row(e, k, m), row(o, k, m)
		for i, ti := range tk[:m] {
			r := ok[i] - ti
			loss += float64(r * r)
			ek[i] = float64(scale * r)
		}
	}
	return loss / float64(m*len(t))
}

// gradientGeneral is Gradient for any network that Gradient takes, with
// sample weights w or nil.
func (n *Net) gradientGeneral(grad []float64, ws *Workspace, x, y, t, w []float64, dropout float64, rng *rand.Rand) float64 {
	m := n.inputs(ws, x, y)
	ws.tcol[0] = t
	return n.backprop(grad, ws, ws.tcol, w, m, dropout, rng)
}

// backprop computes the loss and its gradient over the inputs set by inputs
// or inputCols, with targets t and sample weights w (one output only) or
// nil: layer by layer, one loop over the batch per neuron and step.
func (n *Net) backprop(grad []float64, ws *Workspace, t [][]float64, w []float64, m int, dropout float64, rng *rand.Rand) float64 {
	ws.drop = dropout > 0
	if ws.drop {
		n.sampleDropout(ws, m, dropout, rng)
	}
	out := n.run(ws, m)
	last := len(n.layers) - 1
	var loss float64
	if len(t) == 1 {
		loss, _ = residuals(ws.d[last][:m], out[:m], t[0], w)
	} else {
		loss = residualsCols(ws.d[last], out, t, m)
	}
	if n.shape.Direct {
		n.activateBack(grad, ws, last, 0, m)
	}
	for l := last; l >= 0; l-- {
		ly := n.layers[l]
		for j := range ly.out {
			d := row(ws.d[l], j, m)
			ws.drow[l][j] = d
			gb := gradRow(grad[ly.w+j*ly.in:ly.w+(j+1)*ly.in], d, ws.in[l])
			if ly.nb > 0 {
				grad[ly.b+j] = gb
			}
		}
		if l > 0 {
			n.propagate(grad, ws, l, m)
		}
	}
	return loss
}

// propagate turns ∂loss/∂z of layer l into ∂loss/∂z of layer l−1, a hidden
// layer, and stores the gradient of its PReLU slopes, if any.
func (n *Net) propagate(grad []float64, ws *Workspace, l, m int) {
	ly := n.layers[l]
	col := ws.col[:ly.out]
	for k := range ly.in {
		for j := range col {
			col[j] = n.Params[ly.w+j*ly.in+k]
		}
		d := row(ws.d[l-1], k, m)
		affine(d, col, 0, ws.drow[l])
		if ws.drop {
			mulTo(d, d, row(ws.mask[l-1], k, m))
		}
		n.activateBack(grad, ws, l-1, k, m)
	}
}

// activateBack turns ∂loss/∂h of neuron k of layer l, held in its row of
// ws.d, into ∂loss/∂z, and stores the gradient of its PReLU slope, if any.
func (n *Net) activateBack(grad []float64, ws *Workspace, l, k, m int) {
	ly := n.layers[l]
	d, z, h := row(ws.d[l], k, m), row(ws.z[l], k, m), row(ws.h[l], k, m)
	if ly.alpha >= 0 {
		s := 0.0
		for i, v := range d {
			s += float64(v * negative(z[i]))
		}
		grad[ly.alpha+k] = s
	}
	n.Act.backward(d, z, h, n.slope(ly, k))
}

// gradRow sets gw[k] = Σᵢ d[i]·in[k][i] and returns Σᵢ d[i], the gradients of
// one neuron's incoming weights and bias. Inputs are taken two at a time so
// that three independent sums share each pass.
func gradRow(gw, d []float64, in [][]float64) (gb float64) {
	k := 0
	if len(in) >= 2 {
		a0, a1 := in[0][:len(d)], in[1][:len(d)]
		var s0, s1 float64
		for i, v := range d {
			gb += v
			s0 += float64(v * a0[i])
			s1 += float64(v * a1[i])
		}
		gw[0], gw[1] = s0, s1
		k = 2
	} else {
		a0 := in[0][:len(d)]
		var s0 float64
		for i, v := range d {
			gb += v
			s0 += float64(v * a0[i])
		}
		gw[0] = s0
		k = 1
	}
	for ; k+1 < len(in); k += 2 {
		a0, a1 := in[k][:len(d)], in[k+1][:len(d)]
		var s0, s1 float64
		for i, v := range d {
			s0 += float64(v * a0[i])
			s1 += float64(v * a1[i])
		}
		gw[k], gw[k+1] = s0, s1
	}
	if k < len(in) {
		a0 := in[k][:len(d)]
		var s0 float64
		for i, v := range d {
			s0 += float64(v * a0[i])
		}
		gw[k] = s0
	}
	return gb
}
