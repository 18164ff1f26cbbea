package optim

import (
	"fmt"
	"math"
	"strings"

	"relulab/model"
)

// Config names an optimizer and holds its settings. Settings that
// an optimizer does not have must be left at their zero value; Validate says
// which optimizers have which. Default returns Keras's defaults.
type Config struct {
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
	// WarmupSteps is the number of updates over which schedulefreeadamw
	// raises its learning rate linearly from lr/WarmupSteps to lr; 0 means none.
	WarmupSteps int `json:"warmup_steps,omitempty"`
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

// info describes one optimizer: its Keras defaults, which settings
// it has, and how to build it.
type info struct {
	name                          string
	doc                           string
	defaults                      Config
	momentum, nesterov, rho, cent bool // settings the optimizer has
	amsgrad, warmup               bool
	build                         func(c Config, ts []model.Tensor, n int) rule
}

var infos = []info{
	{name: "sgd", doc: "lr 0.01, momentum 0, nesterov false", momentum: true, nesterov: true,
		defaults: Config{LR: 0.01},
		build:    newSGD},
	{name: "rmsprop", doc: "lr 0.001, rho 0.9, momentum 0, centered false", momentum: true, rho: true, cent: true,
		defaults: Config{LR: 1e-3, Rho: 0.9},
		build:    newRMSprop},
	{name: "adam", doc: "lr 0.001, β 0.9/0.999, ε 1e-7, amsgrad false", amsgrad: true,
		defaults: Config{LR: 1e-3},
		build:    newAdam},
	{name: "adamw", doc: "adam with weight decay 0.004", amsgrad: true,
		defaults: Config{LR: 1e-3, WeightDecay: 0.004},
		build:    newAdam},
	{name: "adamax", doc: "lr 0.001, β 0.9/0.999, ε 1e-7",
		defaults: Config{LR: 1e-3},
		build:    newAdamax},
	{name: "nadam", doc: "lr 0.001, β 0.9/0.999, ε 1e-7, momentum schedule 0.96",
		defaults: Config{LR: 1e-3},
		build:    newNadam},
	{name: "adagrad", doc: "lr 0.001, initial accumulator 0.1, ε 1e-7",
		defaults: Config{LR: 1e-3},
		build:    newAdagrad},
	{name: "adadelta", doc: "lr 0.001, rho 0.95, ε 1e-7", rho: true,
		defaults: Config{LR: 1e-3, Rho: 0.95},
		build:    newAdadelta},
	{name: "adafactor", doc: "lr 0.001 (relative step), β₂ decay −0.8, ε 1e-30/1e-3, clip 1",
		defaults: Config{LR: 1e-3},
		build:    newAdafactor},
	{name: "ftrl", doc: "lr 0.001, lr power −0.5, initial accumulator 0.1, no L1/L2",
		defaults: Config{LR: 1e-3},
		build:    newFtrl},
	{name: "lion", doc: "lr 0.001, β 0.9/0.99",
		defaults: Config{LR: 1e-3},
		build:    newLion},
	{name: "lamb", doc: "lr 0.001, β 0.9/0.999, ε 1e-7, layer-wise trust ratio",
		defaults: Config{LR: 1e-3},
		build:    newLamb},
	{name: "muon", doc: "lr 0.001, momentum 0.95 Nesterov, 5 Newton–Schulz steps, rms rate 0.2, weight decay 0.004; adamw for biases",
		momentum: true, nesterov: true,
		defaults: Config{LR: 1e-3, Momentum: 0.95, Nesterov: true, WeightDecay: 0.004},
		build:    newMuon},
	{name: "schedulefreeadamw", doc: "lr 0.0025, β 0.9/0.999, ε 1e-8, warmup 0 steps; trained and evaluated at y", warmup: true,
		defaults: Config{LR: 2.5e-3},
		build:    newScheduleFree},
}

// Names lists the optimizers in the order a key cycles through them.
func Names() []string {
	names := make([]string, len(infos))
	for i, o := range infos {
		names[i] = o.name
	}
	return names
}

// Defaults returns one line per optimizer giving its Keras defaults.
func Defaults() []string {
	lines := make([]string, len(infos))
	for i, o := range infos {
		lines[i] = fmt.Sprintf("%-9s %s", o.name, o.doc)
	}
	return lines
}

func lookup(name string) (info, error) {
	for _, o := range infos {
		if o.name == name {
			return o, nil
		}
	}
	return info{}, fmt.Errorf("unknown optimizer %q (valid: %s)", name, strings.Join(Names(), ", "))
}

// Default returns the Keras defaults of the named optimizer.
func Default(name string) (Config, error) {
	o, err := lookup(strings.ToLower(strings.TrimSpace(name)))
	if err != nil {
		return Config{}, err
	}
	c := o.defaults
	c.Name = o.name
	return c, nil
}

// Validate reports the first setting of c that is out of range or that its
// optimizer does not have.
func (c Config) Validate() error {
	o, err := lookup(c.Name)
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
	case c.WarmupSteps < 0:
		return fmt.Errorf("warmup steps %d out of range (must be ≥ 0)", c.WarmupSteps)
	case c.WarmupSteps != 0 && !o.warmup:
		return fmt.Errorf("%s has no warmup setting (schedulefreeadamw does)", c.Name)
	}
	return nil
}
