package train

import (
	"slices"
	"strings"
	"testing"

	"relulab/model"
	"relulab/train/optim"
)

// midEpoch returns a run stopped in the middle of its third epoch.
func midEpoch(t *testing.T) *Trainer {
	t.Helper()
	c := DefaultConfig()
	c.Samples, c.Batch, c.Hidden = 1000, 64, []int{4}
	tr, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	tr.Run(2)
	tr.RunSamples(500)
	return tr
}

// TestRetuneEachKnob changes each knob in the middle of an epoch: the
// configuration says so, the weights and the optimizer state are kept, the
// very next minibatch trains differently from the run left alone, and the
// run saved and loaded after the change goes on bit for bit as the
// original does.
func TestRetuneEachKnob(t *testing.T) {
	for _, tc := range []struct {
		name, set string
		changed   []string
	}{
		{"l1", "l1=0.01", []string{"l1"}},
		{"l2", "l2=0.01", []string{"l2"}},
		{"dropout", "dropout=0.3", []string{"dropout"}},
		{"repel", "repel=10", []string{"repel"}},
		{"schedule", "schedule=cosine horizon=6", []string{"schedule", "horizon"}},
		{"revive", "revive=1 horizon=20 l2=0.5", []string{"l2", "horizon", "revive"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, alone := midEpoch(t), midEpoch(t)
			before, opt, steps := a.Params(), a.opt, a.opt.State().Steps
			c, err := ParseConfigOn(a.Config(), tc.set)
			if err != nil {
				t.Fatal(err)
			}
			r, err := a.Retune(c)
			switch {
			case err != nil:
				t.Fatal(err)
			case !slices.Equal(r.Changed, tc.changed) || r.Fresh:
				t.Errorf("changed %v, fresh %v; want %v, kept", r.Changed, r.Fresh, tc.changed)
			case a.Config().String() != c.String():
				t.Errorf("configuration %q, want %q", a.Config(), c)
			case !sameBits(before, a.Params()) || a.opt != opt || opt.State().Steps != steps || a.Epoch() != 2:
				t.Error("the change did not keep the weights, the optimizer state or the epoch")
			}
			b := reload(t, a)
			if b.Config().String() != c.String() {
				t.Errorf("loaded with %q, want %q", b.Config(), c)
			}
			a.RunSamples(1)
			alone.RunSamples(1)
			if tc.name != "revive" && sameBits(a.Params(), alone.Params()) {
				t.Error("the next minibatch trained as if nothing had changed")
			}
			b.RunSamples(1)
			a.Run(6)
			b.Run(6)
			if !sameBits(a.Params(), b.Params()) || a.TrainMSE() != b.TrainMSE() {
				t.Error("saved after the change and loaded, the run went on differently")
			}
		})
	}
}

// TestRetuneRevives turns revival on mid-run in a run with a dead
// neuron: the run re-draws it at the end of the epoch, as it did not
// before.
func TestRetuneRevives(t *testing.T) {
	a := midEpoch(t)
	w, _, _, _ := a.net.Neuron(0, 1)
	w[0], w[1] = 0, 0
	for _, ts := range a.net.Tensors() {
		if ts.Kind == model.Bias && ts.Layer == 0 {
			a.net.Params[ts.Off+1] = -1 // neuron 2 is dead
		}
	}
	a.Run(2)
	if a.revivals != 0 {
		t.Fatalf("%d revivals without revive", a.revivals)
	}
	c, _ := ParseConfigOn(a.Config(), "revive=1 horizon=100")
	if _, err := a.Retune(c); err != nil {
		t.Fatal(err)
	}
	if a.Run(1); a.revivals != 1 || !slices.Equal(a.revived, []int{1}) {
		t.Errorf("revive=1 turned on mid-run: %d revivals of %v, want neuron 2 (index 1) re-drawn", a.revivals, a.revived)
	}
}

// TestRetuneScheduleAppliesNow checks that a schedule switched on in the
// middle of an epoch sets the rate of the next minibatch, not the next
// epoch's.
func TestRetuneScheduleAppliesNow(t *testing.T) {
	a := midEpoch(t)
	c, _ := ParseConfigOn(a.Config(), "schedule=step horizon=4")
	a.Retune(c)
	if want := c.Opt.LR / 10; a.lr != want {
		t.Errorf("lr %v after switching to step at epoch 2 of 4, want %v", a.lr, want)
	}
}

// TestRetuneOptimizer: another optimizer, or another setting of it,
// starts its state anew; the learning rate alone keeps it.
func TestRetuneOptimizer(t *testing.T) {
	a := midEpoch(t)
	c := a.Config()
	c.Opt.LR = 0.01
	if r, err := a.Retune(c); err != nil || r.Fresh || !slices.Equal(r.Changed, []string{"lr"}) || a.opt.State().Steps == 0 {
		t.Errorf("lr alone: %+v, %v, %d steps", r, err, a.opt.State().Steps)
	}
	c.Opt.AMSGrad = true
	if r, _ := a.Retune(c); !r.Fresh || a.opt.State().Steps != 0 || !a.opt.Config().AMSGrad {
		t.Errorf("amsgrad: %+v, an optimizer of %d steps", r, a.opt.State().Steps)
	}
}

// TestRetuneRecipe applies the reliable recipe to a running run: it says
// which settings it set, and the optimizer it names starts fresh.
func TestRetuneRecipe(t *testing.T) {
	a := midEpoch(t)
	c, err := ApplyRecipe(a.Config(), "reliable")
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.Retune(c)
	if err != nil || !r.Fresh || !slices.Equal(r.Changed, []string{"opt", "lr", "schedule", "revive"}) {
		t.Errorf("recipe: %+v, %v", r, err)
	}
	if got := a.Config(); got.Opt.Name != "lamb" || got.Revive != 50 || got.Schedule != Cosine {
		t.Errorf("after the recipe: %s", got)
	}
}

// TestRetuneRefuses: a change of what Retune cannot change, or an invalid
// value, is an error that changes nothing.
func TestRetuneRefuses(t *testing.T) {
	a := midEpoch(t)
	was := a.Config().String()
	c := a.Config()
	c.Act, c.L2 = model.ELU, 0.1
	if _, err := a.Retune(c); err == nil || !strings.Contains(err.Error(), "act cannot change") {
		t.Errorf("act: %v", err)
	}
	c = a.Config()
	c.Dropout = 1
	if _, err := a.Retune(c); err == nil {
		t.Error("dropout 1 accepted")
	}
	c = a.Config()
	c.Opt, _ = optim.Default("sgd")
	c.Opt.LR = -1
	if _, err := a.Retune(c); err == nil {
		t.Error("lr −1 accepted")
	}
	if a.Config().String() != was || a.opt.Config().Name != "adam" {
		t.Errorf("refused changes changed the run: %s", a.Config())
	}
}

// TestLearningRateMidEpoch changes the learning rate in the middle of an
// epoch and saves: the loaded run goes on as the original does, because
// both train the next minibatch at the new rate.
func TestLearningRateMidEpoch(t *testing.T) {
	a := midEpoch(t)
	if err := a.SetLearningRate(0.05); err != nil {
		t.Fatal(err)
	}
	if a.lr != 0.05 {
		t.Errorf("lr %v after the change, want 0.05 at once", a.lr)
	}
	b := reload(t, a)
	a.Run(3)
	b.Run(3)
	if !sameBits(a.Params(), b.Params()) {
		t.Error("an lr changed mid-epoch, saved and loaded, went on differently")
	}
}
