package train

import (
	"flag"
	"testing"

	"relulab/internal/digest"
	"relulab/model"
	"relulab/train/optim"
)

var updateDigest = flag.Bool("update-digest", false, "rewrite testdata/runs.digest from this machine")

// digestConfigs are runs whose every operation is +, −, ×, ÷ or √, so that
// they give the same bits on every machine: the piecewise-linear
// activations, the uniform initializers, uniform data, the optimizers
// without math.Pow or matrix functions, dropout and the penalties, the
// shallow kernel and the general path.
func digestConfigs(t *testing.T) []Config {
	var cs []Config
	add := func(edit func(c *Config)) {
		c := DefaultConfig()
		edit(&c)
		cs = append(cs, c)
	}
	opt := func(name string) optim.Config {
		o, err := optim.Default(name)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	add(func(c *Config) {})
	for _, name := range []string{"adamw", "sgd", "rmsprop", "adagrad", "adamax", "lion", "adadelta"} {
		add(func(c *Config) { c.Opt = opt(name); c.Seed = 2 })
	}
	add(func(c *Config) { c.Opt = opt("sgd"); c.Opt.Momentum = 0.9; c.Opt.Nesterov = true })
	add(func(c *Config) { c.Hidden, c.Batch = []int{8}, 7 })
	add(func(c *Config) { c.Hidden, c.Batch, c.Samples = []int{64}, 1, 128 })
	add(func(c *Config) { c.Samples = 0; c.Seed = 3 })
	add(func(c *Config) { c.Act = model.LeakyReLU })
	add(func(c *Config) { c.Hidden = []int{4, 3} })
	add(func(c *Config) { c.L2, c.Repel = 1e-3, 0.1 })
	add(func(c *Config) { c.Revive = 5; c.Seed = 4 })
	for _, name := range []string{"lamb", "ftrl"} {
		add(func(c *Config) { c.Opt = opt(name); c.Seed = 5 })
	}
	add(func(c *Config) { c.Act = model.PReLU; c.Hidden = []int{5} })
	add(func(c *Config) { c.Act = model.Abs; c.Hidden = []int{4} })
	add(func(c *Config) { c.Act = model.Linear; c.Hidden = []int{2, 2} })
	add(func(c *Config) { c.Dropout, c.L1 = 0.1, 1e-3 })
	add(func(c *Config) { c.Init = model.HeUniform; c.Samples = 100 })
	return cs
}

// TestRunDigest checks the bits of short runs against those recorded on
// amd64 in testdata/runs.digest: weights, training and held-out MSE after
// every epoch. CI runs it with and without the vector kernel and for arm64
// under qemu. Regenerate with -update-digest only when a change of numbers
// is intended and explained.
func TestRunDigest(t *testing.T) {
	d := digest.New()
	for _, c := range digestConfigs(t) {
		tr, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		for range 12 {
			tr.Run(1)
			d.Put(tr.TrainMSE(), tr.TestMSE())
			d.Put(tr.Params()...)
		}
	}
	d.Check(t, "testdata/runs.digest", *updateDigest)
}
