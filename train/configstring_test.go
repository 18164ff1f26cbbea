package train

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"relulab/model"
	"relulab/train/optim"
)

// randomConfig draws a valid configuration with every setting random.
func randomConfig(r *rand.Rand) Config {
	c := DefaultConfig()
	c.Hidden = make([]int, 1+r.IntN(3))
	for i := range c.Hidden {
		c.Hidden[i] = 1 + r.IntN(64)
	}
	c.Act = model.Activations[r.IntN(len(model.Activations))]
	c.Slope = r.Float64()
	c.Init = model.Initializers[r.IntN(len(model.Initializers))]
	names := optim.Names()
	c.Opt, _ = optim.Default(names[r.IntN(len(names))])
	c.Opt.LR = math.Exp(-10 * r.Float64())
	// Each setting is kept where the optimizer has it.
	for _, set := range []func(o *optim.Config){
		func(o *optim.Config) { o.Momentum = r.Float64() * 0.99 },
		func(o *optim.Config) { o.Nesterov = r.IntN(2) == 0 },
		func(o *optim.Config) { o.Rho = 0.01 + 0.98*r.Float64() },
		func(o *optim.Config) { o.Centered = r.IntN(2) == 0 },
		func(o *optim.Config) { o.AMSGrad = r.IntN(2) == 0 },
		func(o *optim.Config) { o.WarmupSteps = r.IntN(2) * r.IntN(1000) },
		func(o *optim.Config) { o.WeightDecay = float64(r.IntN(2)) * r.Float64() / 10 },
	} {
		o := c.Opt
		if set(&o); o.Validate() == nil {
			c.Opt = o
		}
	}
	c.Batch = 1 + r.IntN(4096)
	c.Samples = r.IntN(5000)
	c.Data = AllData[r.IntN(len(AllData))]
	c.Seed = r.Uint64()
	for _, p := range []*float64{&c.L1, &c.L2, &c.Dropout, &c.Target} {
		if r.IntN(2) == 0 {
			*p = r.Float64() * 0.9
		}
	}
	if r.IntN(2) == 0 {
		c.Repel = 100 * r.Float64()
	}
	c.Schedule = Schedules[r.IntN(len(Schedules))]
	c.Horizon, c.Revive = r.IntN(3)*r.IntN(10000), r.IntN(2)*r.IntN(500)
	if c.Act == model.LeakyReLU {
		c.SlopeAnneal = r.IntN(2) * r.IntN(3000)
	}
	c.Steps, c.NoBias = r.IntN(2)*r.IntN(1000), r.IntN(2) == 0
	if r.IntN(2) == 0 {
		w := r.NormFloat64()
		c.InitW = &w
	}
	if !c.NoBias && r.IntN(2) == 0 {
		b := r.NormFloat64()
		c.InitB = &b
	}
	if r.IntN(2) == 0 {
		c.Task, c.Revive = TaskReLU, 0
		if r.IntN(2) == 0 {
			c.Direct, c.Hidden = true, []int{1}
		}
	}
	return c
}

// TestConfigStringRoundTrip parses the string of a thousand random
// configurations back into the same configuration.
func TestConfigStringRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		c := randomConfig(r)
		if err := c.Validate(); err != nil {
			t.Fatalf("randomConfig drew an invalid configuration: %v", err)
		}
		got, err := ParseConfig(c.String())
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if !reflect.DeepEqual(got, c) {
			t.Fatalf("%s\nparsed as\n%s\n%+v\nwant\n%+v", c, got, got, c)
		}
	}
}

// TestConfigStringErrors checks that bad strings are refused with a
// message that names the key.
func TestConfigStringErrors(t *testing.T) {
	for s, want := range map[string]string{
		"":                     "empty",
		"h=3 colour=blue":      `unknown key "colour"`,
		"h=3 act":              `"act" is not key=value`,
		"act=relu act=elu":     "act is given twice",
		"lr=fast":              `lr=fast: lr "fast" is not a number`,
		"act=relu7":            `act=relu7: unknown activation "relu7"`,
		"batch=0":              "batch 0 out of range",
		"opt=adam momentum=.5": "adam has no momentum setting",
		"h=3x3x3x3":            "hidden",
		"schedule=linear":      `unknown schedule "linear"`,
		"slope-anneal=100":     "needs act=leaky_relu",
		"opt=adam warmup=10":   "adam has no warmup setting",
		"task=relu init-b=1":   "has none: add --bias",
		"task=relu revive=5":   "revive re-draws neurons of --task abs and spectrum only",
		"task=square":          `unknown task "square"`,
		"task=relu steps=-1":   "steps -1 out of range",
	} {
		_, err := ParseConfig(s)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseConfig(%q): %v, want an error containing %q", s, err, want)
		}
	}
	c, err := ParseConfig("seed=7 lr=1e-2 opt=sgd")
	if err != nil || c.Opt.Name != "sgd" || c.Opt.LR != 0.01 || c.Seed != 7 || c.Act != model.ReLU {
		t.Errorf("fields in any order, the rest defaults: %v, %v", c, err)
	}
}

// FuzzParseConfig feeds arbitrary strings to the parser: it never panics,
// and what it accepts prints back to a string that parses to the same.
func FuzzParseConfig(f *testing.F) {
	f.Add("h=3 act=relu opt=adam lr=0.001 init=glorot_uniform batch=32 data=uniform seed=7")
	f.Add("h=8x8 act=leaky_relu slope=0.3 opt=sgd lr=0.1 momentum=0.9 nesterov=true samples=0")
	f.Add("task=relu act=relu opt=sgd lr=0.01 init=glorot_uniform batch=1000 samples=0 data=normal seed=1 init-w=-10")
	f.Add("task=relu h=3 bias=true init-b=0.5 steps=7")
	f.Add("opt=rmsprop rho=0.5 centered=true wd=0.1 l1=0.01 dropout=0.2 repel=3 target=0.002")
	f.Add("opt=schedulefreeadamw warmup=100 wd=0.004")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseConfig(s)
		if err != nil {
			return
		}
		again, err := ParseConfig(c.String())
		if err != nil || !reflect.DeepEqual(again, c) {
			t.Fatalf("%q parsed as %s, which parses as %s (%v)", s, c, again, err)
		}
	})
}

// TestTaskConfigString checks the string of TaskReLU's defaults and that
// h= takes the single unit's network to a hidden layer with a linear output.
func TestTaskConfigString(t *testing.T) {
	c := TaskConfig(TaskReLU)
	const want = "task=relu act=relu opt=sgd lr=0.01 init=glorot_uniform batch=1000 samples=0 data=normal seed=1"
	if got := c.String(); got != want {
		t.Errorf("TaskConfig(TaskReLU) is %q, want %q", got, want)
	}
	h, err := ParseConfig("task=relu h=1 bias=true")
	if err != nil || h.Direct || h.NoBias || !reflect.DeepEqual(h.Hidden, []int{1}) || h.Opt.Name != "sgd" {
		t.Errorf("task=relu h=1 bias=true: %+v, %v", h, err)
	}
	if got := h.String(); got != "task=relu h=1 act=relu opt=sgd lr=0.01 init=glorot_uniform batch=1000 samples=0 data=normal seed=1 bias=true" {
		t.Errorf("a hidden layer prints as %q", got)
	}
}
