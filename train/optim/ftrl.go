package optim

import (
	"math"

	"relulab/model"
)

// ftrl is follow-the-regularized-leader, as Keras's Ftrl with its defaults
// (learning-rate power −½, initial accumulator 0.1, no L1, L2, shrinkage or
// β), for which the update reduces to
//
//	a′ = a + g²;  z ← z + g − (√a′ − √a)/lr·p;  p ← −z/(√a′/lr);  a ← a′
type ftrl struct {
	a, z []float64
}

func newFtrl(c Config, _ []model.Tensor, n int) rule {
	return &ftrl{a: fill(n, 0.1), z: make([]float64, n)}
}

func (o *ftrl) update(params, grads []float64, lr float64, t int) {
	g, a, z := grads[:len(params)], o.a[:len(params)], o.z[:len(params)]
	for i := range params {
		na := a[i] + float64(g[i]*g[i])
		z[i] += g[i] - float64((math.Sqrt(na)-math.Sqrt(a[i]))/lr*params[i])
		quadratic := math.Sqrt(na) / lr
		params[i] = (0 - z[i]) / quadratic // (clip(z, −l1, l1) − z)/quadratic with l1 = 0
		a[i] = na
	}
}

func (o *ftrl) vars() vars { return varsOf(nil, map[string][]float64{"a": o.a, "z": o.z}) }
