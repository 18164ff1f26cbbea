package optim

import "relulab/model"

// sgd is gradient descent with optional momentum, as Keras's SGD:
//
//	momentum = 0:  p ← p − lr·g
//	otherwise:     m ← μ·m − lr·g;  p ← p + m          (plain)
//	                                 p ← p + μ·m − lr·g (Nesterov)
type sgd struct {
	momentum float64
	nesterov bool
	m        []float64
}

func newSGD(c Config, _ []model.Tensor, n int) rule {
	return &sgd{momentum: c.Momentum, nesterov: c.Nesterov, m: make([]float64, n)}
}

func (o *sgd) update(params, grads []float64, lr float64, t int) {
	g, m := grads[:len(params)], o.m[:len(params)]
	if o.momentum == 0 {
		for i := range params {
			params[i] -= float64(g[i] * lr)
		}
		return
	}
	for i := range params {
		m[i] = float64(m[i]*o.momentum) - float64(g[i]*lr)
		if o.nesterov {
			params[i] += float64(m[i]*o.momentum) - float64(g[i]*lr)
		} else {
			params[i] += m[i]
		}
	}
}

func (o *sgd) vars() vars { return varsOf(nil, map[string][]float64{"m": o.m}) }
