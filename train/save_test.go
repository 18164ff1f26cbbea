package train

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"relulab/model"
	"relulab/train/optim"
)

// sameBits reports whether a and b hold the same float64 values bit for
// bit (NaN included).
func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// resumeConfigs are configurations whose runs depend on every part of the
// saved state: optimizers with per-parameter state, dropout's random
// stream, streamed batches.
func resumeConfigs() map[string]Config {
	cs := map[string]Config{}
	for _, name := range []string{"adam", "rmsprop", "sgd", "nadam", "adafactor", "ftrl", "lamb", "muon", "adadelta"} {
		c := DefaultConfig()
		c.Seed = 4
		c.Opt, _ = optim.Default(name)
		switch name {
		case "rmsprop":
			c.Opt.Centered, c.Opt.Momentum = true, 0.5
		case "sgd":
			c.Opt.Momentum, c.Opt.Nesterov = 0.9, true
		case "adam":
			c.Opt.AMSGrad = true
		}
		cs[name] = c
	}
	c := DefaultConfig()
	c.Act, c.Dropout, c.Hidden = model.PReLU, 0.2, []int{4, 3}
	cs["prelu with dropout"] = c
	c = DefaultConfig()
	c.Samples, c.Batch = 0, 16
	cs["streamed"] = c
	c = DefaultConfig()
	c.Act, c.SlopeAnneal, c.Schedule, c.Horizon, c.Revive = model.LeakyReLU, 90, Cosine, 200, 20
	cs["annealed, scheduled, revived"] = c
	return cs
}

// TestResumeIsExact saves runs at epoch 60, loads them, and trains both
// the original and the loaded run 60 epochs more: weights, losses and
// history agree bit for bit.
func TestResumeIsExact(t *testing.T) {
	for name, c := range resumeConfigs() {
		a, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		a.SetEvalEvery(7)
		a.Run(60)
		events := []Event{{12, "a key"}}
		data, err := a.Save(events)
		if err != nil {
			t.Fatal(err)
		}
		b, got, err := Load(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(got, events) {
			t.Errorf("%s: events %v", name, got)
		}
		again, _ := b.Save(events)
		if string(again) != string(data) {
			t.Errorf("%s: saving the loaded run writes another file", name)
		}
		b.SetEvalEvery(7)
		a.Run(60)
		b.Run(60)
		if !sameBits(a.net.Params, b.net.Params) {
			t.Errorf("%s: the weights differ after resuming", name)
		}
		ha, hb := a.hist, b.hist
		if a.epoch != b.epoch || !sameBits([]float64{a.trainMSE, a.testMSE}, []float64{b.trainMSE, b.testMSE}) ||
			!slices.Equal(ha.Epoch, hb.Epoch) || !sameBits(ha.Train, hb.Train) || !sameBits(ha.Test, hb.Test) {
			t.Errorf("%s: the losses or the history differ after resuming", name)
		}
	}
}

// TestSaveDivergedRun keeps NaN and ±Inf through a save.
func TestSaveDivergedRun(t *testing.T) {
	c := DefaultConfig()
	c.Opt, _ = optim.Default("sgd")
	c.Opt.LR = 10
	a, _ := New(c)
	a.Run(50)
	if a.Status() != Diverged {
		t.Fatal("sgd at lr 10 did not diverge")
	}
	b := reload(t, a)
	if b.Status() != Diverged || !sameBits(a.net.Params, b.net.Params) || !sameBits([]float64{a.trainMSE}, []float64{b.trainMSE}) {
		t.Error("the diverged run did not come back as it was")
	}
}

// TestLoadErrors checks that damaged and foreign files are refused with
// a message that says what is wrong.
func TestLoadErrors(t *testing.T) {
	a, _ := New(DefaultConfig())
	a.Run(3)
	data, _ := a.Save(nil)
	edit := func(f func(m map[string]any)) []byte {
		var m map[string]any
		json.Unmarshal(data, &m)
		f(m)
		b, _ := json.Marshal(m)
		return b
	}
	for want, file := range map[string][]byte{
		"cut short":                             data[:len(data)/2],
		"not a saved relulab run":               []byte(`{"hello": 1}`),
		"newer relulab (format version 2":       edit(func(m map[string]any) { m["version"] = 2 }),
		"params: 9 values, but the network":     edit(func(m map[string]any) { m["params"] = m["params"].([]any)[:9] }),
		`config: unknown key "colour"`:          edit(func(m map[string]any) { m["config"] = "h=3 colour=red" }),
		"optimizer state: m holds 2 values":     edit(func(m map[string]any) { m["optimizer"].(map[string]any)["slices"].(map[string]any)["m"] = []any{1, 2} }),
		"training set: 1024, 1024 and 5 values": edit(func(m map[string]any) { m["training_set"].(map[string]any)["t"] = []any{1, 2, 3, 4, 5} }),
		"history: stride 3":                     edit(func(m map[string]any) { m["history"].(map[string]any)["stride"] = 3 }),
		"random state":                          edit(func(m map[string]any) { m["random"] = "AAAA" }),
	} {
		if _, _, err := Load(file); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load: %v, want an error containing %q", err, want)
		}
	}
}

// FuzzLoad feeds damaged files to Load: it never panics, and what it
// accepts can be trained and saved again.
func FuzzLoad(f *testing.F) {
	c := DefaultConfig()
	c.Samples = 64 // a small file: quick to mutate and load
	a, _ := New(c)
	a.Run(2)
	data, _ := a.Save([]Event{{1, "x"}})
	f.Add(data)
	f.Add(data[:len(data)-40])
	f.Add([]byte(`{"format":"relulab run","version":1,"config":"h=1"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, _, err := Load(b)
		if err != nil {
			return
		}
		if len(r.net.Params) < 200 && r.cfg.Samples <= 1024 { // mutated sizes can make an epoch take seconds
			r.Run(1)
		}
		if _, err := r.Save(nil); err != nil {
			t.Fatal(err)
		}
	})
}

// TestSaveMidEpoch saves a run in the middle of an epoch: the loaded run
// goes on exactly as the saved one does.
func TestSaveMidEpoch(t *testing.T) {
	c := DefaultConfig()
	c.Samples, c.Batch = 1000, 64
	a, _ := New(c)
	a.Run(2)
	a.RunSamples(500) // 512 samples into the third epoch
	b := reload(t, a)
	a.Run(3)
	b.Run(3)
	if !slices.Equal(a.Params(), b.Params()) || a.TrainMSE() != b.TrainMSE() || a.Epoch() != 5 || b.Epoch() != 5 {
		t.Errorf("saved mid-epoch and loaded, the run went on differently: epoch %d vs %d", a.Epoch(), b.Epoch())
	}
}

// reload saves a and loads it back.
func reload(t *testing.T, a *Trainer) *Trainer {
	t.Helper()
	data, err := a.Save(nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
