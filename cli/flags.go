package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"relulab/model"
	"relulab/train"
)

// Options say which training flags a command takes. The zero value
// registers them all, each taking one value.
type Options struct {
	// Lists makes every flag take a comma list (compare, sweep).
	Lists bool
	// NoSeed leaves out --seed: a sweep has --seeds instead.
	NoSeed bool
	// Shape registers only the flags of the network's shape and its data:
	// task, hidden, act, slope, data and seed, without --recipe (optimum).
	Shape bool
}

// shape lists the settings of Options.Shape.
var shape = []string{"task", "hidden", "act", "slope", "data", "seed"}

// Flags are the training settings of a command line. Every value is kept as
// text so that a sweep can take comma lists and run their product.
type Flags struct {
	fs             *pflag.FlagSet
	values         map[string]*string
	config, recipe *string
}

// Register adds the training flags o names to fs: --config, --recipe and
// one flag per setting of train.Settings, whose help shows the setting's
// value in train.DefaultConfig, and where --task relu starts from another
// (see train.TaskConfig) that one too: "32; --task relu: 1000".
func Register(fs *pflag.FlagSet, o Options) *Flags {
	f := &Flags{fs: fs, values: map[string]*string{}}
	f.config = fs.String("config", "", "a configuration string, as the lab shows it and y copies it "+
		"('h=3 act=relu opt=adam lr=0.001 seed=7'); the flags given with it change its settings")
	if !o.Shape {
		f.recipe = fs.String("recipe", "", "apply a named recipe ("+strings.Join(train.RecipeNames(), ", ")+
			"): reliable makes 3 ReLUs find the pyramid almost every time; the flags given change it; none is no recipe")
	}
	def, relu := train.DefaultConfig(), train.TaskConfig(train.TaskReLU)
	for _, s := range train.Settings() {
		if s.Flag == "seed" && o.NoSeed || o.Shape && !slices.Contains(shape, s.Flag) {
			continue
		}
		usage := s.Usage
		if o.Lists {
			usage += " (comma list)"
		}
		shown := ""
		if s.Get != nil {
			shown = s.Get(def)
		}
		f.values[s.Flag] = fs.String(s.Flag, shown, usage)
		if s.Get != nil && s.Flag != "task" && s.Get(relu) != shown {
			fs.Lookup(s.Flag).DefValue = shown + taskDefault + s.Get(relu) // the help shows it; only given values are read
		}
		if s.Boolean {
			fs.Lookup(s.Flag).NoOptDefVal = "true"
		}
	}
	return f
}

// taskDefault joins the default of a setting and its default under --task
// relu in the help.
const taskDefault = "; --task relu: "

// AnyGiven reports whether a training flag or --config was given, and
// the name of the first.
func (f *Flags) AnyGiven() (string, bool) {
	for _, name := range []string{"config", "recipe"} {
		if f.fs.Changed(name) {
			return name, true
		}
	}
	for _, s := range train.Settings() {
		if _, ok := f.values[s.Flag]; ok && f.fs.Changed(s.Flag) {
			return s.Flag, true
		}
	}
	return "", false
}

// Config returns the one configuration the flags describe.
func (f *Flags) Config() (train.Config, error) { return f.ConfigOn(train.DefaultConfig()) }

// ConfigOn returns base changed by the flags that were given: a server's
// starting configuration with a session's own flags on top, say.
func (f *Flags) ConfigOn(base train.Config) (train.Config, error) {
	cs, err := f.configs(false, base)
	if err != nil {
		return train.Config{}, err
	}
	return cs[0], nil
}

// Configs returns every configuration of the product of the comma lists,
// in the order of train.Settings, the last flag varying fastest.
func (f *Flags) Configs() ([]train.Config, error) { return f.configs(true, train.DefaultConfig()) }

// configs applies the flags that were given to base: each one's value, or
// with lists each value of its comma list in turn.
func (f *Flags) configs(lists bool, base train.Config) ([]train.Config, error) {
	if f.fs.Changed("config") {
		var err error
		if base, err = train.ParseConfig(*f.config); err != nil {
			return nil, err
		}
	}
	task := f.values["task"]
	taskGiven := task != nil && f.fs.Changed("task")
	split := func(v string) []string {
		if lists {
			return strings.Split(v, ",")
		}
		return []string{v}
	}
	// One list of choices per flag, the recipe first.
	recipes := []string{"none"}
	if f.recipe != nil && f.fs.Changed("recipe") {
		recipes = split(*f.recipe)
	}
	choices := [][]string{recipes}
	var used []string
	for _, s := range train.Settings() {
		if v, ok := f.values[s.Flag]; ok && f.fs.Changed(s.Flag) {
			choices = append(choices, split(*v))
			used = append(used, s.Flag)
		}
	}
	var out []train.Config
	for _, combo := range product(choices) {
		vals := map[string]string{}
		for i, name := range used {
			vals[name] = strings.TrimSpace(combo[i+1])
		}
		b, err := f.taskBase(base, taskGiven, vals["task"])
		if err != nil {
			return nil, err
		}
		c, err := train.Apply(b, combo[0], vals)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	// A slope other than the default that no configuration uses is a mistake.
	if f.fs.Changed("slope") && !slices.ContainsFunc(out, func(c train.Config) bool {
		return c.Act == model.LeakyReLU || c.Slope == train.DefaultSlope
	}) {
		return nil, fmt.Errorf("--slope is leaky_relu's negative slope, and act=%s has none: add --act leaky_relu", out[0].Act)
	}
	return out, nil
}

// taskBase returns base, or if the task was given the defaults of task
// (train.TaskConfig) with the --config string, if any, on top.
func (f *Flags) taskBase(base train.Config, given bool, task string) (train.Config, error) {
	if !given {
		return base, nil
	}
	k, err := train.ParseTask(task)
	if err != nil {
		return train.Config{}, err
	}
	if !f.fs.Changed("config") {
		return train.TaskConfig(k), nil
	}
	return train.ParseConfigOn(train.TaskConfig(k), *f.config)
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
