package optim

import "relulab/model"

// lion takes the sign of an interpolated momentum, as Keras's Lion:
//
//	p ← p − lr·sign(β₁·m + (1−β₁)·g);  m ← β₂·m + (1−β₂)·g
//
// with β₁ = 0.9, β₂ = 0.99.
type lion struct {
	m []float64
}

const lionBeta1, lionBeta2 = 0.9, 0.99

func newLion(c Config, _ []model.Tensor, n int) rule {
	return &lion{m: make([]float64, n)}
}

func (o *lion) update(params, grads []float64, lr float64, t int) {
	g, m := grads[:len(params)], o.m[:len(params)]
	for i := range params {
		// p ← p − lr·sign(u), with sign(0) = 0
		switch u := float64(m[i]*lionBeta1) + float64(g[i]*(1-lionBeta1)); {
		case u > 0:
			params[i] -= lr
		case u < 0:
			params[i] -= -lr
		}
		m[i] = float64(m[i]*lionBeta2) + float64(g[i]*(1-lionBeta2))
	}
}

func (o *lion) vars() vars { return varsOf(nil, map[string][]float64{"m": o.m}) }
