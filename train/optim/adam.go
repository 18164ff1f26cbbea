package optim

import (
	"math"

	"relulab/model"
)

// adam implements Kingma & Ba's method as Keras's Adam and AdamW (AdamW is
// Adam with a default weight decay of 0.004):
//
//	m ← m + (g − m)·(1−β₁);  v ← v + (g² − v)·(1−β₂)
//	amsgrad: v̂ ← max(v̂, v), used in place of v
//	α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ);  p ← p − m·α/(√v + ε)
//
// with β₁ = 0.9, β₂ = 0.999, ε = 1e-7. Without amsgrad, a vector kernel
// (adam_amd64.s) takes the parameters four at a time, and the rest one at
// a time, where the CPU has AVX2, with the same bits: the update has no
// sums, and each of its operations is correctly rounded in a vector lane
// as in a scalar.
type adam struct {
	powers
	amsgrad bool
	simd    bool // the vector kernel may run
	m, v, h []float64
}

//go:generate go run -C ../../model/asm . -kernel adam -out ../../train/optim/adam_amd64.s -stubs ../../train/optim/adam_amd64.go -pkg optim

func newAdam(c Config, _ []model.Tensor, n int) rule {
	o := &adam{amsgrad: c.AMSGrad, simd: haveKernel, m: make([]float64, n), v: make([]float64, n)}
	if o.amsgrad {
		o.h = make([]float64, n)
	}
	return o
}

func (o *adam) update(params, grads []float64, lr float64, t int) {
	o.next(t, beta1, beta2)
	alpha := o.stepSize(lr)
	g, m, v := grads[:len(params)], o.m[:len(params)], o.v[:len(params)]
	if o.amsgrad {
		h := o.h[:len(params)]
		for i := range params {
			m[i] = flushSubnormal(m[i] + float64((g[i]-m[i])*(1-beta1)))
			v[i] = flushSubnormal(v[i] + float64((float64(g[i]*g[i])-v[i])*(1-beta2)))
			h[i] = max(h[i], v[i])
			params[i] -= m[i] * alpha / (math.Sqrt(h[i]) + kerasEpsilon)
		}
		return
	}
	if o.simd {
		adamKernel(params, g, m, v, 1-beta1, 1-beta2, alpha, kerasEpsilon)
		return
	}
	for i := range params {
		gi := g[i]
		mi := flushSubnormal(m[i] + float64((gi-m[i])*(1-beta1)))
		vi := flushSubnormal(v[i] + float64((float64(gi*gi)-v[i])*(1-beta2)))
		m[i], v[i] = mi, vi
		params[i] -= mi * alpha / (math.Sqrt(vi) + kerasEpsilon)
	}
}

func (o *adam) setSIMD(on bool) { o.simd = on && haveKernel }

func (o *adam) vars() vars {
	return varsOf(&o.powers, map[string][]float64{"m": o.m, "v": o.v, "h": o.h})
}
