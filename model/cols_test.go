package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// colsBatch returns m random samples of nIn inputs, as columns, and
// targets for nOut outputs, as rows: target o of sample i is
// |x₀ᵢ + o·x₁ᵢ| + o, so that each output has targets of its own.
func colsBatch(rng *rand.Rand, nIn, nOut, m int) (in, t [][]float64) {
	in, t = make([][]float64, nIn), make([][]float64, nOut)
	for k := range in {
		in[k] = make([]float64, m)
		for i := range in[k] {
			in[k][i] = rng.NormFloat64()
		}
	}
	for o := range t {
		t[o] = make([]float64, m)
		for i := range t[o] {
			t[o][i] = math.Abs(in[0][i]+float64(o)*in[1%nIn][i]) + float64(o)
		}
	}
	return in, t
}

// randomShaped returns a network of shape s with random parameters.
func randomShaped(hidden []int, act Activation, s Shape, rng *rand.Rand) *Net {
	n := NewShaped(hidden, act, 0.2, s)
	for i := range n.Params {
		n.Params[i] = rng.NormFloat64() * 0.8
	}
	return n
}

// checkGradientCols compares the gradient of GradientCols (plus the
// penalties l2 and repel, with dropout masks from a fixed seed) with
// central differences.
func checkGradientCols(t *testing.T, name string, n *Net, in, tg [][]float64, l2, repel, dropout float64) {
	t.Helper()
	ws := n.NewWorkspace(len(in[0]))
	eval := func(grad []float64) float64 {
		loss := n.GradientCols(grad, ws, in, tg, dropout, rand.New(rand.NewPCG(9, 9)))
		return loss + n.Penalty(grad, 0, l2, repel)
	}
	const h = 1e-6
	grad, scratch := make([]float64, len(n.Params)), make([]float64, len(n.Params))
	eval(grad)
	for i := range n.Params {
		p := n.Params[i]
		n.Params[i] = p + h
		up := eval(scratch)
		n.Params[i] = p - h
		down := eval(scratch)
		n.Params[i] = p
		if fd := (up - down) / (2 * h); math.Abs(grad[i]-fd) > 1e-5*(1+math.Abs(fd)) {
			t.Errorf("%s: ∂/∂p[%d] (%s) = %.10g, finite difference %.10g", name, i, n.ParamNames()[i], grad[i], fd)
		}
	}
}

// TestGradientColsEveryActivation checks the gradient of networks of
// several inputs and several outputs against central differences, for
// every activation, one and two hidden layers, with and without biases,
// and with penalties and dropout.
func TestGradientColsEveryActivation(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	for _, c := range []struct {
		hidden    []int
		shape     Shape
		l2, repel float64
		dropout   float64
	}{
		{[]int{4}, Shape{Inputs: 5, Outputs: 3}, 0, 0, 0},
		{[]int{3, 4}, Shape{Inputs: 8, Outputs: 5}, 0, 0, 0},
		{[]int{6}, Shape{Inputs: 4, Outputs: 2, NoBias: true}, 0, 0, 0},
		{[]int{3}, Shape{Inputs: 2, Outputs: 2}, 0, 0, 0},
		{[]int{5}, Shape{Inputs: 6, Outputs: 4}, 0.02, 0.4, 0.2},
	} {
		in, tg := colsBatch(rng, c.shape.Inputs, c.shape.Outputs, 23)
		for _, a := range Activations {
			n := randomShaped(c.hidden, a, c.shape, rng)
			name := fmt.Sprintf("%v %v %+v l2=%v repel=%v dropout=%v", a, c.hidden, c.shape, c.l2, c.repel, c.dropout)
			checkGradientCols(t, name, n, in, tg, c.l2, c.repel, c.dropout)
		}
	}
}

// TestGradientColsLoss checks the loss of a network of K outputs against
// its definition, (1/(m·K))·Σᵢ Σₒ (outₒ(xᵢ) − tₒᵢ)², computed sample by
// sample with EvalTo, and ForwardCols against EvalTo.
func TestGradientColsLoss(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	for _, a := range []Activation{ReLU, Tanh, PReLU} {
		n := randomShaped([]int{7, 3}, a, Shape{Inputs: 8, Outputs: 5}, rng)
		in, tg := colsBatch(rng, 8, 5, 31)
		ws := n.NewWorkspace(40)
		out := n.ForwardCols(ws, in)
		want := 0.0
		x, o := make([]float64, 8), make([]float64, 5)
		for i := range 31 {
			for k := range x {
				x[k] = in[k][i]
			}
			n.EvalTo(o, x)
			for k, v := range o {
				if math.Abs(out[k][i]-v) > 1e-12*(1+math.Abs(v)) {
					t.Errorf("%v: ForwardCols out[%d][%d] = %v, EvalTo %v", a, k, i, out[k][i], v)
				}
				want += (v - tg[k][i]) * (v - tg[k][i])
			}
		}
		want /= 31 * 5
		got := n.GradientCols(make([]float64, len(n.Params)), ws, in, tg, 0, nil)
		if math.Abs(got-want) > 1e-12*want {
			t.Errorf("%v: loss %v, by definition %v", a, got, want)
		}
	}
}

