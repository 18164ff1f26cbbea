package model

import "math/rand/v2"

// WithActivation returns a copy of n with the hidden activation a. Weights
// and biases are kept; PReLU slopes start at 0 when a is PReLU and are
// dropped when it is not.
func (n *Net) WithActivation(a Activation) *Net {
	m := NewShaped(n.Hidden(), a, n.Slope, n.shape)
	for l, ly := range n.layers {
		copy(m.Params[m.layers[l].w:m.layers[l].b+ly.nb], n.Params[ly.w:ly.b+ly.nb])
		if ly.alpha >= 0 && m.layers[l].alpha >= 0 {
			copy(m.Params[m.layers[l].alpha:m.layers[l].alpha+ly.out], n.Params[ly.alpha:ly.alpha+ly.out])
		}
	}
	return m
}

// WithWidth returns a copy of n whose first hidden layer has width neurons.
// Neurons beyond the old width are dropped; new ones are appended with
// weights drawn by init from rng (their incoming weights from the new
// layer's kernel, their outgoing ones from the next layer's) and bias 0.
// Every other parameter is kept. It panics for a Shape.Direct network of
// one layer, whose one unit is its output.
func (n *Net) WithWidth(width int, init Initializer, rng *rand.Rand) *Net {
	hidden := append([]int(nil), n.Hidden()...)
	hidden[0] = width
	m := NewShaped(hidden, n.Act, n.Slope, n.shape)
	m.Init(init, rng)
	keep := min(width, n.layers[0].out)
	for l, ly := range n.layers {
		my := m.layers[l]
		switch l {
		case 0: // the resized layer: its first keep neurons
			copy(m.Params[my.w:my.w+keep*ly.in], n.Params[ly.w:ly.w+keep*ly.in])
			copy(m.Params[my.b:my.b+min(keep, my.nb)], n.Params[ly.b:ly.b+min(keep, ly.nb)])
			if ly.alpha >= 0 {
				copy(m.Params[my.alpha:my.alpha+keep], n.Params[ly.alpha:ly.alpha+keep])
			}
		case 1: // the next layer: the first keep columns of its kernel
			for j := range ly.out {
				copy(m.Params[my.w+j*my.in:my.w+j*my.in+keep], n.Params[ly.w+j*ly.in:ly.w+j*ly.in+keep])
			}
			copy(m.Params[my.b:my.end()], n.Params[ly.b:ly.end()])
		default: // deeper layers are unchanged
			copy(m.Params[my.w:my.end()], n.Params[ly.w:ly.end()])
		}
	}
	return m
}

// WithOutput returns n, a Shape.Direct network of one unit, as a hidden
// layer of width units feeding a linear output: the unit keeps its
// weights, bias and slope and feeds the output with weight 1; the other
// units are drawn by init from rng, as the output layer's other weights,
// and the output bias is 0. With width 1 the function is unchanged:
// out = 1·f(w·x + b) + 0. It panics if n is not a Direct network of one
// layer.
func (n *Net) WithOutput(width int, init Initializer, rng *rand.Rand) *Net {
	if !n.shape.Direct || len(n.layers) != 1 {
		panic("model: WithOutput takes a direct network of one unit")
	}
	s := n.shape
	s.Direct = false
	m := NewShaped([]int{width}, n.Act, n.Slope, s)
	m.Init(init, rng)
	ly, my, out := n.layers[0], m.layers[0], m.layers[1]
	copy(m.Params[my.w:my.w+ly.in], n.Params[ly.w:ly.w+ly.in])
	if ly.nb > 0 {
		m.Params[my.b] = n.Params[ly.b]
	}
	if ly.alpha >= 0 {
		m.Params[my.alpha] = n.Params[ly.alpha]
	}
	m.Params[out.w] = 1
	if out.nb > 0 {
		m.Params[out.b] = 0
	}
	return m
}

// end returns the offset just past ly's parameters.
func (ly layer) end() int {
	if ly.alpha >= 0 {
		return ly.alpha + ly.out
	}
	return ly.b + ly.nb
}

// CopyNeuron sets neuron j of hidden layer l to that of from, a network of
// the same shape: its incoming weights, bias and PReLU slope, and its
// outgoing weights (column j of the next layer's kernel).
func (n *Net) CopyNeuron(from *Net, l, j int) {
	ly := n.layers[l]
	copy(n.Params[ly.w+j*ly.in:ly.w+(j+1)*ly.in], from.Params[ly.w+j*ly.in:ly.w+(j+1)*ly.in])
	if ly.nb > 0 {
		n.Params[ly.b+j] = from.Params[ly.b+j]
	}
	if ly.alpha >= 0 {
		n.Params[ly.alpha+j] = from.Params[ly.alpha+j]
	}
	if l == len(n.layers)-1 { // a direct output: no outgoing weights
		return
	}
	next := n.layers[l+1]
	for o := range next.out {
		n.Params[next.w+o*next.in+j] = from.Params[next.w+o*next.in+j]
	}
}
