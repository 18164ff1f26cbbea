package optim

import (
	"math"

	"relulab/model"
)

// scheduleFree is Defazio et al.'s Schedule-Free AdamW, as Keras's
// ScheduleFreeAdamW (3.14). It keeps z, the sequence the Adam steps move,
// which starts at the parameters, and the second moment v; the parameters
// are y, the point the gradient is taken at, an interpolation between z
// and the average x of the z's:
//
//	lr ← lr·min(t/warmup, 1) if warmup > 0
//	v ← v + (g² − v)·(1−β₂)
//	z ← z − lr·g/(√(v/(1−β₂ᵗ)) + ε)
//	x ← (1 − 1/t)·x + z/t,  x recovered as (y − (1−β₁)·z_old)/β₁
//	y ← (1−β₁)·z + β₁·x
//
// with β₁ = 0.9, β₂ = 0.999 and ε = 1e-8 (not Keras's usual 1e-7). As in
// Keras, x is never stored or swapped in: the model is trained and
// evaluated at y. The averaged weights a schedule-free paper evaluates
// are x = (y − (1−β₁)·z)/β₁.
type scheduleFree struct {
	powers
	warmup int
	z, v   []float64
}

const sfEpsilon = 1e-8

func newScheduleFree(c Config, _ []model.Tensor, n int) rule {
	return &scheduleFree{warmup: c.WarmupSteps, z: make([]float64, n), v: make([]float64, n)}
}

// start sets z to the parameters, as Keras's build does before the first
// update and its weight decay.
func (o *scheduleFree) start(params []float64) { copy(o.z, params) }

func (o *scheduleFree) update(params, grads []float64, lr float64, t int) {
	o.next(t, beta1, beta2)
	step := float64(t)
	if o.warmup > 0 {
		lr *= min(step/float64(o.warmup), 1)
	}
	bc2, w := 1-o.b2t, 1/step
	g, z, v := grads[:len(params)], o.z[:len(params)], o.v[:len(params)]
	for i, gi := range g {
		vi := flushSubnormal(v[i] + float64((float64(gi*gi)-v[i])*(1-beta2)))
		v[i] = vi
		zOld := z[i]
		zi := zOld - float64(lr*gi)/(math.Sqrt(vi/bc2)+sfEpsilon)
		z[i] = zi
		x := (params[i] - float64((1-beta1)*zOld)) / beta1
		x = float64((1-w)*x) + float64(w*zi)
		params[i] = float64((1-beta1)*zi) + float64(beta1*x)
	}
}

func (o *scheduleFree) vars() vars {
	return varsOf(&o.powers, map[string][]float64{"momentum": o.z, "velocity": o.v})
}
