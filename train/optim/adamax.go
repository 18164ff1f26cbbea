package optim

import (
	"math"

	"relulab/model"
)

// adamax is Adam with the infinity norm, as Keras's Adamax:
//
//	m ← m + (g − m)·(1−β₁);  u ← max(β₂·u, |g|)
//	p ← p − lr·m / ((1−β₁ᵗ)·(u + ε))
type adamax struct {
	powers
	m, u []float64
}

func newAdamax(c Config, _ []model.Tensor, n int) rule {
	return &adamax{m: make([]float64, n), u: make([]float64, n)}
}

func (o *adamax) update(params, grads []float64, lr float64, t int) {
	o.next(t, beta1, beta2)
	g, m, u := grads[:len(params)], o.m[:len(params)], o.u[:len(params)]
	for i := range params {
		m[i] += float64((g[i] - m[i]) * (1 - beta1))
		u[i] = max(beta2*u[i], math.Abs(g[i]))
		params[i] -= lr * m[i] / ((1 - o.b1t) * (u[i] + kerasEpsilon))
	}
}

func (o *adamax) vars() vars { return varsOf(&o.powers, map[string][]float64{"m": o.m, "u": o.u}) }
