package model

import "math/rand/v2"

// Workspace holds the per-sample buffers of one forward and backward pass
// over up to Cap samples. Buffers are laid out neuron by neuron with the
// samples innermost, so that every inner loop runs over a contiguous batch.
// A Workspace belongs to one Net shape and one goroutine.
type Workspace struct {
	cap  int
	m    int           // samples in the last forward pass
	st   int           // the row stride of its z and h buffers, ≥ m
	z, h [][]float64   // per layer: pre-activations and activations
	a    [][]float64   // per layer: activations after dropout
	mask [][]float64   // per layer: inverted-dropout multipliers
	d    [][]float64   // per layer: ∂loss/∂z
	in   [][][]float64 // per layer: its input rows, views into h or a of the layer before
	drow [][][]float64 // per layer: the rows of d, as views
	col  []float64     // one kernel column
	outs [][]float64   // the output rows ForwardCols returns
	tcol [][]float64   // the one target column of Gradient
	sums []float64     // the lanes of the shallow path's sums, see sumAt
	pack []float64     // the shallow path's parameters, see packShallow
	tot  []float64     // the totals of the shallow path's sums, see sumAt
	drop bool          // the masks apply to the current pass
	simd bool          // the shallow path may use the vector kernel
}

// NewWorkspace returns a workspace for n and batches of up to size samples.
func (n *Net) NewWorkspace(size int) *Workspace {
	ws := &Workspace{cap: size, simd: haveKernel}
	widest := 0
	for _, ly := range n.layers {
		for _, buf := range []*[][]float64{&ws.z, &ws.h, &ws.a, &ws.mask, &ws.d} {
			*buf = append(*buf, make([]float64, ly.out*shallowStride(size)))
		}
		ws.in = append(ws.in, make([][]float64, ly.in))
		ws.drow = append(ws.drow, make([][]float64, ly.out))
		widest = max(widest, ly.out)
	}
	ws.col = make([]float64, widest)
	ws.outs = make([][]float64, n.layers[len(n.layers)-1].out)
	ws.tcol = make([][]float64, 1)
	ws.sums = make([]float64, sumAt(n.layers[0].out, 0))
	ws.pack = make([]float64, 4*n.layers[0].out+1)
	ws.tot = make([]float64, (2+3*n.layers[0].out+kernelLanes-1)&^(kernelLanes-1))
	return ws
}

// SetSIMD turns the vector kernel of the shallow path off, or back on where
// the CPU has it, and reports whether it is now on. Both paths give the
// same bits; the switch is for benchmarks and tests.
func (ws *Workspace) SetSIMD(on bool) bool {
	ws.simd = on && haveKernel
	return ws.simd
}

// Cap returns the largest batch ws can hold.
func (ws *Workspace) Cap() int { return ws.cap }

// Unit returns the pre-activations and activations (before dropout) of
// neuron j of hidden layer l for the samples of the last Forward, as views
// valid until the next pass.
func (ws *Workspace) Unit(l, j int) (z, h []float64) {
	return rowAt(ws.z[l], j, ws.st, ws.m), rowAt(ws.h[l], j, ws.st, ws.m)
}

// row returns row j of a buffer laid out for batches of m samples.
func row(buf []float64, j, m int) []float64 { return rowAt(buf, j, m, m) }

// rowAt returns the m samples of row j of a buffer whose rows start every
// st samples.
func rowAt(buf []float64, j, st, m int) []float64 { return buf[j*st:][:m] }

// Forward computes the network output for the samples (x[i], y[i]) and returns
// it as a view into ws, valid until the next pass. Dropout is off. It
// panics for a network of more than two inputs or more than one output,
// which ForwardCols takes.
func (n *Net) Forward(ws *Workspace, x, y []float64) []float64 {
	ws.drop = false
	if n.shallow() {
		return n.forwardShallow(ws, x, y)
	}
	return n.forward(ws, x, y)
}

// ForwardCols computes the outputs of n for a batch of samples given as
// columns, in[k][i] being input k of sample i, and returns them as rows,
// out[o][i] being output o of sample i: views into ws, valid until the
// next pass. Dropout is off. For a network that Forward takes, with
// in = [x, y] (or [x]), it computes the same bits as Forward. It panics
// unless len(in) is the number of inputs and the columns are of one
// length, at most ws.Cap().
func (n *Net) ForwardCols(ws *Workspace, in [][]float64) [][]float64 {
	ws.drop = false
	if len(in) != n.Sizes[0] {
		panic("model: input count mismatch")
	}
	if n.shallow() {
		ws.outs[0] = n.forwardShallow(ws, in[0], in[1])
		return ws.outs
	}
	m := n.inputCols(ws, in)
	last := n.run(ws, m)
	for o := range ws.outs {
		ws.outs[o] = row(last, o, m)
	}
	return ws.outs
}

