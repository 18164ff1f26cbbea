package train

import "math"

// Ftrl is follow-the-regularized-leader, as Keras's Ftrl with its defaults
// (learning-rate power −½, initial accumulator 0.1, no L1, L2, shrinkage or
// β), for which the update reduces to
//
//	a′ = a + g²;  z ← z + g − (√a′ − √a)/lr·p;  p ← −z/(√a′/lr);  a ← a′
type Ftrl struct {
	base
	a, z []float64
}

var _ Optimizer = (*Ftrl)(nil)

func newFtrl(c OptimizerConfig, n int) *Ftrl {
	return &Ftrl{base: base{lr: c.LR, wd: c.WeightDecay}, a: fill(n, 0.1), z: make([]float64, n)}
}

// Step applies one update.
func (o *Ftrl) Step(params, grads []float64) {
	o.decay(params, o.wd)
	o.t++
	g, a, z := grads[:len(params)], o.a[:len(params)], o.z[:len(params)]
	for i := range params {
		na := a[i] + g[i]*g[i]
		z[i] += g[i] - (math.Sqrt(na)-math.Sqrt(a[i]))/o.lr*params[i]
		quadratic := math.Sqrt(na) / o.lr
		params[i] = (0 - z[i]) / quadratic // (clip(z, −l1, l1) − z)/quadratic with l1 = 0
		a[i] = na
	}
}

func (o *Ftrl) vars() vars { return o.varsOf(nil, map[string][]float64{"a": o.a, "z": o.z}) }
