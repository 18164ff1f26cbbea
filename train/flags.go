package train

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"relulab/model"
	"relulab/train/optim"
)

// Flags are the training settings of a command line. Every value is kept as
// text so that a sweep can take comma lists and run their product.
type Flags struct {
	fs             *pflag.FlagSet
	values         map[string]*string
	config, recipe *string
}

// spec describes one training flag, and the key of the same setting in a
// configuration string (see ParseConfig).
type spec struct {
	name, def, usage string
	// key names the setting in configuration strings; "" means name.
	key string
	// opt marks an optimizer setting: it is applied after --opt, and only
	// when given, so that each optimizer otherwise keeps its Keras default.
	opt bool
	// boolean flags may be given without a value, meaning true.
	boolean bool
	set     func(c *Config, v string) error
}

var specs = []spec{
	{name: "hidden", key: "h", def: "3", usage: "hidden layer widths: 3, or 8x8 (also 8,8 outside lists) for up to 3 layers of 1-64",
		set: func(c *Config, v string) (err error) { c.Hidden, err = ParseHidden(v); return }},
	{name: "act", def: "relu", usage: "activation: " + strings.Join(names(model.Activations), ", "),
		set: func(c *Config, v string) (err error) { c.Act, err = model.ParseActivation(v); return }},
	{name: "slope", def: "0.2", usage: "negative slope of leaky_relu (the Keras function's 0.2; Keras's LeakyReLU layer uses 0.3)",
		set: func(c *Config, v string) (err error) { c.Slope, err = parseFloat("slope", v); return }},
	{name: "init", def: "glorot_uniform", usage: "kernel initializer: " + strings.Join(names(model.Initializers), ", "),
		set: func(c *Config, v string) (err error) { c.Init, err = model.ParseInitializer(v); return }},
	{name: "opt", def: "adam", usage: "optimizer: " + strings.Join(optim.Names(), ", "),
		set: func(c *Config, v string) (err error) { c.Opt, err = optim.Default(v); return }},
	{name: "lr", usage: "learning rate (default: the optimizer's Keras default)", opt: true,
		set: func(c *Config, v string) (err error) { c.Opt.LR, err = parseFloat("lr", v); return }},
	{name: "momentum", usage: "momentum of sgd, rmsprop and muon (default: Keras's)", opt: true,
		set: func(c *Config, v string) (err error) { c.Opt.Momentum, err = parseFloat("momentum", v); return }},
	{name: "nesterov", boolean: true, usage: "Nesterov momentum for sgd and muon", opt: true,
		set: func(c *Config, v string) (err error) { c.Opt.Nesterov, err = parseBool("nesterov", v); return }},
	{name: "rho", usage: "decay of rmsprop (0.9) and adadelta (0.95)", opt: true,
		set: func(c *Config, v string) (err error) { c.Opt.Rho, err = parseFloat("rho", v); return }},
	{name: "centered", boolean: true, usage: "centered rmsprop", opt: true,
		set: func(c *Config, v string) (err error) { c.Opt.Centered, err = parseBool("centered", v); return }},
	{name: "amsgrad", boolean: true, usage: "AMSGrad for adam and adamw", opt: true,
		set: func(c *Config, v string) (err error) { c.Opt.AMSGrad, err = parseBool("amsgrad", v); return }},
	{name: "weight-decay", key: "wd", usage: "decoupled weight decay p -= p*wd*lr (default: 0.004 for adamw and muon, else 0)", opt: true,
		set: func(c *Config, v string) (err error) { c.Opt.WeightDecay, err = parseFloat("weight-decay", v); return }},
	{name: "batch", def: "32", usage: "minibatch size",
		set: func(c *Config, v string) (err error) { c.Batch, err = parseInt("batch", v); return }},
	{name: "samples", def: "1024", usage: "training samples drawn once per seed; 0 draws a fresh batch every step",
		set: func(c *Config, v string) (err error) { c.Samples, err = parseInt("samples", v); return }},
	{name: "data", def: "uniform", usage: "input distribution: uniform on [-1,1]², normal N(0,1) per coordinate, disk",
		set: func(c *Config, v string) (err error) { c.Data, err = ParseData(v); return }},
	{name: "seed", def: "1", usage: "random seed of weights, data and batch order",
		set: func(c *Config, v string) (err error) { c.Seed, err = parseSeed(v); return }},
	{name: "l1", def: "0", usage: "L1 penalty on kernels",
		set: func(c *Config, v string) (err error) { c.L1, err = parseFloat("l1", v); return }},
	{name: "l2", def: "0", usage: "L2 penalty on kernels",
		set: func(c *Config, v string) (err error) { c.L2, err = parseFloat("l2", v); return }},
	{name: "dropout", def: "0", usage: "dropout rate on hidden layers (inverted, training only)",
		set: func(c *Config, v string) (err error) { c.Dropout, err = parseFloat("dropout", v); return }},
	{name: "repel", def: "0", usage: "weight of the repel penalty: mean over neuron pairs of max(0, cos)²",
		set: func(c *Config, v string) (err error) { c.Repel, err = parseFloat("repel", v); return }},
	{name: "schedule", def: "constant", usage: "learning-rate schedule over the horizon: constant, cosine (to 0), step (/10 at half, /100 at three quarters)",
		set: func(c *Config, v string) (err error) { c.Schedule, err = ParseSchedule(v); return }},
	{name: "horizon", def: "0", usage: "epochs the schedule and --revive span (0: 3000)",
		set: func(c *Config, v string) (err error) { c.Horizon, err = parseInt("horizon", v); return }},
	{name: "slope-anneal", def: "0", usage: "lower leaky_relu's slope linearly to 0 over N epochs: it ends as ReLU (0: never)",
		set: func(c *Config, v string) (err error) { c.SlopeAnneal, err = parseInt("slope-anneal", v); return }},
	{name: "revive", def: "0", usage: "every N epochs of the first half of the horizon, re-draw weak and collapsed neurons (0: never)",
		set: func(c *Config, v string) (err error) { c.Revive, err = parseInt("revive", v); return }},
	{name: "target", def: "0", usage: "held-out MSE that counts as fitted (default: 1.5x the reference optimum)",
		set: func(c *Config, v string) (err error) { c.Target, err = parseFloat("target", v); return }},
}

