package model

import (
	"math/rand/v2"
	"testing"
)

func TestWithActivationKeepsWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	n := randomNet([]int{3, 2}, ReLU, rng)
	p := n.WithActivation(PReLU)
	if len(p.Params) != len(n.Params)+5 {
		t.Fatalf("prelu params %d, want %d + 5 slopes", len(p.Params), len(n.Params))
	}
	back := p.WithActivation(ReLU)
	for i, v := range n.Params {
		if back.Params[i] != v {
			t.Fatalf("relu → prelu → relu changed param %d", i)
		}
	}
	for l := range 2 {
		for j := range n.Hidden()[l] {
			w, b, _, slope := p.Neuron(l, j)
			w0, b0, _, _ := n.Neuron(l, j)
			if w[0] != w0[0] || b != b0 || slope != 0 {
				t.Errorf("layer %d neuron %d: w %v b %v slope %v", l, j, w, b, slope)
			}
		}
	}
}

func TestWithWidthKeepsOtherNeurons(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, act := range []Activation{ReLU, PReLU} {
		n := randomNet([]int{3, 2}, act, rng)
		wide := n.WithWidth(4, GlorotUniform, rand.New(rand.NewPCG(3, 3)))
		if got := wide.Hidden(); got[0] != 4 || got[1] != 2 {
			t.Fatalf("hidden %v, want [4 2]", got)
		}
		for j := range 3 {
			w, b, v, s := n.Neuron(0, j)
			w2, b2, v2, s2 := wide.Neuron(0, j)
			if w[0] != w2[0] || w[1] != w2[1] || b != b2 || v[0] != v2[0] || v[1] != v2[1] || s != s2 {
				t.Errorf("%v: neuron %d changed", act, j)
			}
		}
		if w, b, v, _ := wide.Neuron(0, 3); w[0] == 0 || b != 0 || v[0] == 0 {
			t.Errorf("%v: new neuron w %v b %v v %v, want fresh weights and bias 0", act, w, b, v)
		}
		// The last layer and the second hidden layer's biases are untouched.
		if wide.Params[len(wide.Params)-1] != n.Params[len(n.Params)-1] {
			t.Errorf("%v: output bias changed", act)
		}
		narrow := wide.WithWidth(3, GlorotUniform, rand.New(rand.NewPCG(3, 3)))
		for i, v := range n.Params {
			if narrow.Params[i] != v {
				t.Fatalf("%v: 3 → 4 → 3 changed param %d", act, i)
			}
		}
	}
}

// TestWithOutput checks that a direct unit given an output layer keeps its
// function with width 1, and its weights, bias and slope with width 3.
func TestWithOutput(t *testing.T) {
	for _, s := range []Shape{{Inputs: 1, Direct: true}, {Inputs: 1, Direct: true, NoBias: true}} {
		for _, act := range []Activation{ReLU, PReLU} {
			n := NewShaped([]int{1}, act, 0.2, s)
			n.Init(GlorotUniform, rand.New(rand.NewPCG(4, 4)))
			if act == PReLU {
				n.Params[len(n.Params)-1] = 0.3
			}
			if !s.NoBias {
				n.Params[1] = 0.25
			}
			one := n.WithOutput(1, GlorotUniform, rand.New(rand.NewPCG(5, 5)))
			for _, x := range []float64{-2, -0.3, 0, 0.4, 1.7} {
				if got, want := one.Eval(x, 0), n.Eval(x, 0); got != want {
					t.Errorf("%v %+v: width 1 gives %g at x = %g, the unit %g", act, s, got, x, want)
				}
			}
			three := n.WithOutput(3, GlorotUniform, rand.New(rand.NewPCG(5, 5)))
			w, b, v, slope := three.Neuron(0, 0)
			w0, b0, _, slope0 := n.Neuron(0, 0)
			if w[0] != w0[0] || b != b0 || v[0] != 1 || slope != slope0 || len(three.Hidden()) != 1 || three.Hidden()[0] != 3 {
				t.Errorf("%v %+v: width 3 gives unit 1 w %v b %g v %v slope %g, hidden %v", act, s, w, b, v, slope, three.Hidden())
			}
		}
	}
}
