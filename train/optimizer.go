package train

import (
	"fmt"
	"math"
	"strings"

	"relulab/model"
)

// Optimizer updates parameters in place from their gradient, with the
// update rule and defaults of the Keras 3 optimizer of the same name.
type Optimizer interface {
	// Step applies one update to params from grads; len(grads) must equal
	// len(params) and the tensors the optimizer was built for.
	Step(params, grads []float64)
	// SetLearningRate sets the learning rate of the following steps; the
	// optimizer's state is kept.
	SetLearningRate(lr float64)
	// vars returns the optimizer's state, for saving and resuming runs.
	vars() vars
}

// OptimizerConfig names an optimizer and holds its settings. Settings that
// an optimizer does not have must be left at their zero value; Validate says
// which optimizers have which. DefaultOptimizer returns Keras's defaults.
type OptimizerConfig struct {
	Name string `json:"name"`
	// LR is the learning rate.
	LR float64 `json:"lr"`
	// Momentum is the momentum of sgd, rmsprop and muon.
	Momentum float64 `json:"momentum,omitempty"`
	// Nesterov selects Nesterov momentum for sgd and muon.
	Nesterov bool `json:"nesterov,omitempty"`
	// Rho is the decay of the squared-gradient average of rmsprop and adadelta.
	Rho float64 `json:"rho,omitempty"`
	// Centered makes rmsprop divide by the gradient's variance, not its
	// second moment.
	Centered bool `json:"centered,omitempty"`
	// AMSGrad makes adam and adamw use the running maximum of v.
	AMSGrad bool `json:"amsgrad,omitempty"`
	// WeightDecay is Keras's decoupled weight decay, p ← p − p·wd·lr before
	// each update; every optimizer has it.
	WeightDecay float64 `json:"weight_decay,omitempty"`
}

// Keras's shared constants.
const (
	kerasEpsilon = 1e-7
	beta1        = 0.9
	beta2        = 0.999
)

// optimizerInfo describes one optimizer: its Keras defaults, which settings
// it has, and how to build it.
type optimizerInfo struct {
	name                          string
	doc                           string
	defaults                      OptimizerConfig
	momentum, nesterov, rho, cent bool // settings the optimizer has
	amsgrad                       bool
	build                         func(c OptimizerConfig, ts []model.Tensor, n int) Optimizer
}

var optimizerInfos = []optimizerInfo{
	{name: "sgd", doc: "lr 0.01, momentum 0, nesterov false", momentum: true, nesterov: true,
		defaults: OptimizerConfig{LR: 0.01},
		build:    func(c OptimizerConfig, _ []model.Tensor, n int) Optimizer { return newSGD(c, n) }},
	{name: "rmsprop", doc: "lr 0.001, rho 0.9, momentum 0, centered false", momentum: true, rho: true, cent: true,
		defaults: OptimizerConfig{LR: 1e-3, Rho: 0.9},
		build:    func(c OptimizerConfig, _ []model.Tensor, n int) Optimizer { return newRMSprop(c, n) }},
	{name: "adam", doc: "lr 0.001, β 0.9/0.999, ε 1e-7, amsgrad false", amsgrad: true,
		defaults: OptimizerConfig{LR: 1e-3},
		build:    func(c OptimizerConfig, _ []model.Tensor, n int) Optimizer { return newAdam(c, n) }},
	{name: "adamw", doc: "adam with weight decay 0.004", amsgrad: true,
		defaults: OptimizerConfig{LR: 1e-3, WeightDecay: 0.004},
		build:    func(c OptimizerConfig, _ []model.Tensor, n int) Optimizer { return newAdam(c, n) }},
	{name: "adamax", doc: "lr 0.001, β 0.9/0.999, ε 1e-7",
		defaults: OptimizerConfig{LR: 1e-3},
		build:    func(c OptimizerConfig, _ []model.Tensor, n int) Optimizer { return newAdamax(c, n) }},
	{name: "nadam", doc: "lr 0.001, β 0.9/0.999, ε 1e-7, momentum schedule 0.96",
		defaults: OptimizerConfig{LR: 1e-3},
		build:    func(c OptimizerConfig, _ []model.Tensor, n int) Optimizer { return newNadam(c, n) }},
	{name: "adagrad", doc: "lr 0.001, initial accumulator 0.1, ε 1e-7",
		defaults: OptimizerConfig{LR: 1e-3},
		build:    func(c OptimizerConfig, _ []model.Tensor, n int) Optimizer { return newAdagrad(c, n) }},
	{name: "adadelta", doc: "lr 0.001, rho 0.95, ε 1e-7", rho: true,
		defaults: OptimizerConfig{LR: 1e-3, Rho: 0.95},
		build:    func(c OptimizerConfig, _ []model.Tensor, n int) Optimizer { return newAdadelta(c, n) }},
	{name: "adafactor", doc: "lr 0.001 (relative step), β₂ decay −0.8, ε 1e-30/1e-3, clip 1",
		defaults: OptimizerConfig{LR: 1e-3},
		build:    func(c OptimizerConfig, ts []model.Tensor, n int) Optimizer { return newAdafactor(c, ts, n) }},
	{name: "ftrl", doc: "lr 0.001, lr power −0.5, initial accumulator 0.1, no L1/L2",
		defaults: OptimizerConfig{LR: 1e-3},
		build:    func(c OptimizerConfig, _ []model.Tensor, n int) Optimizer { return newFtrl(c, n) }},
	{name: "lion", doc: "lr 0.001, β 0.9/0.99",
		defaults: OptimizerConfig{LR: 1e-3},
		build:    func(c OptimizerConfig, _ []model.Tensor, n int) Optimizer { return newLion(c, n) }},
	{name: "lamb", doc: "lr 0.001, β 0.9/0.999, ε 1e-7, layer-wise trust ratio",
		defaults: OptimizerConfig{LR: 1e-3},
		build:    func(c OptimizerConfig, ts []model.Tensor, n int) Optimizer { return newLamb(c, ts, n) }},
	{name: "muon", doc: "lr 0.001, momentum 0.95 Nesterov, 5 Newton–Schulz steps, rms rate 0.2, weight decay 0.004; adamw for biases",
		momentum: true, nesterov: true,
		defaults: OptimizerConfig{LR: 1e-3, Momentum: 0.95, Nesterov: true, WeightDecay: 0.004},
		build:    func(c OptimizerConfig, ts []model.Tensor, n int) Optimizer { return newMuon(c, ts, n) }},
}

