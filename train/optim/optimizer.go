package optim

import (
	"math"

	"relulab/model"
)

// Optimizer updates parameters in place from their gradient, with the
// update rule and defaults of the Keras 3 optimizer its Config names. It is
// what every Keras optimizer shares, as Keras's BaseOptimizer: each Step
// applies the decoupled weight decay, counts the update and hands over to
// the update rule. New builds one; the zero value is not usable.
type Optimizer struct {
	c    Config
	t    int // Keras's iterations: updates applied so far
	rule rule
}

// rule is one optimizer's update_step: what follows the shared opening.
type rule interface {
	// update applies update t, counted from 1, at learning rate lr.
	update(params, grads []float64, lr float64, t int)
	// vars returns the rule's state by name, for saving and resuming.
	vars() vars
}

// New returns the optimizer c names, built for the parameter vector made
// of the tensors ts, or the first error of c.Validate.
func New(c Config, ts []model.Tensor) (*Optimizer, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return build(c, ts), nil
}

// build returns the optimizer of the valid configuration c.
func build(c Config, ts []model.Tensor) *Optimizer {
	n := 0
	for _, t := range ts {
		n = max(n, t.Off+t.Len)
	}
	in, _ := lookup(c.Name) // c is valid
	return &Optimizer{c: c, rule: in.build(c, ts, n)}
}

// Config returns the configuration o was built from.
func (o *Optimizer) Config() Config { return o.c }

// Fresh returns a new optimizer of o's configuration for the tensors ts:
// its state starts anew. It cannot fail, as o's configuration is valid.
func (o *Optimizer) Fresh(ts []model.Tensor) *Optimizer { return build(o.c, ts) }

// Step applies one update to params from grads at learning rate lr:
// Keras's weight decay p ← p − p·wd·lr, then the update rule. len(grads)
// must equal len(params), and both the length of the tensors o was built for.
func (o *Optimizer) Step(params, grads []float64, lr float64) {
	if o.t == 0 {
		if s, ok := o.rule.(starter); ok {
			s.start(params)
		}
	}
	if wd := o.c.WeightDecay; wd != 0 {
		for i, p := range params {
			params[i] = p - float64(p*wd*lr)
		}
	}
	o.t++
	o.rule.update(params, grads, lr, o.t)
}

// SetSIMD turns the vector kernels of the update rules off, or back on
// where the CPU has them, and reports whether they can now run: Adam and
// AdamW's, on amd64 with AVX2. Both paths give the same bits; the switch
// is for benchmarks and tests.
func (o *Optimizer) SetSIMD(on bool) bool {
	if r, ok := o.rule.(vectorRule); ok {
		r.setSIMD(on)
		return on && haveKernel
	}
	return false
}

// vectorRule is a rule with a vector kernel.
type vectorRule interface{ setSIMD(on bool) }

// starter is a rule whose state starts from the parameters: start is called
// before the first update, ahead of the weight decay, as Keras builds its
// variables before it applies anything.
type starter interface{ start(params []float64) }

// powers tracks β₁ᵗ and β₂ᵗ for the bias corrections as running products;
// the zero value stands for t = 0.
type powers struct{ b1t, b2t float64 }

func (p *powers) next(t int, b1, b2 float64) {
	if t == 1 {
		p.b1t, p.b2t = 1, 1
	}
	p.b1t = flushTiny(float64(p.b1t * b1))
	p.b2t = flushTiny(float64(p.b2t * b2))
}

// stepSize returns Adam's step size with both bias corrections,
//
//	α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ),
//
// leaving out the square root or the division once its operand is exactly
// 1, as it is from about step 400 (β₁ᵗ) and 41,500 (β₂ᵗ) on: √1 = 1 and
// x/1 = x, so the bits are the formula's.
func (p *powers) stepSize(lr float64) float64 {
	alpha := lr
	if d := 1 - p.b2t; d != 1 {
		alpha *= math.Sqrt(d)
	}
	if d := 1 - p.b1t; d != 1 {
		alpha /= d
	}
	return alpha
}

// flushSubnormal returns 0 for a subnormal x (0 < |x| < 2⁻¹⁰²²) and x
// otherwise. The moments of a parameter whose gradient stays 0 (a dead
// neuron's) decay geometrically into the subnormals and stay at the
// smallest of them, where every operation on them takes a slow path on
// x86: in a sweep of the default network that was nearly half the time.
// Flushing them changes no result: a subnormal moment moves a parameter by
// less than 10⁻³⁰⁰, which is lost in rounding unless the parameter is that
// small itself, and it adds nothing that rounds differently to a gradient
// above 10⁻²⁹⁰.
func flushSubnormal(x float64) float64 {
	if math.Abs(x) < 0x1p-1022 {
		return 0
	}
	return x
}

// flushTiny returns 0 for |x| < 2⁻⁶⁰ and x otherwise. The powers are only
// used as 1 − βᵗ, which is exactly 1 for βᵗ < 2⁻⁵⁴ either way, but left
// alone β₁ᵗ would sink into the subnormals after 7000 steps and stay at the
// smallest of them, where every multiplication takes a slow path (about a
// quarter of an epoch of the default network).
func flushTiny(x float64) float64 {
	if math.Abs(x) < 0x1p-60 {
		return 0
	}
	return x
}

// fill returns a slice of n copies of v.
func fill(n int, v float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}
