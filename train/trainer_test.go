package train

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"relulab/model"
	"relulab/train/optim"
)

// basinLevel is the population MSE of each basin on uniform data (see Basin).
var basinLevel = map[Basin]float64{
	Pyramid: 1.0385e-3, Diamond: 3.93e-3, Valley: 4.21e-2, Corner: 5.03e-2, Ramp: 6.78e-2, Flat: 8.1142e-2,
}

// TestBasinsOfKnownSeeds trains 3-ReLU Adam runs whose seeds land in each
// basin and checks that the name read from the geometry agrees with the
// held-out MSE level of that basin.
func TestBasinsOfKnownSeeds(t *testing.T) {
	want := map[uint64]Basin{1: Diamond, 2: Ramp, 4: Valley, 6: Pyramid, 9: Corner, 32: Flat}
	for seed, basin := range want {
		c := DefaultConfig()
		c.Seed = seed
		tr, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		tr.SetEvalEvery(DefaultEpochs)
		tr.Run(DefaultEpochs)
		s := tr.Snapshot()
		if s.Basin != basin {
			t.Errorf("seed %d: basin %q (%s), want %q", seed, s.Basin, s.Why, basin)
		}
		// The held-out MSE lies at the basin's level: within −5% (sampling
		// noise of 10,000 points) and +50% (Adam's noise at lr 1e-3).
		if r := s.TestMSE / basinLevel[s.Basin]; r < 0.95 || r > 1.5 {
			t.Errorf("seed %d: %s at MSE %.4g, level %.4g", seed, s.Basin, s.TestMSE, basinLevel[s.Basin])
		}
		if fitted := s.Outcome == Fitted; fitted != (basin == Pyramid) {
			t.Errorf("seed %d: outcome %v for basin %v", seed, s.Outcome, basin)
		}
	}
}

// TestHandBuiltPyramid builds the inverted hexagonal pyramid by hand: three
// lines through the origin 120° apart. Its population MSE is the reference.
func TestHandBuiltPyramid(t *testing.T) {
	tr, _ := New(DefaultConfig())
	p := tr.net.Params
	// Layout: kernel (3×2), biases (3), output kernel (3), output bias.
	for j := range 3 {
		th := 2 * math.Pi * float64(j) / 3 // one normal along x, the best rotation on the square
		p[2*j], p[2*j+1], p[6+j] = math.Cos(th), math.Sin(th), 0
	}
	// Least squares for the output layer on the held-out set.
	fitOutput(tr)
	tr.evaluate()
	s := tr.Snapshot()
	if s.Basin != Pyramid {
		t.Errorf("basin %q (%s), want pyramid", s.Basin, s.Why)
	}
	if math.Abs(s.TestMSE/1.0385e-3-1) > 0.05 {
		t.Errorf("hand-built pyramid MSE %.5g, reference 1.0385e-3", s.TestMSE)
	}
}

// fitOutput sets the output weights of a 3-neuron network to the least
// squares fit on the held-out set, solving the 4×4 normal equations.
func fitOutput(tr *Trainer) {
	var a [4][5]float64
	ws := tr.evalW
	for s := 0; s < tr.test.Len(); s += ws.Cap() {
		b := tr.test.Slice(s, min(s+ws.Cap(), tr.test.Len()))
		tr.net.Forward(ws, b.X, b.Y)
		var h [3][]float64
		for j := range 3 {
			_, h[j] = ws.Unit(0, j)
		}
		for i := range b.X {
			f := [4]float64{h[0][i], h[1][i], h[2][i], 1}
			for r := range 4 {
				for c := range 4 {
					a[r][c] += f[r] * f[c]
				}
				a[r][4] += f[r] * b.T[i]
			}
		}
	}
	for c := range 4 { // Gauss–Jordan
		for r := range 4 {
			if r != c {
				k := a[r][c] / a[c][c]
				for q := range 5 {
					a[r][q] -= k * a[c][q]
				}
			}
		}
	}
	p := tr.net.Params
	for j := range 3 {
		p[9+j] = a[j][4] / a[j][j]
	}
	p[12] = a[3][4] / a[3][3]
}