// OptimizerNames lists the optimizers in the order a key cycles through them.
func OptimizerNames() []string {
	names := make([]string, len(optimizerInfos))
	for i, o := range optimizerInfos {
		names[i] = o.name
	}
	return names
}

// OptimizerDefaults returns one line per optimizer giving its Keras defaults.
func OptimizerDefaults() []string {
	lines := make([]string, len(optimizerInfos))
	for i, o := range optimizerInfos {
		lines[i] = fmt.Sprintf("%-9s %s", o.name, o.doc)
	}
	return lines
}

func lookupOptimizer(name string) (optimizerInfo, error) {
	for _, o := range optimizerInfos {
		if o.name == name {
			return o, nil
		}
	}
	return optimizerInfo{}, fmt.Errorf("unknown optimizer %q (valid: %s)", name, strings.Join(OptimizerNames(), ", "))
}

// DefaultOptimizer returns the Keras defaults of the named optimizer.
func DefaultOptimizer(name string) (OptimizerConfig, error) {
	o, err := lookupOptimizer(strings.ToLower(strings.TrimSpace(name)))
	if err != nil {
		return OptimizerConfig{}, err
	}
	c := o.defaults
	c.Name = o.name
	return c, nil
}

// Validate reports the first setting of c that is out of range or that its
// optimizer does not have.
func (c OptimizerConfig) Validate() error {
	o, err := lookupOptimizer(c.Name)
	if err != nil {
		return err
	}
	switch {
	case !(c.LR > 0) || math.IsInf(c.LR, 0):
		return fmt.Errorf("lr %v out of range (must be > 0)", c.LR)
	case !(c.WeightDecay >= 0) || math.IsInf(c.WeightDecay, 0):
		return fmt.Errorf("weight decay %v out of range (must be ≥ 0)", c.WeightDecay)
	case !(c.Momentum >= 0 && c.Momentum < 1):
		return fmt.Errorf("momentum %v out of range (must be in [0, 1))", c.Momentum)
	case c.Momentum != 0 && !o.momentum:
		return fmt.Errorf("%s has no momentum setting (sgd, rmsprop and muon do)", c.Name)
	case c.Nesterov && !o.nesterov:
		return fmt.Errorf("%s has no nesterov setting (sgd and muon do)", c.Name)
	case c.Rho != 0 && !o.rho:
		return fmt.Errorf("%s has no rho setting (rmsprop and adadelta do)", c.Name)
	case o.rho && !(c.Rho > 0 && c.Rho < 1):
		return fmt.Errorf("rho %v out of range (must be in (0, 1))", c.Rho)
	case c.Centered && !o.cent:
		return fmt.Errorf("%s has no centered setting (rmsprop does)", c.Name)
	case c.AMSGrad && !o.amsgrad:
		return fmt.Errorf("%s has no amsgrad setting (adam and adamw do)", c.Name)
	}
	return nil
}

// NewOptimizer returns the optimizer c names, built for a parameter vector of
// n values made of the tensors ts.
func NewOptimizer(c OptimizerConfig, ts []model.Tensor, n int) (Optimizer, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	o, _ := lookupOptimizer(c.Name)
	return o.build(c, ts, n), nil
}

// base holds what every Keras optimizer shares: the learning rate, the
// decoupled weight decay and the number of updates applied.
type base struct {
	lr, wd float64
	t      int // Keras's iterations: updates applied so far
}

func (b *base) SetLearningRate(lr float64) { b.lr = lr }

// decay applies Keras's weight decay to params, p ← p − p·wd·lr, as the
// base optimizer does before each update.
func (b *base) decay(params []float64, wd float64) {
	if wd == 0 {
		return
	}
	for i, p := range params {
		params[i] = p - p*wd*b.lr
	}
}

// powers tracks β₁ᵗ and β₂ᵗ for the bias corrections as running products;
// the zero value stands for t = 0.
type powers struct{ b1t, b2t float64 }

func (p *powers) next(t int, b1, b2 float64) {
	if t == 1 {
		p.b1t, p.b2t = 1, 1
	}
	p.b1t *= b1
	p.b2t *= b2
}

// fill returns a slice of n copies of v.
func fill(n int, v float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}