// TestColsMatchOneOutput checks that ForwardCols and GradientCols give the
// bits of Forward and Gradient on the networks those take: the shallow
// path, the general one and a network of one input.
func TestColsMatchOneOutput(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 13))
	for _, c := range []struct {
		hidden []int
		act    Activation
		shape  Shape
	}{
		{[]int{3}, ReLU, Shape{}},
		{[]int{8}, ReLU, Shape{}},
		{[]int{4, 3}, Tanh, Shape{}},
		{[]int{5}, ELU, Shape{Inputs: 1}},
		{[]int{1}, ReLU, Shape{Inputs: 1, NoBias: true, Direct: true}},
	} {
		n := randomShaped(c.hidden, c.act, c.shape, rng)
		x, y, tg := batch(rng, 37)
		in := [][]float64{x, y}[:n.Sizes[0]]
		ws := n.NewWorkspace(37)
		want := slices.Clone(n.Forward(ws, x, y))
		if got := n.ForwardCols(ws, in); len(got) != 1 || !slices.Equal(got[0], want) {
			t.Errorf("%v %v %+v: ForwardCols differs from Forward", c.act, c.hidden, c.shape)
		}
		g1, g2 := make([]float64, len(n.Params)), make([]float64, len(n.Params))
		l1 := n.Gradient(g1, ws, x, y, tg, 0, nil)
		l2 := n.GradientCols(g2, ws, in, [][]float64{tg}, 0, nil)
		if l1 != l2 || !slices.Equal(g1, g2) {
			t.Errorf("%v %v %+v: GradientCols (loss %v) differs from Gradient (loss %v)", c.act, c.hidden, c.shape, l2, l1)
		}
	}
}

// TestGradientColsAllocatesNothing checks the multi-output step, with and
// without dropout.
func TestGradientColsAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 14))
	n := randomShaped([]int{13}, ReLU, Shape{Inputs: 8, Outputs: 5}, rng)
	in, tg := colsBatch(rng, 8, 5, 32)
	ws := n.NewWorkspace(32)
	grad := make([]float64, len(n.Params))
	for _, dr := range []float64{0, 0.1} {
		allocs := testing.AllocsPerRun(50, func() {
			n.GradientCols(grad, ws, in, tg, dr, rng)
			n.ForwardCols(ws, in)
		})
		if allocs != 0 {
			t.Errorf("dropout %v: %v allocations per step, want 0", dr, allocs)
		}
	}
}

// TestOutputsLayout checks the parameters of 2 → 3 → 2: the output kernel
// is a (3, 2) tensor, the names say which output, Neuron's outgoing
// weights are the kernel's column, and Forward refuses the network.
func TestOutputsLayout(t *testing.T) {
	n := NewShaped([]int{3}, ReLU, 0, Shape{Outputs: 2})
	if n.Shape() != (Shape{Inputs: 2, Outputs: 2}) || !slices.Equal(n.Sizes, []int{2, 3, 2}) {
		t.Fatalf("shape %+v, sizes %v", n.Shape(), n.Sizes)
	}
	ts := n.Tensors()
	if k := ts[2]; k.Kind != Kernel || k.In != 3 || k.Out != 2 || k.Len != 6 || ts[3].Len != 2 {
		t.Errorf("output tensors %+v %+v, want a (3, 2) kernel and 2 biases", k, ts[3])
	}
	names := n.ParamNames()
	want := []string{"out.1.w1", "out.1.w2", "out.1.w3", "out.2.w1", "out.2.w2", "out.2.w3", "out.1.b", "out.2.b"}
	if !slices.Equal(names[9:], want) {
		t.Errorf("output names %v, want %v", names[9:], want)
	}
	for i := range n.Params {
		n.Params[i] = float64(i)
	}
	if _, _, v, _ := n.Neuron(0, 1); !slices.Equal(v, []float64{10, 13}) {
		t.Errorf("outgoing weights of neuron 2: %v, want [10 13]", v)
	}
	defer func() {
		if recover() == nil {
			t.Error("Forward took a network of two outputs")
		}
	}()
	n.Forward(n.NewWorkspace(1), []float64{1}, []float64{1})
}
