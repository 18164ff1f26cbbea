package model

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSetNeuronInvertsNeuron sets one neuron of each layer of a deep
// network and reads it back with Neuron: every other parameter is kept.
func TestSetNeuronInvertsNeuron(t *testing.T) {
	n := New([]int{3, 2}, ReLU, 0)
	n.Init(GlorotUniform, rand.New(rand.NewPCG(1, 2)))
	for _, c := range []struct {
		l, j int
		w    []float64
		b    float64
		v    []float64
	}{{0, 1, []float64{0.5, -2}, 0.25, []float64{3, -4}}, {1, 0, []float64{1, 2, 3}, -1, []float64{7}}} {
		before := slices.Clone(n.Params)
		n.SetNeuron(c.l, c.j, c.w, c.b, c.v)
		w, b, v, _ := n.Neuron(c.l, c.j)
		if !slices.Equal(w, c.w) || b != c.b || !slices.Equal(v, c.v) {
			t.Errorf("layer %d neuron %d: got %v %v %v, want %v %v %v", c.l, c.j, w, b, v, c.w, c.b, c.v)
		}
		changed := 0
		for i := range before {
			if before[i] != n.Params[i] {
				changed++
			}
		}
		if want := len(c.w) + 1 + len(c.v); changed != want {
			t.Errorf("layer %d neuron %d: %d parameters changed, want %d", c.l, c.j, changed, want)
		}
	}
}