func TestDeterministic(t *testing.T) {
	for _, opt := range []string{"adam", "sgd", "muon"} {
		c := DefaultConfig()
		c.Opt, _ = optim.Default(opt)
		c.Dropout, c.Samples = 0.1, 0 // dropout and streaming draw from the stream too
		a, _ := New(c)
		b, _ := New(c)
		a.Run(40)
		b.SetEvalEvery(7) // evaluating more often must not change training
		for range 4 {
			b.Run(10)
		}
		if !slices.Equal(a.Params(), b.Params()) {
			t.Errorf("%s: same seed, different weights", opt)
		}
		if a.Evaluate() != b.Evaluate() || a.TrainMSE() != b.TrainMSE() {
			t.Errorf("%s: same seed, different losses", opt)
		}
		c.Seed = 2
		d, _ := New(c)
		d.Run(40)
		if slices.Equal(a.Params(), d.Params()) {
			t.Errorf("%s: seeds 1 and 2 trained the same weights", opt)
		}
	}
}

func TestDivergenceIsAState(t *testing.T) {
	c := DefaultConfig()
	c.Opt, _ = optim.Default("sgd")
	c.Opt.LR = 50
	tr, _ := New(c)
	if ran := tr.Run(100); ran >= 100 {
		t.Fatalf("ran all %d epochs at lr 50", ran)
	}
	s := tr.Snapshot()
	if s.Status != Diverged || s.Outcome != DivergedOutcome {
		t.Errorf("status %v outcome %v, want diverged", s.Status, s.Outcome)
	}
	if tr.Run(5) != 0 {
		t.Error("a diverged run trained further")
	}
	if len(s.Neurons) != 3 || slices.ContainsFunc(s.Params, func(p float64) bool { return !finite(p) }) ||
		!strings.Contains(s.Why, "lr 50 is too high") {
		t.Errorf("diverged: %d neurons, weights %v, %q; want the last finite weights' 3 neurons and the lr", len(s.Neurons), s.Params, s.Why)
	}
	if r := NewReport(s, 0); !math.IsNaN(float64(r.TrainMSE)) && !math.IsInf(float64(r.TrainMSE), 0) {
		t.Errorf("report train MSE %v, want non-finite", r.TrainMSE)
	}
}

// TestLossFallsForEveryOptimizer runs each optimizer at its Keras default
// learning rate with a few activations and checks that the held-out MSE
// falls and stays finite.
func TestLossFallsForEveryOptimizer(t *testing.T) {
	for _, name := range optim.Names() {
		for _, act := range []model.Activation{model.ReLU, model.Tanh, model.ELU} {
			c := DefaultConfig()
			c.Act = act
			c.Opt, _ = optim.Default(name)
			tr, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			tr.Run(1) // ftrl's first step pulls every weight to near zero
			before := tr.TestMSE()
			tr.Run(30)
			after := tr.TestMSE()
			if !(after < before) || tr.Status() != Running {
				t.Errorf("%s %v: held-out MSE %.4g → %.4g, status %v", name, act, before, after, tr.Status())
			}
		}
	}
}

func TestEpochAllocatesNothing(t *testing.T) {
	for _, name := range optim.Names() {
		c := DefaultConfig()
		c.Opt, _ = optim.Default(name)
		c.L2, c.Repel = 1e-4, 0.1
		tr, _ := New(c)
		if a := testing.AllocsPerRun(5, func() { trainEpoch(tr) }); a != 0 {
			t.Errorf("%s: %v allocations per epoch, want 0", name, a)
		}
	}
	tr, _ := New(DefaultConfig())
	if a := testing.AllocsPerRun(5, func() { tr.Evaluate() }); a != 0 {
		t.Errorf("the held-out measure: %v allocations, want 0", a)
	}
}

func TestStreamingEpochIs1024Samples(t *testing.T) {
	c := DefaultConfig()
	c.Samples, c.Batch = 0, 100
	tr, _ := New(c)
	tr.Run(1)
	// 1024 samples in batches of 100: ten steps of 100 and one of 24.
	if steps := tr.opt.State().Steps; steps != 11 {
		t.Errorf("%d steps in a streamed epoch, want 11", steps)
	}
}