// shallow reports whether n is one hidden layer of ReLU units of the zero
// Shape, which take the fused paths.
func (n *Net) shallow() bool {
	return len(n.layers) == 2 && n.Act == ReLU && n.shape == Shape{Inputs: 2, Outputs: 1}
}

// forward runs the forward pass of the samples (x[i], y[i]), applying the
// dropout masks if ws.drop, and returns the output.
func (n *Net) forward(ws *Workspace, x, y []float64) []float64 {
	m := n.inputs(ws, x, y)
	return n.run(ws, m)[:m]
}

// inputs makes x, and y if n has two inputs, the inputs of the next pass
// and returns the batch size. It panics if n takes other inputs, or more
// than one output.
func (n *Net) inputs(ws *Workspace, x, y []float64) int {
	m := len(x)
	switch {
	case n.Sizes[0] > 2 || n.Sizes[len(n.Sizes)-1] > 1:
		panic("model: a network of more than (x, y) → out takes ForwardCols and GradientCols")
	case len(y) != m || m > ws.cap:
		panic("model: batch size mismatch")
	}
	ws.in[0][0] = x
	if len(ws.in[0]) > 1 {
		ws.in[0][1] = y
	}
	return m
}

// inputCols makes the columns in the inputs of the next pass and returns
// the batch size.
func (n *Net) inputCols(ws *Workspace, in [][]float64) int {
	if len(in) != n.Sizes[0] {
		panic("model: input count mismatch")
	}
	m := len(in[0])
	for _, c := range in {
		if len(c) != m || m > ws.cap {
			panic("model: batch size mismatch")
		}
	}
	copy(ws.in[0], in)
	return m
}

// run runs the forward pass over the inputs set by inputs or inputCols,
// applying the dropout masks if ws.drop, and returns the buffer of the
// output layer: its rows of m samples, one per output.
func (n *Net) run(ws *Workspace, m int) []float64 {
	ws.m, ws.st = m, m
	last := len(n.layers) - 1
	for l, ly := range n.layers {
		for j := range ly.out {
			z := row(ws.z[l], j, m)
			affine(z, n.Params[ly.w+j*ly.in:ly.w+(j+1)*ly.in], n.bias(ly, j), ws.in[l])
			if !n.activated(l) {
				continue
			}
			h := row(ws.h[l], j, m)
			n.Act.forward(h, z, n.slope(ly, j))
			if l == last { // a direct output: no dropout, no next layer
				continue
			}
			if ws.drop {
				a := row(ws.a[l], j, m)
				mulTo(a, h, row(ws.mask[l], j, m))
				h = a
			}
			ws.in[l+1][j] = h
		}
	}
	if n.shape.Direct {
		return ws.h[last]
	}
	return ws.z[last]
}

// affine sets z[i] = b + Σₖ w[k]·in[k][i]. Inputs are taken two at a time,
// which halves the passes over z.
func affine(z, w []float64, b float64, in [][]float64) {
	k := 0
	if len(in) >= 2 {
		a0, a1 := in[0][:len(z)], in[1][:len(z)]
		w0, w1 := w[0], w[1]
		for i := range z {
			z[i] = float64(b+float64(w0*a0[i])) + float64(w1*a1[i])
		}
		k = 2
	} else {
		a0, w0 := in[0][:len(z)], w[0]
		for i := range z {
			z[i] = b + float64(w0*a0[i])
		}
		k = 1
	}
	for ; k+1 < len(in); k += 2 {
		a0, a1 := in[k][:len(z)], in[k+1][:len(z)]
		w0, w1 := w[k], w[k+1]
		for i := range z {
			z[i] += float64(w0*a0[i]) + float64(w1*a1[i])
		}
	}
	if k < len(in) {
		a0, w0 := in[k][:len(z)], w[k]
		for i := range z {
			z[i] += float64(w0 * a0[i])
		}
	}
}

// mulTo sets dst[i] = a[i]·b[i].
func mulTo(dst, a, b []float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

// sampleDropout draws the inverted-dropout masks for a batch of m samples:
// each hidden activation is kept with probability 1 − rate and then scaled by
// 1/(1 − rate), so that its expectation is unchanged.
func (n *Net) sampleDropout(ws *Workspace, m int, rate float64, rng *rand.Rand) {
	keep := 1 / (1 - rate)
	for l := range len(n.layers) - 1 {
		mk := ws.mask[l][:n.layers[l].out*m]
		for i := range mk {
			if rng.Float64() < rate {
				mk[i] = 0
			} else {
				mk[i] = keep
			}
		}
	}
}
