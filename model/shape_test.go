package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// reluBatch returns m samples x ~ N(0, 1) with targets max(0, x); y is
// random and a network of one input must ignore it.
func reluBatch(rng *rand.Rand, m int) (x, y, t []float64) {
	x, y, t = make([]float64, m), make([]float64, m), make([]float64, m)
	for i := range x {
		x[i], y[i] = rng.NormFloat64(), rng.NormFloat64()
		t[i] = max(0, x[i])
	}
	return x, y, t
}

// shapes lists the shaped networks the tests cover: the single unit with
// and without a bias, and hidden layers with a linear or a direct output.
var shapes = []struct {
	hidden []int
	shape  Shape
}{
	{[]int{1}, Shape{Inputs: 1, NoBias: true, Direct: true}},
	{[]int{1}, Shape{Inputs: 1, Direct: true}},
	{[]int{3}, Shape{Inputs: 1, NoBias: true}},
	{[]int{3}, Shape{Inputs: 1}},
	{[]int{4, 1}, Shape{Inputs: 1, Direct: true}},
	{[]int{3}, Shape{Inputs: 2, NoBias: true}},
}

func TestGradientShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	x, y, tg := reluBatch(rng, 41)
	for _, s := range shapes {
		for _, a := range Activations {
			n := NewShaped(s.hidden, a, 0.2, s.shape)
			for i := range n.Params {
				n.Params[i] = rng.NormFloat64() * 0.8
			}
			checkGradient(t, fmt.Sprintf("%v %v %+v", a, s.hidden, s.shape), n, objective{x: x, y: y, t: tg, l2: 0.01})
		}
	}
}

// TestOneUnitGradient checks the single ReLU unit without a bias against
// its gradient in closed form, (2/m)·Σ_{w·xᵢ>0} (w·xᵢ − tᵢ)·xᵢ, and
// against central differences.
func TestOneUnitGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	x, y, tg := reluBatch(rng, 1000)
	n := NewShaped([]int{1}, ReLU, 0, Shape{Inputs: 1, NoBias: true, Direct: true})
	if len(n.Params) != 1 {
		t.Fatalf("one unit without a bias has %d parameters, want 1", len(n.Params))
	}
	for _, w := range []float64{-10, -0.3, 0.5, 2} {
		n.Params[0] = w
		grad := []float64{0}
		loss := n.Gradient(grad, n.NewWorkspace(len(x)), x, y, tg, 0, nil)
		var want, wantLoss float64
		for i, xi := range x {
			o := max(0, w*xi)
			wantLoss += (o - tg[i]) * (o - tg[i]) / float64(len(x))
			if w*xi > 0 {
				want += 2 * (o - tg[i]) * xi / float64(len(x))
			}
		}
		if math.Abs(grad[0]-want) > 1e-9*(1+math.Abs(want)) || math.Abs(loss-wantLoss) > 1e-9*(1+wantLoss) {
			t.Errorf("w=%v: loss %v grad %v, want %v and %v", w, loss, grad[0], wantLoss, want)
		}
		if w < 0 && want*w <= 0 {
			t.Errorf("w=%v: the gradient %v does not push w towards 0", w, want)
		}
		checkGradient(t, fmt.Sprintf("w=%v", w), n, objective{x: x, y: y, t: tg})
	}
}

func TestShapedForwardMatchesEval(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	x, y, _ := reluBatch(rng, 9)
	for _, s := range shapes {
		n := NewShaped(s.hidden, ReLU, 0, s.shape)
		for i := range n.Params {
			n.Params[i] = rng.NormFloat64()
		}
		out := n.Forward(n.NewWorkspace(len(x)), x, y)
		for i := range x {
			if e := n.Eval(x[i], y[i]); math.Abs(out[i]-e) > 1e-12 {
				t.Errorf("%v %+v: Forward %v, Eval %v", s.hidden, s.shape, out[i], e)
			}
		}
		if got, want := len(n.Tensors()), 2*len(n.layers); s.shape.NoBias && got != len(n.layers) || !s.shape.NoBias && got != want {
			t.Errorf("%v %+v: %d tensors", s.hidden, s.shape, got)
		}
	}
}
