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
		active := 0
		for i, x := range t.train.X {
			if float64(b+float64(w[0]*x))+float64(w[1]*t.train.Y[i]) > 0 {
				active++
			}
		}
		bad := float64(active) < WeakFraction*float64(t.train.Len())
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
