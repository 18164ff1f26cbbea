package train

import "math"

// Adamax is Adam with the infinity norm, as Keras's Adamax:
//
//	m ← m + (g − m)·(1−β₁);  u ← max(β₂·u, |g|)
//	p ← p − lr·m / ((1−β₁ᵗ)·(u + ε))
type Adamax struct {
	base
	powers
	m, u []float64
}

var _ Optimizer = (*Adamax)(nil)

func newAdamax(c OptimizerConfig, n int) *Adamax {
	return &Adamax{base: base{lr: c.LR, wd: c.WeightDecay}, m: make([]float64, n), u: make([]float64, n)}
}

// Step applies one update.
func (o *Adamax) Step(params, grads []float64) {
	o.decay(params, o.wd)
	o.t++
	o.next(o.t, beta1, beta2)
	g, m, u := grads[:len(params)], o.m[:len(params)], o.u[:len(params)]
	for i := range params {
		m[i] += (g[i] - m[i]) * (1 - beta1)
		u[i] = max(beta2*u[i], math.Abs(g[i]))
		params[i] -= o.lr * m[i] / ((1 - o.b1t) * (u[i] + kerasEpsilon))
	}
}

func (o *Adamax) vars() vars { return o.varsOf(&o.powers, map[string][]float64{"m": o.m, "u": o.u}) }
