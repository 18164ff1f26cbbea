package model

// SetNeuron sets neuron j of hidden layer l: its incoming weights to w,
// its bias to b and its outgoing weights (the next layer's weights from
// it, one per unit of that layer) to v. It is Neuron's inverse: Neuron(l,
// j) then returns w, b and v, except that a network without biases keeps
// its bias at 0, and the last layer of a Direct network, which is the
// output, has no outgoing weights and ignores v. len(w) must be the
// layer's inputs and len(v) the next layer's width.
func (n *Net) SetNeuron(l, j int, w []float64, b float64, v []float64) {
	ly := n.layers[l]
	copy(n.Params[ly.w+j*ly.in:ly.w+(j+1)*ly.in], w)
	if ly.nb > 0 {
		n.Params[ly.b+j] = b
	}
	if l == len(n.layers)-1 {
		return
	}
	next := n.layers[l+1]
	for o := range next.out {
		n.Params[next.w+o*next.in+j] = v[o]
	}
}
