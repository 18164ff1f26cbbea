package train

import (
	"math"
	"slices"
	"strings"
	"testing"

	"relulab/model"
)

// TestScheduleRates checks each schedule against its formula.
func TestScheduleRates(t *testing.T) {
	for _, tt := range []struct {
		s    Schedule
		e    int
		want float64
	}{
		{Constant, 7, 0.1}, {Cosine, 0, 0.1}, {Cosine, 50, 0.05}, {Cosine, 25, 0.05 * (1 + math.Sqrt2/2)},
		{Cosine, 100, 0}, {Cosine, 150, 0}, {Step, 49, 0.1}, {Step, 50, 0.01}, {Step, 74, 0.01}, {Step, 75, 0.001},
	} {
		if got := tt.s.Rate(0.1, tt.e, 100); math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("%v at epoch %d: %v, want %v", tt.s, tt.e, got, tt.want)
		}
	}
}

// TestTrainerSchedulesAndAnneals checks the learning rate and the slope a
// trainer uses in each epoch.
func TestTrainerSchedulesAndAnneals(t *testing.T) {
	c := DefaultConfig()
	c.Act, c.Slope, c.SlopeAnneal = model.LeakyReLU, 0.2, 10
	c.Schedule, c.Horizon = Step, 8
	r, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	r.Run(5) // epochs 0 to 4 ran; epoch 4 at lr/10 and slope 0.2·(1 − 4/10)
	if lr := r.lr; lr != 1e-4 {
		t.Errorf("lr %v in epoch 4 of a step schedule over 8", lr)
	}
	if s := r.net.Slope; math.Abs(s-0.12) > 1e-15 {
		t.Errorf("slope %v in epoch 4 of an anneal over 10", s)
	}
	if r.Snapshot().relu() {
		t.Error("a leaky network with slope 0.12 counts as a ReLU network")
	}
	r.Run(10)
	if r.net.Slope != 0 || r.Config().Slope != 0.2 {
		t.Errorf("after the anneal the slope is %v (config %v)", r.net.Slope, r.Config().Slope)
	}
	if !r.Snapshot().relu() {
		t.Error("an annealed network does not count as a ReLU network")
	}
	if _, err := r.SetActivation(model.ReLU); err != nil || r.Config().SlopeAnneal != 0 {
		t.Errorf("leaving leaky_relu: %v, anneal %d", err, r.Config().SlopeAnneal)
	}
	r.SetActivation(model.LeakyReLU)
	if r.net.Slope != 0.2 {
		t.Errorf("back to leaky_relu, the slope is %v", r.net.Slope)
	}
}

// TestReviveRedrawsWeakAndCollapsedNeurons kills neuron 1 and copies
// neuron 2 onto neuron 3: revival re-draws those two and keeps neuron 2.
func TestReviveRedrawsWeakAndCollapsedNeurons(t *testing.T) {
	c := DefaultConfig()
	c.Revive = 5
	r, _ := New(c)
	r.Run(3)
	p := r.net.Params // w: 0–5, b: 6–8, v: 9–11, output bias 12
	p[0], p[1], p[6] = 0.01, 0.01, -5
	p[4], p[5], p[8] = 2*p[2], 2*p[3], 2*p[7]
	keep := slices.Clone(p[2:4])
	if got := r.revive(); !slices.Equal(got, []int{0, 2}) {
		t.Fatalf("revived %v, want neurons 0 and 2", got)
	}
	if !slices.Equal(p[2:4], keep) {
		t.Error("the healthy neuron changed")
	}
	if p[6] != 0 || p[8] != 0 || p[0] == 0.01 || p[9] == 0 || p[11] == 0 {
		t.Errorf("the re-drawn neurons: %v", p)
	}
	if r.revive() != nil {
		t.Error("a second revival found more to re-draw")
	}
}

// TestReliableRecipe trains the reliable recipe on seeds whose default
// runs land in the diamond (1), a valley (4) and a corner (9): each finds
// the pyramid within the default 3000 epochs.
func TestReliableRecipe(t *testing.T) {
	c, err := ApplyRecipe(DefaultConfig(), "reliable")
	if err != nil {
		t.Fatal(err)
	}
	if c.String() != "h=3 act=relu opt=lamb lr=0.03 init=glorot_uniform batch=32 data=uniform seed=1 schedule=cosine revive=50" {
		t.Errorf("the recipe is %s", c)
	}
	for _, seed := range []uint64{1, 4, 9} {
		c.Seed = seed
		r, _ := New(c)
		r.SetEvalEvery(DefaultEpochs)
		r.Run(DefaultEpochs)
		s := r.Snapshot()
		if s.Basin != Pyramid || s.Outcome != Fitted {
			t.Errorf("seed %d: %s, %s (%s)", seed, s.Basin, s.Outcome, s.Why)
		}
	}
	if _, err := ApplyRecipe(c, "magic"); err == nil || !strings.Contains(err.Error(), `unknown recipe "magic" (valid: reliable, none)`) {
		t.Errorf("an unknown recipe: %v", err)
	}
}
