package model

import (
	"fmt"
	"math/rand/v2"
)

// Net is a fully connected network with two inputs (x, y), hidden layers of
// the activation Act, and one linear output:
//
//	a₀ = (x, y);  aₗ = f(Wₗ·aₗ₋₁ + bₗ) for hidden l;  out = W_L·a_{L−1} + b_L
//
// or, with a Shape other than the zero value, one input x or any number N
// of inputs a₀ = (x₁, …, x_N), K linear outputs out = (out₁, …, out_K),
// no biases (bₗ = 0) or no output layer (out = a_{L−1}, the last hidden
// layer one unit wide).
//
// All parameters live in the flat slice Params, whose layout is described in
// the package comment and by Tensors.
type Net struct {
	// Sizes holds the layer widths, inputs first: [2, h₁, …, 1], or with a
	// Shape [N, h₁, …, K] (N inputs, K outputs) or [1, h₁, …] (one input,
	// no output layer).
	Sizes []int
	// Act is the activation of every hidden layer.
	Act Activation
	// Slope is the negative slope of LeakyReLU; other activations ignore it.
	Slope float64
	// Params holds every weight, bias and PReLU slope.
	Params []float64

	shape  Shape
	layers []layer
}

// Shape says how a network is built around its hidden layers. The zero
// value is relulab's network for |x+iy|: two inputs, biases, and a linear
// output layer.
type Shape struct {
	// Inputs is 1 (x alone; y is ignored), 2 (x, y) or up to MaxWidth
	// inputs, which only ForwardCols and GradientCols take; 0 means 2.
	Inputs int
	// Outputs is the width K of the linear output layer, 1 to MaxWidth;
	// 0 means 1. With K > 1 the loss is the squared error averaged over
	// samples and outputs (see GradientCols), and only ForwardCols and
	// GradientCols take the network.
	Outputs int
	// NoBias leaves out every bias: each pre-activation is W·a.
	NoBias bool
	// Direct leaves out the output layer: the last hidden layer, which
	// must be one unit wide, is the output, its activation applied:
	// out = f(W·a + b). One ReLU unit learning max(0, x) is Direct.
	Direct bool
}

// layer holds the offsets of one layer's parameters in Params.
type layer struct {
	in, out int
	w, b    int // kernel (out rows of in weights) and biases
	nb      int // biases: out, or 0 without
	alpha   int // PReLU slopes, or −1
}

// bias returns the bias of neuron j of ly: 0 if ly has none.
func (n *Net) bias(ly layer, j int) float64 {
	if ly.nb == 0 {
		return 0
	}
	return n.Params[ly.b+j]
}

// TensorKind says what a Tensor holds.
type TensorKind int

// The kinds of tensor.
const (
	Kernel TensorKind = iota // a weight matrix
	Bias                     // a bias vector
	Slope                    // the learned negative slopes of PReLU
)

// Tensor is one Keras variable within Params: a kernel, a bias vector or a
// vector of PReLU slopes. Optimizers that treat variables as wholes (Lamb,
// Adafactor, Muon) work tensor by tensor.
type Tensor struct {
	Kind  TensorKind
	Layer int // 0 for the first hidden layer; the output layer is last
	Off   int // offset in Params
	Len   int
	// In and Out give a kernel's Keras shape (In, Out). Kernel element
	// (k, j) is stored at Params[Off + j·In + k]. A vector has In = Len,
	// Out = 1 and is one-dimensional for Keras.
	In, Out int
}

// New returns a network of the zero Shape with the given hidden-layer
// widths and all parameters zero. It panics if hidden is empty or holds a
// width below 1.
func New(hidden []int, act Activation, slope float64) *Net {
	return NewShaped(hidden, act, slope, Shape{})
}

// MaxWidth is the most inputs, outputs or neurons a layer of a Net has.
const MaxWidth = 64

// NewShaped is New for a network of shape s. With s.Direct the last of
// hidden is the output unit; NewShaped panics if it is not one wide, if
// s.Direct has s.Outputs > 1, or if s.Inputs or s.Outputs is outside
// [0, MaxWidth].
func NewShaped(hidden []int, act Activation, slope float64, s Shape) *Net {
	switch {
	case len(hidden) == 0:
		panic("model: no hidden layer")
	case s.Inputs < 0 || s.Inputs > MaxWidth:
		panic("model: 1 to 64 inputs")
	case s.Outputs < 0 || s.Outputs > MaxWidth:
		panic("model: 1 to 64 outputs")
	case s.Direct && (hidden[len(hidden)-1] != 1 || s.Outputs > 1):
		panic("model: a direct output is one unit")
	}
	if s.Inputs == 0 {
		s.Inputs = 2
	}
	if s.Outputs == 0 {
		s.Outputs = 1
	}
	n := &Net{Act: act, Slope: slope, shape: s}
	n.Sizes = append([]int{s.Inputs}, hidden...)
	if !s.Direct {
		n.Sizes = append(n.Sizes, s.Outputs)
	}
	off := 0
	for l := 1; l < len(n.Sizes); l++ {
		in, out := n.Sizes[l-1], n.Sizes[l]
		if out < 1 || out > MaxWidth {
			panic("model: layer width outside 1 to 64")
		}
		ly := layer{in: in, out: out, w: off, b: off + in*out, nb: out, alpha: -1}
		if s.NoBias {
			ly.nb = 0
		}
		off += in*out + ly.nb
		if act == PReLU && n.activated(l-1) {
			ly.alpha = off
			off += out
		}
		n.layers = append(n.layers, ly)
	}
	n.Params = make([]float64, off)
	return n
}

