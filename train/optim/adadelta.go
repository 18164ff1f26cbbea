package optim

import (
	"math"

	"relulab/model"
)

// adadelta scales the step by the ratio of two running root mean squares,
// as Keras's Adadelta (which, unlike Zeiler's paper, keeps a learning rate):
//
//	a ← ρ·a + (1−ρ)·g²;  δ = −√(d + ε)/√(a + ε)·g;  d ← ρ·d + (1−ρ)·δ²
//	p ← p + lr·δ
type adadelta struct {
	rho  float64
	a, d []float64
}

func newAdadelta(c Config, _ []model.Tensor, n int) rule {
	return &adadelta{rho: c.Rho, a: make([]float64, n), d: make([]float64, n)}
}

func (o *adadelta) update(params, grads []float64, lr float64, t int) {
	g, a, d := grads[:len(params)], o.a[:len(params)], o.d[:len(params)]
	for i := range params {
		a[i] = float64(o.rho*a[i]) + float64((1-o.rho)*g[i]*g[i])
		delta := -(math.Sqrt(d[i]+kerasEpsilon) * g[i]) / math.Sqrt(a[i]+kerasEpsilon)
		d[i] = float64(o.rho*d[i]) + float64((1-o.rho)*delta*delta)
		params[i] += float64(lr * delta)
	}
}

func (o *adadelta) vars() vars { return varsOf(nil, map[string][]float64{"a": o.a, "d": o.d}) }
