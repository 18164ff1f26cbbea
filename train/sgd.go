package train

// SGD is gradient descent with optional momentum, as Keras's SGD:
//
//	momentum = 0:  p ← p − lr·g
//	otherwise:     m ← μ·m − lr·g;  p ← p + m          (plain)
//	                                 p ← p + μ·m − lr·g (Nesterov)
type SGD struct {
	base
	momentum float64
	nesterov bool
	m        []float64
}

var _ Optimizer = (*SGD)(nil)

func newSGD(c OptimizerConfig, n int) *SGD {
	return &SGD{base: base{lr: c.LR, wd: c.WeightDecay}, momentum: c.Momentum,
		nesterov: c.Nesterov, m: make([]float64, n)}
}

// Step applies one update.
func (o *SGD) Step(params, grads []float64) {
	o.decay(params, o.wd)
	o.t++
	g, m := grads[:len(params)], o.m[:len(params)]
	if o.momentum == 0 {
		for i := range params {
			params[i] -= g[i] * o.lr
		}
		return
	}
	for i := range params {
		m[i] = m[i]*o.momentum - g[i]*o.lr
		if o.nesterov {
			params[i] += m[i]*o.momentum - g[i]*o.lr
		} else {
			params[i] += m[i]
		}
	}
}

func (o *SGD) vars() vars { return o.varsOf(nil, map[string][]float64{"m": o.m}) }
