package train

import "math"

// Adagrad divides by the root of the summed squared gradients, as Keras's
// Adagrad (initial accumulator 0.1, ε inside the root):
//
//	a ← a + g²;  p ← p − lr·g/√(a + ε)
type Adagrad struct {
	base
	a []float64
}

var _ Optimizer = (*Adagrad)(nil)

func newAdagrad(c OptimizerConfig, n int) *Adagrad {
	return &Adagrad{base: base{lr: c.LR, wd: c.WeightDecay}, a: fill(n, 0.1)}
}

// Step applies one update.
func (o *Adagrad) Step(params, grads []float64) {
	o.decay(params, o.wd)
	o.t++
	g, a := grads[:len(params)], o.a[:len(params)]
	for i := range params {
		a[i] += g[i] * g[i]
		params[i] -= o.lr * g[i] / math.Sqrt(a[i]+kerasEpsilon)
	}
}

func (o *Adagrad) vars() vars { return o.varsOf(nil, map[string][]float64{"a": o.a}) }
