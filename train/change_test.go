package train

import (
	"math"
	"slices"
	"strings"
	"testing"

	"relulab/model"
	"relulab/train/optim"
)

func trained(t *testing.T) *Trainer {
	t.Helper()
	tr, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	tr.Run(5)
	return tr
}

func TestChangesKeepWhatTheySay(t *testing.T) {
	t.Run("optimizer", func(t *testing.T) {
		tr := trained(t)
		before := tr.Params()
		sgd, _ := optim.Default("sgd")
		if err := tr.SetOptimizer(sgd); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(before, tr.Params()) || tr.Epoch() != 5 {
			t.Error("a new optimizer changed the weights or the epoch")
		}
		if o := tr.opt; o.Config().Name != "sgd" || o.State().Steps != 0 {
			t.Errorf("optimizer %s after %d steps, want a fresh sgd", o.Config().Name, o.State().Steps)
		}
	})
	t.Run("learning rate", func(t *testing.T) {
		tr := trained(t)
		adam := tr.opt
		if err := tr.SetLearningRate(0.01); err != nil || tr.opt != adam || adam.State().Steps != 5*32 {
			t.Errorf("lr change: err %v, same optimizer %v, steps %d", err, tr.opt == adam, adam.State().Steps)
		}
		if tr.Run(1); tr.lr != 0.01 {
			t.Errorf("the epoch after the change ran at lr %v, want 0.01", tr.lr)
		}
		if tr.SetLearningRate(-1) == nil {
			t.Error("lr −1 accepted")
		}
	})
	t.Run("activation", func(t *testing.T) {
		tr := trained(t)
		before := tr.Params()
		fresh, err := tr.SetActivation(model.ELU)
		if err != nil || fresh || !slices.Equal(before, tr.Params()) {
			t.Errorf("relu → elu: fresh %v, err %v, weights kept %v", fresh, err, slices.Equal(before, tr.Params()))
		}
		fresh, _ = tr.SetActivation(model.PReLU)
		if !fresh || len(tr.Params()) != len(before)+3 {
			t.Errorf("elu → prelu: fresh %v, %d params", fresh, len(tr.Params()))
		}
	})
	t.Run("width", func(t *testing.T) {
		tr := trained(t)
		before := tr.Params()
		if err := tr.SetWidth(4); err != nil {
			t.Fatal(err)
		}
		if tr.Config().Hidden[0] != 4 || tr.Params()[0] != before[0] {
			t.Errorf("hidden %v, first weight %v → %v", tr.Config().Hidden, before[0], tr.Params()[0])
		}
		again := trained(t)
		again.SetWidth(4)
		if !slices.Equal(tr.Params(), again.Params()) {
			t.Error("the same seed drew a different fourth neuron")
		}
		if tr.SetWidth(0) == nil || tr.SetWidth(65) == nil {
			t.Error("widths 0 and 65 accepted")
		}
	})
	t.Run("data and batch", func(t *testing.T) {
		tr := trained(t)
		before, mse := tr.Params(), tr.TestMSE()
		if err := tr.SetData(Disk); err != nil || !slices.Equal(before, tr.Params()) {
			t.Fatalf("new data: err %v, weights kept %v", err, slices.Equal(before, tr.Params()))
		}
		if tr.TestMSE() == mse || math.Hypot(tr.test.X[0], tr.test.Y[0]) > 1 {
			t.Error("the held-out set was not redrawn from the disk")
		}
		if err := tr.SetBatch(8); err != nil {
			t.Fatal(err)
		}
		steps := tr.opt.State().Steps
		tr.Run(1)
		if got := tr.opt.State().Steps - steps; got != 1024/8 {
			t.Errorf("%d steps in an epoch of batches of 8, want 128", got)
		}
	})
}

func TestSurface(t *testing.T) {
	tr := trained(t)
	s := tr.Snapshot()
	g := NewSurface(7, 5)
	g.Compute(s)
	if g.X[0] >= g.X[1] || g.Y[0] <= g.Y[7] || math.Abs(g.X[3]) > 1e-15 {
		t.Errorf("grid layout: x %v, y %v", g.X[:7], []float64{g.Y[0], g.Y[7]})
	}
	for k := range g.Out {
		if want := tr.net.Eval(g.X[k], g.Y[k]); math.Abs(g.Out[k]-want) > 1e-12 {
			t.Fatalf("out[%d] = %v, Eval %v", k, g.Out[k], want)
		}
	}
	if len(g.Units) != 3 {
		t.Errorf("%d unit maps, want 3", len(g.Units))
	}
}

// TestChangesLeaveNoStaleTrainMSE checks that after a change of network or
// data the training MSE is not the last epoch's, which was another
// network's or other data's: it is NaN until an epoch measures it, in the
// snapshot, in Summary and in a saved and loaded run.
func TestChangesLeaveNoStaleTrainMSE(t *testing.T) {
	for name, change := range map[string]func(*Trainer) error{
		"width":      func(tr *Trainer) error { return tr.SetWidth(4) },
		"data":       func(tr *Trainer) error { return tr.SetData(Disk) },
		"activation": func(tr *Trainer) error { _, err := tr.SetActivation(model.ELU); return err },
	} {
		tr := trained(t)
		if math.IsNaN(tr.TrainMSE()) {
			t.Fatal("no training MSE after 5 epochs")
		}
		if err := change(tr); err != nil {
			t.Fatal(err)
		}
		s := tr.Snapshot()
		if !math.IsNaN(s.TrainMSE) || !strings.Contains(s.Summary(), "train –  test") {
			t.Errorf("%s: train MSE %v after the change: %s", name, s.TrainMSE, s.Summary())
		}
		data, err := tr.Save(nil)
		if err != nil {
			t.Fatal(err)
		}
		loaded, _, err := Load(data)
		if err != nil || !math.IsNaN(loaded.TrainMSE()) {
			t.Errorf("%s: loaded train MSE %v, %v", name, loaded.TrainMSE(), err)
		}
		if tr.Run(1); math.IsNaN(tr.TrainMSE()) {
			t.Errorf("%s: an epoch after the change did not measure the train MSE", name)
		}
	}
}