func TestHistoryStaysBoundedAndSpansTheRun(t *testing.T) {
	var h History
	for e := 1; e <= 100000; e++ {
		h.add(e, float64(e), float64(e))
	}
	if len(h.Epoch) > historyCap {
		t.Fatalf("history holds %d points, cap %d", len(h.Epoch), historyCap)
	}
	if h.Epoch[len(h.Epoch)-1] < 100000-h.Stride || h.Epoch[0] > h.Stride {
		t.Errorf("history spans epochs %d–%d of 1–100000", h.Epoch[0], h.Epoch[len(h.Epoch)-1])
	}
	for i := 1; i < len(h.Epoch); i++ {
		if h.Epoch[i]-h.Epoch[i-1] != h.Stride {
			t.Fatalf("uneven spacing at %d", i)
		}
	}
}

// trainEpoch trains the rest of t's epoch without measuring or recording
// it: what Run costs apart from the held-out set and the history.
func trainEpoch(t *Trainer) {
	for _, ended := t.step(); !ended; _, ended = t.step() {
	}
}

// TestRunSamplesIsRunInSlices trains each configuration twice, by epochs
// and in slices of samples of many sizes, and checks that the two are the
// same run bit for bit: weights, losses, history, optimizer state and the
// random streams (all of which Save writes), and the epoch under way.
func TestRunSamplesIsRunInSlices(t *testing.T) {
	configs := map[string]func(*Config){
		"default":                    func(*Config) {},
		"batch not dividing the set": func(c *Config) { c.Samples, c.Batch = 1000, 64 },
		"streamed, dropout":          func(c *Config) { c.Samples, c.Batch, c.Dropout = 0, 100, 0.1 },
		"schedule, anneal, revive": func(c *Config) {
			c.Act, c.Slope, c.SlopeAnneal, c.Revive, c.Schedule, c.Horizon = model.LeakyReLU, 0.2, 20, 5, Cosine, 30
		},
	}
	for name, tweak := range configs {
		c := DefaultConfig()
		tweak(&c)
		byEpoch, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		sliced, _ := New(c)
		byEpoch.SetEvalEvery(3)
		sliced.SetEvalEvery(3)
		const epochs = 25
		slices := []int{1, 7, 32, 100, 333, 1024, 2500}
		for i := 0; sliced.Epoch() < epochs; i++ {
			if ended := sliced.RunSamples(slices[i%len(slices)]); ended != (sliced.sample == 0) {
				t.Fatalf("%s: RunSamples says ended %v at sample %d of the epoch", name, ended, sliced.sample)
			}
		}
		sliced.RunSamples(500) // and into the next epoch
		byEpoch.Run(epochs)
		byEpoch.RunSamples(500)
		if sliced.Epoch() != epochs || sliced.sample == 0 {
			t.Errorf("%s: slices stopped at epoch %d, %d samples into the next; want epoch %d and some", name, sliced.Epoch(), sliced.sample, epochs)
		}
		a, _ := byEpoch.Save(nil)
		b, _ := sliced.Save(nil)
		if !bytes.Equal(a, b) || byEpoch.sample != sliced.sample || byEpoch.lossSum != sliced.lossSum {
			t.Errorf("%s: trained in slices, the run differs from the one trained by epochs (epoch %d, %d samples into the next)",
				name, sliced.Epoch(), sliced.sample)
		}
	}
}

