package train

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"relulab/model"
	"relulab/train/optim"
)

// Setting is one setting of a Config, as a command-line flag and a key of
// configuration strings (see ParseConfig) name it.
type Setting struct {
	Flag  string // the flag's name
	Key   string // the key in configuration strings
	Usage string
	// Boolean settings may be given without a value, meaning true.
	Boolean bool
	// Set parses v into c.
	Set func(c *Config, v string) error
	// Get returns c's value of the setting as Set reads it, or nil for a
	// setting of the optimizer, applied after opt and only when given so
	// that each optimizer otherwise keeps its Keras defaults, and for
	// init-w and init-b, which have no value until given.
	Get func(c Config) string
}

// Settings returns every setting in the order they apply: task first, then
// opt, so that the optimizer's settings apply on top of its defaults, then
// the others in the order of configuration strings. Setting the task sets
// only Config.Task: ParseConfig and the cli package start from the task's
// defaults (TaskConfig) when it is given.
func Settings() []Setting {
	order := slices.Clone(settings)
	rank := func(s Setting) int { return b2i(s.Flag != "task") + b2i(s.Flag != "opt") }
	slices.SortStableFunc(order, func(a, b Setting) int { return rank(a) - rank(b) })
	return order
}

// Apply returns base with the named recipe applied (see ApplyRecipe; "none"
// is none) and then the settings in vals, by flag name, in the order of
// Settings; or the first error, the last of them c.Validate's.
func Apply(base Config, recipe string, vals map[string]string) (Config, error) {
	c, err := ApplyRecipe(base, recipe)
	if err != nil {
		return Config{}, err
	}
	for _, s := range Settings() {
		if v, ok := vals[s.Flag]; ok {
			if err := s.Set(&c, v); err != nil {
				return Config{}, err
			}
		}
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

var settings = []Setting{
	{Flag: "task", Key: "task", Usage: "what the network learns: abs (|x+iy|), relu (max(0,x) by one ReLU unit without bias, SGD, batches of 1000 from N(0,1), 100 steps an epoch, 20 epochs) or spectrum:N (the amplitude spectrum of signals of N = 4, 8, 16 or 32 samples: N inputs, N/2+1 outputs)",
		Set: func(c *Config, v string) (err error) { c.Task, err = ParseTask(v); return },
		Get: func(c Config) string { return c.Task.String() }},
	{Flag: "hidden", Key: "h", Usage: "hidden layer widths: 3, or 8x8 (also 8,8 outside lists) for up to 3 layers of 1-64; with --task relu, a hidden layer with a linear output in place of the single unit",
		Set: func(c *Config, v string) (err error) { c.Hidden, err = ParseHidden(v); c.Direct = false; return },
		Get: func(c Config) string { return HiddenString(c.Hidden) }},
	{Flag: "act", Key: "act", Usage: "activation: " + strings.Join(names(model.Activations), ", "),
		Set: func(c *Config, v string) (err error) { c.Act, err = model.ParseActivation(v); return },
		Get: func(c Config) string { return c.Act.String() }},
	{Flag: "slope", Key: "slope", Usage: "negative slope of leaky_relu (the Keras function's 0.2; Keras's LeakyReLU layer uses 0.3)",
		Set: func(c *Config, v string) (err error) { c.Slope, err = parseFloat("slope", v); return },
		Get: func(c Config) string { return fmtFloat(c.Slope) }},
	{Flag: "init", Key: "init", Usage: "kernel initializer: " + strings.Join(names(model.Initializers), ", "),
		Set: func(c *Config, v string) (err error) { c.Init, err = model.ParseInitializer(v); return },
		Get: func(c Config) string { return c.Init.String() }},
	{Flag: "opt", Key: "opt", Usage: "optimizer: " + strings.Join(optim.Names(), ", "),
		Set: func(c *Config, v string) (err error) { c.Opt, err = optim.Default(v); return },
		Get: func(c Config) string { return c.Opt.Name }},
	{Flag: "lr", Key: "lr", Usage: "learning rate (default: the optimizer's Keras default)",
		Set: func(c *Config, v string) (err error) { c.Opt.LR, err = parseFloat("lr", v); return }},
	{Flag: "momentum", Key: "momentum", Usage: "momentum of sgd, rmsprop and muon (default: Keras's)",
		Set: func(c *Config, v string) (err error) { c.Opt.Momentum, err = parseFloat("momentum", v); return }},
	{Flag: "nesterov", Key: "nesterov", Boolean: true, Usage: "Nesterov momentum for sgd and muon",
		Set: func(c *Config, v string) (err error) { c.Opt.Nesterov, err = parseBool("nesterov", v); return }},
	{Flag: "rho", Key: "rho", Usage: "decay of rmsprop (0.9) and adadelta (0.95)",
		Set: func(c *Config, v string) (err error) { c.Opt.Rho, err = parseFloat("rho", v); return }},
	{Flag: "centered", Key: "centered", Boolean: true, Usage: "centered rmsprop",
		Set: func(c *Config, v string) (err error) { c.Opt.Centered, err = parseBool("centered", v); return }},
	{Flag: "amsgrad", Key: "amsgrad", Boolean: true, Usage: "AMSGrad for adam and adamw",
		Set: func(c *Config, v string) (err error) { c.Opt.AMSGrad, err = parseBool("amsgrad", v); return }},
	{Flag: "warmup-steps", Key: "warmup", Usage: "linear lr warm-up of schedulefreeadamw over the first N updates (default: Keras's 0)",
		Set: func(c *Config, v string) (err error) { c.Opt.WarmupSteps, err = parseInt("warmup-steps", v); return }},
	{Flag: "weight-decay", Key: "wd", Usage: "decoupled weight decay p -= p*wd*lr (default: 0.004 for adamw and muon, else 0)",
		Set: func(c *Config, v string) (err error) { c.Opt.WeightDecay, err = parseFloat("weight-decay", v); return }},
	{Flag: "batch", Key: "batch", Usage: "minibatch size",
		Set: func(c *Config, v string) (err error) { c.Batch, err = parseInt("batch", v); return },
		Get: func(c Config) string { return strconv.Itoa(c.Batch) }},
	{Flag: "samples", Key: "samples", Usage: "training samples drawn once per seed; 0 draws a fresh batch every step",
		Set: func(c *Config, v string) (err error) { c.Samples, err = parseInt("samples", v); return },
		Get: func(c Config) string { return strconv.Itoa(c.Samples) }},
	{Flag: "steps", Key: "steps", Usage: "with --samples 0, minibatches an epoch, 0 meaning 1024 samples' worth",
		Set: func(c *Config, v string) (err error) { c.Steps, err = parseInt("steps", v); return },
		Get: func(c Config) string { return strconv.Itoa(c.Steps) }},
	{Flag: "bias", Key: "bias", Boolean: true, Usage: "biases in every layer",
		Set: func(c *Config, v string) (err error) { nb, err := parseBool("bias", v); c.NoBias = !nb; return err },
		Get: func(c Config) string { return strconv.FormatBool(!c.NoBias) }},
	{Flag: "init-w", Key: "init-w", Usage: "start every first-layer weight at this value, as Keras's set_weights (--task relu: -10 is the question's failing start)",
		Set: func(c *Config, v string) error { return setPtr(&c.InitW, "init-w", v) }},
	{Flag: "init-b", Key: "init-b", Usage: "start every first-layer bias at this value (needs biases)",
		Set: func(c *Config, v string) error { return setPtr(&c.InitB, "init-b", v) }},
	{Flag: "data", Key: "data", Usage: "input distribution: uniform on [-1,1]², normal N(0,1) per coordinate, disk",
		Set: func(c *Config, v string) (err error) { c.Data, err = ParseData(v); return },
		Get: func(c Config) string { return c.Data.String() }},
	{Flag: "seed", Key: "seed", Usage: "random seed of weights, data and batch order",
		Set: func(c *Config, v string) (err error) { c.Seed, err = parseSeed(v); return },
		Get: func(c Config) string { return strconv.FormatUint(c.Seed, 10) }},
	{Flag: "l1", Key: "l1", Usage: "L1 penalty on kernels",
		Set: func(c *Config, v string) (err error) { c.L1, err = parseFloat("l1", v); return },
		Get: func(c Config) string { return fmtFloat(c.L1) }},
	{Flag: "l2", Key: "l2", Usage: "L2 penalty on kernels",
		Set: func(c *Config, v string) (err error) { c.L2, err = parseFloat("l2", v); return },
		Get: func(c Config) string { return fmtFloat(c.L2) }},
	{Flag: "dropout", Key: "dropout", Usage: "dropout rate on hidden layers (inverted, training only)",
		Set: func(c *Config, v string) (err error) { c.Dropout, err = parseFloat("dropout", v); return },
		Get: func(c Config) string { return fmtFloat(c.Dropout) }},
	{Flag: "repel", Key: "repel", Usage: "weight of the repel penalty: mean over neuron pairs of max(0, cos)²",
		Set: func(c *Config, v string) (err error) { c.Repel, err = parseFloat("repel", v); return },
		Get: func(c Config) string { return fmtFloat(c.Repel) }},
	{Flag: "schedule", Key: "schedule", Usage: "learning-rate schedule over the horizon: constant, cosine (to 0), step (/10 at half, /100 at three quarters)",
		Set: func(c *Config, v string) (err error) { c.Schedule, err = ParseSchedule(v); return },
		Get: func(c Config) string { return c.Schedule.String() }},
	{Flag: "horizon", Key: "horizon", Usage: "epochs the schedule and revive span (0: 3000)",
		Set: func(c *Config, v string) (err error) { c.Horizon, err = parseInt("horizon", v); return },
		Get: func(c Config) string { return strconv.Itoa(c.Horizon) }},
	{Flag: "slope-anneal", Key: "slope-anneal", Usage: "lower leaky_relu's slope linearly to 0 over N epochs: it ends as ReLU (0: never)",
		Set: func(c *Config, v string) (err error) { c.SlopeAnneal, err = parseInt("slope-anneal", v); return },
		Get: func(c Config) string { return strconv.Itoa(c.SlopeAnneal) }},
	{Flag: "revive", Key: "revive", Usage: "every N epochs of the first half of the horizon, re-draw weak and collapsed neurons (0: never)",
		Set: func(c *Config, v string) (err error) { c.Revive, err = parseInt("revive", v); return },
		Get: func(c Config) string { return strconv.Itoa(c.Revive) }},
	{Flag: "target", Key: "target", Usage: "held-out MSE that counts as fitted (default: 1.5x the reference optimum)",
		Set: func(c *Config, v string) (err error) { c.Target, err = parseFloat("target", v); return },
		Get: func(c Config) string { return fmtFloat(c.Target) }},
}

func parseFloat(name, v string) (float64, error) {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a number", name, v)
	}
	return x, nil
}

func parseInt(name, v string) (int, error) {
	x, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a whole number", name, v)
	}
	return x, nil
}

func parseBool(name, v string) (bool, error) {
	x, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s %q is not true or false", name, v)
	}
	return x, nil
}

func parseSeed(v string) (uint64, error) {
	x, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("seed %q is not a whole number ≥ 0", v)
	}
	return x, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// names returns the String of each value.
func names[T fmt.Stringer](vs []T) []string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = v.String()
	}
	return s
}

// setPtr parses v into a new float that *p points at.
func setPtr(p **float64, name, v string) error {
	f, err := parseFloat(name, v)
	if err == nil {
		*p = &f
	}
	return err
}
