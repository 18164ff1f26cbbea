package train

// Lion takes the sign of an interpolated momentum, as Keras's Lion:
//
//	p ← p − lr·sign(β₁·m + (1−β₁)·g);  m ← β₂·m + (1−β₂)·g
//
// with β₁ = 0.9, β₂ = 0.99.
type Lion struct {
	base
	m []float64
}

var _ Optimizer = (*Lion)(nil)

const lionBeta1, lionBeta2 = 0.9, 0.99

func newLion(c OptimizerConfig, n int) *Lion {
	return &Lion{base: base{lr: c.LR, wd: c.WeightDecay}, m: make([]float64, n)}
}

// Step applies one update.
func (o *Lion) Step(params, grads []float64) {
	o.decay(params, o.wd)
	o.t++
	g, m := grads[:len(params)], o.m[:len(params)]
	for i := range params {
		// p ← p − lr·sign(u), with sign(0) = 0
		switch u := m[i]*lionBeta1 + g[i]*(1-lionBeta1); {
		case u > 0:
			params[i] -= o.lr
		case u < 0:
			params[i] -= -o.lr
		}
		m[i] = m[i]*lionBeta2 + g[i]*(1-lionBeta2)
	}
}

func (o *Lion) vars() vars { return o.varsOf(nil, map[string][]float64{"m": o.m}) }
