package optim

import (
	"math"

	"relulab/model"
)

// nadam is Adam with Nesterov momentum and Dozat's momentum schedule, as
// Keras's Nadam:
//
//	μₜ = β₁·(1 − ½·0.96ᵗ);  Πₜ = μ₁·…·μₜ
//	m ← m + (g − m)·(1−β₁);  v ← v + (g² − v)·(1−β₂)
//	m̂ = μₜ₊₁·m/(1 − Πₜ·μₜ₊₁) + (1−μₜ)·g/(1 − Πₜ);  v̂ = v/(1−β₂ᵗ)
//	p ← p − lr·m̂/(√v̂ + ε)
type nadam struct {
	powers
	uProduct float64
	m, v     []float64
}

func newNadam(c Config, _ []model.Tensor, n int) rule {
	return &nadam{uProduct: 1, m: make([]float64, n), v: make([]float64, n)}
}

func (o *nadam) update(params, grads []float64, lr float64, step int) {
	o.next(step, beta1, beta2)
	t := float64(step)
	ut := beta1 * (1 - 0.5*math.Pow(0.96, t))
	ut1 := beta1 * (1 - 0.5*math.Pow(0.96, t+1))
	o.uProduct *= ut
	up1 := o.uProduct * ut1
	g, m, v := grads[:len(params)], o.m[:len(params)], o.v[:len(params)]
	for i := range params {
		m[i] += float64((g[i] - m[i]) * (1 - beta1))
		v[i] += float64((float64(g[i]*g[i]) - v[i]) * (1 - beta2))
		mHat := float64(ut1*m[i]/(1-up1)) + float64((1-ut)*g[i]/(1-o.uProduct))
		vHat := v[i] / (1 - o.b2t)
		params[i] -= mHat * lr / (math.Sqrt(vHat) + kerasEpsilon)
	}
}

func (o *nadam) vars() vars {
	v := varsOf(&o.powers, map[string][]float64{"m": o.m, "v": o.v})
	v.scalars["u_product"] = &o.uProduct
	return v
}
