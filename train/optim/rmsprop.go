package optim

import (
	"math"

	"relulab/model"
)

// rmsprop divides the gradient by a running root mean square, as Keras's
// rmsprop (ε inside the root):
//
//	v ← ρ·v + (1−ρ)·g²
//	centered: a ← ρ·a + (1−ρ)·g;  d = v − a² + ε,  else d = v + ε
//	Δ = lr·g/√d;  momentum > 0: m ← μ·m + Δ;  p ← p − m,  else p ← p − Δ
type rmsprop struct {
	rho, momentum float64
	centered      bool
	v, a, m       []float64
}

func newRMSprop(c Config, _ []model.Tensor, n int) rule {
	return &rmsprop{rho: c.Rho, momentum: c.Momentum,
		centered: c.Centered, v: make([]float64, n), a: make([]float64, n), m: make([]float64, n)}
}

func (o *rmsprop) update(params, grads []float64, lr float64, t int) {
	g, v, a, m := grads[:len(params)], o.v[:len(params)], o.a[:len(params)], o.m[:len(params)]
	for i := range params {
		v[i] = float64(o.rho*v[i]) + float64((1-o.rho)*g[i]*g[i])
		d := v[i] + kerasEpsilon
		if o.centered {
			a[i] = float64(o.rho*a[i]) + float64((1-o.rho)*g[i])
			d = v[i] - float64(a[i]*a[i]) + kerasEpsilon
		}
		inc := lr * g[i] / math.Sqrt(d)
		if o.momentum > 0 {
			m[i] = float64(o.momentum*m[i]) + inc
			inc = m[i]
		}
		params[i] -= inc
	}
}

func (o *rmsprop) vars() vars {
	return varsOf(nil, map[string][]float64{"v": o.v, "a": o.a, "m": o.m})
}
