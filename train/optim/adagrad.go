package optim

import (
	"math"

	"relulab/model"
)

// adagrad divides by the root of the summed squared gradients, as Keras's
// Adagrad (initial accumulator 0.1, ε inside the root):
//
//	a ← a + g²;  p ← p − lr·g/√(a + ε)
type adagrad struct {
	a []float64
}

func newAdagrad(c Config, _ []model.Tensor, n int) rule {
	return &adagrad{a: fill(n, 0.1)}
}

func (o *adagrad) update(params, grads []float64, lr float64, t int) {
	g, a := grads[:len(params)], o.a[:len(params)]
	for i := range params {
		a[i] += float64(g[i] * g[i])
		params[i] -= lr * g[i] / math.Sqrt(a[i]+kerasEpsilon)
	}
}

func (o *adagrad) vars() vars { return varsOf(nil, map[string][]float64{"a": o.a}) }