// RegisterFlags adds the training flags to fs. With lists, the help says
// that every flag takes a comma list; without seed, --seed is left out (a
// sweep has --seeds instead).
func RegisterFlags(fs *pflag.FlagSet, lists, seed bool) *Flags {
	f := &Flags{fs: fs, values: map[string]*string{}}
	f.config = fs.String("config", "", "a configuration string, as the lab shows it and y copies it "+
		"('h=3 act=relu opt=adam lr=0.001 seed=7'); the flags given with it change its settings")
	f.recipe = fs.String("recipe", "", "apply a named recipe ("+strings.Join(RecipeNames(), ", ")+
		"): reliable makes 3 ReLUs find the pyramid almost every time; the flags given change it; none is no recipe")
	for _, s := range specs {
		if s.name == "seed" && !seed {
			continue
		}
		usage := s.usage
		if lists {
			usage += " (comma list)"
		}
		f.values[s.name] = fs.String(s.name, s.def, usage)
		if s.boolean {
			fs.Lookup(s.name).NoOptDefVal = "true"
		}
	}
	return f
}

// AnyGiven reports whether a training flag or --config was given, and
// the name of the first.
func (f *Flags) AnyGiven() (string, bool) {
	for _, name := range []string{"config", "recipe"} {
		if f.fs.Changed(name) {
			return name, true
		}
	}
	for _, s := range specs {
		if _, ok := f.values[s.name]; ok && f.fs.Changed(s.name) {
			return s.name, true
		}
	}
	return "", false
}

// Config returns the one configuration the flags describe.
func (f *Flags) Config() (Config, error) { return f.ConfigOn(DefaultConfig()) }

// ConfigOn returns base changed by the flags that were given: a server's
// starting configuration with a session's own flags on top, say.
func (f *Flags) ConfigOn(base Config) (Config, error) {
	cs, err := f.configs(false, base)
	if err != nil {
		return Config{}, err
	}
	return cs[0], nil
}

// Configs returns every configuration of the product of the comma lists,
// in the order of the flags, the last flag varying fastest.
func (f *Flags) Configs() ([]Config, error) { return f.configs(true, DefaultConfig()) }

// configs applies the flags that were given to base: each one's value, or
// with lists each value of its comma list in turn.
func (f *Flags) configs(lists bool, base Config) ([]Config, error) {
	if f.fs.Changed("config") {
		var err error
		if base, err = ParseConfig(*f.config); err != nil {
			return nil, err
		}
	}
	// One list of choices per flag, the recipe first.
	recipes := []string{"none"}
	if f.fs.Changed("recipe") {
		recipes = []string{*f.recipe}
		if lists {
			recipes = strings.Split(*f.recipe, ",")
		}
	}
	choices := [][]string{recipes}
	var used []spec
	for _, s := range orderedSpecs() {
		v, ok := f.values[s.name]
		if !ok || !f.fs.Changed(s.name) {
			continue
		}
		vals := []string{*v}
		if lists {
			vals = strings.Split(*v, ",")
		}
		choices = append(choices, vals)
		used = append(used, s)
	}
	var out []Config
	for _, combo := range product(choices) {
		c, err := ApplyRecipe(base, combo[0])
		if err != nil {
			return nil, err
		}
		for i, s := range used {
			if err := s.set(&c, strings.TrimSpace(combo[i+1])); err != nil {
				return nil, err
			}
		}
		if err := c.Validate(); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// orderedSpecs returns the specs with --opt first, so that the optimizer
// settings apply on top of its defaults.
func orderedSpecs() []spec {
	order := slices.Clone(specs)
	slices.SortStableFunc(order, func(a, b spec) int { return b2i(a.name != "opt") - b2i(b.name != "opt") })
	return order
}

// product returns every choice of one value from each list, the last list
// varying fastest.
func product(lists [][]string) [][]string {
	out := [][]string{nil}
	for _, l := range lists {
		var next [][]string
		for _, prefix := range out {
			for _, v := range l {
				next = append(next, append(append([]string(nil), prefix...), v))
			}
		}
		out = next
	}
	return out
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
