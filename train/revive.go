package train

import (
	"math/rand/v2"
)

// revive re-draws the first-layer neurons that are weak on the training
// set, or collapsed onto an earlier neuron, from the initializer (see
// Config.Revive; the thresholds are WeakFraction and CollapsedCos), and
// starts the optimizer afresh if it did. It returns the neurons it re-drew.
func (t *Trainer) revive() []int {
	c := t.cfg
	type neuronWeights struct {
		w []float64
		b float64
	}
	units := make([]neuronWeights, c.Hidden[0])
	var drawn []int
	for j := range units {
		w, b, _, _ := t.net.Neuron(0, j)
		units[j] = neuronWeights{w, b}
		bad := float64(activeOn(w, b, t.train)) < WeakFraction*float64(t.train.Len())
		for _, u := range units[:j] {
			bad = bad || cosine(u.w, u.b, w, b) > CollapsedCos
		}
		if bad {
			drawn = append(drawn, j)
		}
	}
	if len(drawn) == 0 {
		return nil
	}
	fresh := c.newNet()
	fresh.Slope = t.net.Slope
	fresh.Init(c.Init, rand.New(rand.NewPCG(c.Seed, streamRevive+uint64(t.epoch))))
	for _, j := range drawn {
		t.net.CopyNeuron(fresh, 0, j)
	}
	t.opt = t.opt.Fresh(t.net.Tensors())
	return drawn
}

// activeOn returns on how many samples of d a first-layer unit of
// weights w and bias b is active: z = (…((b + w₀·x₀) + w₁·x₁) + …) > 0,
// each product rounded, over the inputs (x, y) or the columns d.In.
func activeOn(w []float64, b float64, d Dataset) int {
	in := d.In
	if in == nil {
		in = [][]float64{d.X, d.Y}
	}
	active := 0
	for i := range d.Len() {
		z := b
		for k, c := range in {
			z += float64(w[k] * c[i])
		}
		active += b2i(z > 0)
	}
	return active
}
