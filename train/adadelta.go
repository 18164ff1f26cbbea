package train

import "math"

// Adadelta scales the step by the ratio of two running root mean squares,
// as Keras's Adadelta (which, unlike Zeiler's paper, keeps a learning rate):
//
//	a ← ρ·a + (1−ρ)·g²;  δ = −√(d + ε)/√(a + ε)·g;  d ← ρ·d + (1−ρ)·δ²
//	p ← p + lr·δ
type Adadelta struct {
	base
	rho  float64
	a, d []float64
}

var _ Optimizer = (*Adadelta)(nil)

func newAdadelta(c OptimizerConfig, n int) *Adadelta {
	return &Adadelta{base: base{lr: c.LR, wd: c.WeightDecay}, rho: c.Rho,
		a: make([]float64, n), d: make([]float64, n)}
}

// Step applies one update.
func (o *Adadelta) Step(params, grads []float64) {
	o.decay(params, o.wd)
	o.t++
	g, a, d := grads[:len(params)], o.a[:len(params)], o.d[:len(params)]
	for i := range params {
		a[i] = o.rho*a[i] + (1-o.rho)*g[i]*g[i]
		delta := -(math.Sqrt(d[i]+kerasEpsilon) * g[i]) / math.Sqrt(a[i]+kerasEpsilon)
		d[i] = o.rho*d[i] + (1-o.rho)*delta*delta
		params[i] += o.lr * delta
	}
}

func (o *Adadelta) vars() vars { return o.varsOf(nil, map[string][]float64{"a": o.a, "d": o.d}) }