// TestRunSamplesBoundsItsWork checks that RunSamples trains whole
// minibatches up to the first boundary at or past n, and allocates nothing.
func TestRunSamplesBoundsItsWork(t *testing.T) {
	c := DefaultConfig()
	c.Samples, c.Batch = 100_000, 4096
	tr, _ := New(c)
	steps := func() int { return tr.opt.State().Steps }
	if tr.RunSamples(0); steps() != 0 {
		t.Errorf("RunSamples(0) took %d steps", steps())
	}
	if tr.RunSamples(1); steps() != 1 || tr.sample != 4096 {
		t.Errorf("RunSamples(1): %d steps, %d samples; want 1 minibatch of 4096", steps(), tr.sample)
	}
	if ended := tr.RunSamples(5000); steps() != 3 || ended || tr.Epoch() != 0 {
		t.Errorf("RunSamples(5000): %d steps, ended %v; want 2 more minibatches of 4096 within epoch 0", steps(), ended)
	}
	c.Samples, c.Batch = 1000, 300
	short, _ := New(c)
	if ended := short.RunSamples(5000); !ended || short.Epoch() != 1 || short.sample != 0 {
		t.Errorf("RunSamples(5000) on epochs of 1000: ended %v at epoch %d, sample %d; want the end of the first epoch", ended, short.Epoch(), short.sample)
	}
	if a := testing.AllocsPerRun(5, func() { tr.RunSamples(8192) }); a != 0 {
		t.Errorf("%v allocations per slice, want 0", a)
	}
}

// TestWeightsThatOverflowDiverge takes one huge SGD step per epoch: its
// loss, measured before the step, is finite, but the step sends a weight
// to ±Inf. The run must end there, as diverged, though the held-out MSE
// is not due that epoch: it is measured on the diverged weights, and then
// the network takes back the last finite ones, those the epoch started from.
func TestWeightsThatOverflowDiverge(t *testing.T) {
	c := DefaultConfig()
	c.Opt, _ = optim.Default("sgd")
	c.Opt.LR = math.MaxFloat64
	c.Data, c.Samples, c.Batch = Normal, 32, 32
	tr, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	tr.SetEvalEvery(100)
	start := tr.Params()
	if ran := tr.Run(5); ran != 1 || tr.Status() != Diverged {
		t.Errorf("ran %d epochs, status %v; want 1, diverged", ran, tr.Status())
	}
	if !finite(tr.TrainMSE()) || finite(tr.TestMSE()) || tr.testEpoch != 1 {
		t.Errorf("train MSE %v, held-out %v at epoch %d: want a finite loss, and the diverged weights' measured at 1",
			tr.TrainMSE(), tr.TestMSE(), tr.testEpoch)
	}
	if !slices.Equal(tr.Params(), start) {
		t.Errorf("weights %v after the divergence, want the last finite ones %v", tr.Params(), start)
	}
	if tr.Evaluate(); finite(tr.TestMSE()) {
		t.Error("Evaluate after the divergence measured the restored weights")
	}
}

// TestDivergedRunShowsWeightsFromBeforeTheBlowUp raises SGD's learning
// rate after 50 calm epochs: the loss climbs through absurd but finite
// values before it becomes Inf. The diverged run must show weights from
// before the climb, whose outputs are of the size of the targets.
func TestDivergedRunShowsWeightsFromBeforeTheBlowUp(t *testing.T) {
	c := DefaultConfig()
	c.Opt, _ = optim.Default("sgd")
	c.Opt.LR, c.Seed = 0.02, 3
	tr, _ := New(c)
	tr.Run(50)
	tr.SetLearningRate(50)
	tr.Run(1000)
	s := tr.Snapshot()
	if s.Status != Diverged {
		t.Fatalf("lr 50 did not diverge by epoch %d", s.Epoch)
	}
	peak := 0.0
	for _, v := range s.History.Train {
		if finite(v) {
			peak = max(peak, v)
		}
	}
	net := tr.net.Clone()
	out := math.Abs(net.Eval(0.5, 0.5))
	if s.WeightsEpoch < 50 || s.WeightsEpoch >= s.Epoch || out > 10 || !strings.Contains(s.Why, fmt.Sprintf("epoch %d's", s.WeightsEpoch)) {
		t.Errorf("diverged at %d (the loss peaked at %.3g before): weights of epoch %d, output %.3g at (0.5, 0.5); %q",
			s.Epoch, peak, s.WeightsEpoch, out, s.Why)
	}
	t.Logf("diverged at %d, loss peaked at %.3g, weights of epoch %d", s.Epoch, peak, s.WeightsEpoch)
}
