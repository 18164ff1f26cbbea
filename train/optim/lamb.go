package optim

import (
	"math"

	"relulab/model"
)

// lamb is Adam with a layer-wise trust ratio, as Keras's Lamb. For each
// variable P with update direction u:
//
//	m ← m + (g − m)·(1−β₁);  v ← v + (g² − v)·(1−β₂)
//	u = (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
//	r = ‖P‖/‖u‖ if both norms are positive, else 1;  p ← p − r·lr·u
type lamb struct {
	powers
	tensors []model.Tensor
	m, v, u []float64
}

func newLamb(c Config, ts []model.Tensor, n int) rule {
	return &lamb{tensors: ts, m: make([]float64, n), v: make([]float64, n), u: make([]float64, n)}
}

func (o *lamb) update(params, grads []float64, lr float64, t int) {
	o.next(t, beta1, beta2)
	for _, ts := range o.tensors {
		lo, hi := ts.Off, ts.Off+ts.Len
		p, g, m, v, u := params[lo:hi], grads[lo:hi], o.m[lo:hi], o.v[lo:hi], o.u[lo:hi]
		var pn, un float64
		for i := range p {
			m[i] += float64((g[i] - m[i]) * (1 - beta1))
			v[i] += float64((float64(g[i]*g[i]) - v[i]) * (1 - beta2))
			u[i] = (m[i] / (1 - o.b1t)) / (math.Sqrt(v[i]/(1-o.b2t)) + kerasEpsilon)
			pn += float64(p[i] * p[i])
			un += float64(u[i] * u[i])
		}
		ratio := 1.0
		if pn > 0 && un > 0 {
			ratio = math.Sqrt(pn) / math.Sqrt(un)
		}
		for i := range p {
			p[i] -= float64(ratio * lr * u[i])
		}
	}
}

func (o *lamb) vars() vars { return varsOf(&o.powers, map[string][]float64{"m": o.m, "v": o.v}) }