// Init sets every kernel from init with draws from rng, and every bias and
// PReLU slope to zero.
func (n *Net) Init(init Initializer, rng *rand.Rand) {
	clear(n.Params)
	for _, ly := range n.layers {
		init.Kernel(n.Params[ly.w:ly.b], ly.in, ly.out, rng)
	}
}

// Clone returns a deep copy of n.
func (n *Net) Clone() *Net {
	c := *n
	c.Sizes = append([]int(nil), n.Sizes...)
	c.Params = append([]float64(nil), n.Params...)
	c.layers = append([]layer(nil), n.layers...)
	return &c
}

// Shape returns the shape of n, with Inputs and Outputs filled in.
func (n *Net) Shape() Shape { return n.shape }

// activated reports whether layer l (0 is the first hidden layer) applies
// the activation: every hidden layer, and a direct output.
func (n *Net) activated(l int) bool { return l < len(n.Sizes)-2 || n.shape.Direct }

// Hidden returns the widths of the layers that apply the activation: the
// hidden layers, and with Shape.Direct the output unit last.
func (n *Net) Hidden() []int {
	if n.shape.Direct {
		return n.Sizes[1:]
	}
	return n.Sizes[1 : len(n.Sizes)-1]
}

// Tensors returns the Keras variables of n in parameter order.
func (n *Net) Tensors() []Tensor {
	var ts []Tensor
	for l, ly := range n.layers {
		ts = append(ts, Tensor{Kind: Kernel, Layer: l, Off: ly.w, Len: ly.in * ly.out, In: ly.in, Out: ly.out})
		if ly.nb > 0 {
			ts = append(ts, Tensor{Kind: Bias, Layer: l, Off: ly.b, Len: ly.out, In: ly.out, Out: 1})
		}
		if ly.alpha >= 0 {
			ts = append(ts, Tensor{Kind: Slope, Layer: l, Off: ly.alpha, Len: ly.out, In: ly.out, Out: 1})
		}
	}
	return ts
}

// ParamNames names every parameter, in the order of Params: for neuron j
// of hidden layer l (both counted from 1) its weights "l.j.w1", "l.j.w2", …
// (from the inputs x, y or the neurons of layer l−1), its bias "l.j.b"
// and its PReLU slope "l.j.alpha"; for the output, "out.w1", … and
// "out.b", and for output o of several, "out.o.w1", … and "out.o.b".
func (n *Net) ParamNames() []string {
	names := make([]string, len(n.Params))
	for _, t := range n.Tensors() {
		unit := func(j int) string {
			if t.Layer == len(n.layers)-1 && !n.shape.Direct {
				if n.shape.Outputs > 1 {
					return fmt.Sprintf("out.%d", j+1)
				}
				return "out"
			}
			return fmt.Sprintf("%d.%d", t.Layer+1, j+1)
		}
		for i := range t.Len {
			switch t.Kind {
			case Kernel: // element (k, j) at Off + j·In + k
				names[t.Off+i] = fmt.Sprintf("%s.w%d", unit(i/t.In), i%t.In+1)
			case Bias:
				names[t.Off+i] = unit(i) + ".b"
			case Slope:
				names[t.Off+i] = unit(i) + ".alpha"
			}
		}
	}
	return names
}

// Neuron describes hidden neuron j of hidden layer l through views into
// Params: its incoming weights, its bias (0 without biases), its outgoing
// weights (the column j of the next layer's kernel, which are strided and
// so copied; [1] for a direct output, which is the network's output) and
// its PReLU slope (0 for other activations).
func (n *Net) Neuron(l, j int) (w []float64, b float64, v []float64, slope float64) {
	ly := n.layers[l]
	w = n.Params[ly.w+j*ly.in : ly.w+(j+1)*ly.in]
	b = n.bias(ly, j)
	if l == len(n.layers)-1 {
		return w, b, []float64{1}, n.slope(ly, j)
	}
	next := n.layers[l+1]
	v = make([]float64, next.out)
	for o := range v {
		v[o] = n.Params[next.w+o*next.in+j]
	}
	return w, b, v, n.slope(ly, j)
}

// slope returns the negative slope of neuron j of ly.
func (n *Net) slope(ly layer, j int) float64 {
	if ly.alpha >= 0 {
		return n.Params[ly.alpha+j]
	}
	return n.Slope
}

// Eval returns the network output at (x, y); a network of one input
// ignores y. It is the slow scalar path, for plotting and tests; use
// Forward for batches. It panics for a network of more than two inputs or
// more than one output, which EvalTo takes.
func (n *Net) Eval(x, y float64) float64 {
	in, out := [2]float64{x, y}, [1]float64{}
	n.EvalTo(out[:], in[:min(n.Sizes[0], 2)])
	return out[0]
}

// EvalTo sets out to the outputs of n for the one sample whose inputs are
// in, in the order of operations of Eval. It panics unless len(in) is the
// number of inputs and len(out) the number of outputs.
func (n *Net) EvalTo(out, in []float64) {
	if len(in) != n.Sizes[0] || len(out) != n.Sizes[len(n.Sizes)-1] {
		panic("model: EvalTo length mismatch")
	}
	var buf [2][MaxWidth]float64
	a := in
	for l, ly := range n.layers {
		next := buf[l%2][:ly.out]
		for j := range next {
			z := n.bias(ly, j)
			for k, w := range n.Params[ly.w+j*ly.in : ly.w+(j+1)*ly.in] {
				z += w * a[k]
			}
			if n.activated(l) {
				z = n.Act.F(z, n.slope(ly, j))
			}
			next[j] = z
		}
		a = next
	}
	copy(out, a)
}
