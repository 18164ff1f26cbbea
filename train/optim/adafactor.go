package optim

import (
	"math"

	"relulab/model"
)

// adafactor keeps factored second moments for matrices, as Keras's
// Adafactor with its defaults (relative step, β₂ decay −0.8, ε₁ = 1e-30,
// ε₂ = 1e-3, clip threshold 1). At step t, for each variable P:
//
//	ρ = min(lr, 1/√t);  α = max(ε₂, rms(P))·ρ;  β = 1 − t^−0.8;  G² = g² + ε₁
//	kernel (In×Out): r ← β·r + (1−β)·mean over Out of G²;  c ← β·c + (1−β)·mean over In of G²
//	                 v = r/mean(r) ⊗ c
//	vector:          v ← β·v + (1−β)·G²
//	u = g/√v;  p ← p − α·u/max(1, rms(u))
type adafactor struct {
	tensors []model.Tensor
	r, c, v []float64 // r and c hold every kernel's factors, v every vector's moments
	u       []float64 // scratch: one tensor's update
	ro, co  []int     // offsets of each tensor's factors in r and c
}

const (
	adafactorEps1 = 1e-30
	adafactorEps2 = 1e-3
	adafactorClip = 1.0
	adafactorDec  = -0.8
)

func newAdafactor(c Config, ts []model.Tensor, n int) rule {
	o := &adafactor{tensors: ts, v: make([]float64, n)}
	widest := 0
	for _, t := range ts {
		o.ro, o.co = append(o.ro, len(o.r)), append(o.co, len(o.c))
		if t.Kind == model.Kernel {
			o.r = append(o.r, make([]float64, t.In)...)
			o.c = append(o.c, make([]float64, t.Out)...)
		}
		widest = max(widest, t.Len)
	}
	o.u = make([]float64, widest)
	return o
}

func (o *adafactor) update(params, grads []float64, lr float64, step int) {
	t := float64(step)
	rho := min(lr, 1/math.Sqrt(t)) // the relative step, ρₜ
	beta := 1 - math.Pow(t, adafactorDec)
	for ti, ts := range o.tensors {
		p, g := params[ts.Off:ts.Off+ts.Len], grads[ts.Off:ts.Off+ts.Len]
		v, u := o.v[ts.Off:ts.Off+ts.Len], o.u[:ts.Len]
		alpha := max(adafactorEps2, rms(p)) * rho
		if ts.Kind == model.Kernel {
			o.factor(ts, g, v, o.r[o.ro[ti]:o.ro[ti]+ts.In], o.c[o.co[ti]:o.co[ti]+ts.Out], beta)
		} else {
			for i, gi := range g {
				v[i] = beta*v[i] + (1-beta)*(gi*gi+adafactorEps1)
			}
		}
		for i, gi := range g {
			u[i] = gi / math.Sqrt(v[i])
		}
		clip := max(1, rms(u)/adafactorClip)
		for i := range p {
			p[i] -= alpha * (u[i] / clip)
		}
	}
}

// factor updates the row and column factors r (length In) and c (length
// Out) of one kernel from its gradient g, stored as Out rows of In, and
// sets v = r/mean(r) ⊗ c.
func (o *adafactor) factor(ts model.Tensor, g, v, r, c []float64, beta float64) {
	for k := range r {
		s := 0.0
		for j := range c {
			gi := g[j*ts.In+k]
			s += gi*gi + adafactorEps1
		}
		r[k] = beta*r[k] + (1-beta)*(s/float64(ts.Out))
	}
	for j := range c {
		s := 0.0
		for _, gi := range g[j*ts.In : (j+1)*ts.In] {
			s += gi*gi + adafactorEps1
		}
		c[j] = beta*c[j] + (1-beta)*(s/float64(ts.In))
	}
	meanR := 0.0
	for _, x := range r {
		meanR += x
	}
	meanR /= float64(len(r))
	for j := range c {
		for k := range r {
			v[j*ts.In+k] = r[k] / meanR * c[j]
		}
	}
}

// rms returns √(mean(x²)).
func rms(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}

func (o *adafactor) vars() vars {
	return varsOf(nil, map[string][]float64{"r": o.r, "c": o.c, "v": o.v})
}
