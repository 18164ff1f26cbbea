package train

import (
	"math"
	"testing"
)

// runReLU trains the question's setup from weight w for its 20 epochs and
// returns the final snapshot.
func runReLU(t *testing.T, cfg string) Snapshot {
	t.Helper()
	s := trainedFor(t, cfg, TaskReLU.Epochs())
	if s.Epoch != ReLUEpochs {
		t.Fatalf("%s: ran %d epochs", cfg, s.Epoch)
	}
	return s
}

// TestReLUQuestionCases runs the question's two starts with SGD: w = −10
// slides to w ≈ 0 and stays there, dead; w = +0.5 learns w → 1.
func TestReLUQuestionCases(t *testing.T) {
	s := runReLU(t, "task=relu init-w=-10")
	if len(s.Params) != 1 {
		t.Fatalf("the single unit without bias has %d parameters", len(s.Params))
	}
	if w := s.Params[0]; s.Outcome != Dead || !(w <= 0 && w > -1e-6) {
		t.Errorf("w = −10: %s with w = %g, want dead with w ≈ 0 from below (%s)", s.Outcome, w, s.Why)
	}
	if want := 0.5; math.Abs(s.TestMSE-want) > 0.02 {
		t.Errorf("w = −10 ends at held-out MSE %g, want about E[max(0,x)²] = %g", s.TestMSE, want)
	}
	s = runReLU(t, "task=relu init-w=0.5")
	if w := s.Params[0]; s.Outcome != Fitted || math.Abs(w-1) > 1e-6 || s.TestMSE > 1e-12 {
		t.Errorf("w = 0.5: %s with w = %g, MSE %g; want fitted with w ≈ 1 (%s)", s.Outcome, w, s.TestMSE, s.Why)
	}
	if s.Reference != 0 {
		t.Errorf("the single ReLU's reference optimum is %g, want exactly 0", s.Reference)
	}
}

// TestReLUEpoch checks the question's epoch: 100 steps of 1000 samples.
func TestReLUEpoch(t *testing.T) {
	c := TaskConfig(TaskReLU)
	if got := c.epochSize(); got != ReLUSteps*ReLUBatch {
		t.Errorf("an epoch of the relu task is %d samples, want %d", got, ReLUSteps*ReLUBatch)
	}
	if c.Opt.Name != "sgd" || c.Opt.LR != 0.01 || c.Opt.Momentum != 0 {
		t.Errorf("the relu task trains with %+v, want Keras's SGD (lr 0.01, no momentum)", c.Opt)
	}
}

// TestReLUBias checks that --bias and --init-b reach the network.
func TestReLUBias(t *testing.T) {
	c, err := ParseConfig("task=relu bias=true init-w=2 init-b=-0.25")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	if p := tr.Params(); len(p) != 2 || p[0] != 2 || p[1] != -0.25 {
		t.Errorf("params %v, want [2 -0.25]", p)
	}
	// out = max(0, 2x − 0.25) against max(0, x) on the held-out set.
	var want float64
	for _, x := range tr.test.X {
		d := max(0, 2*x-0.25) - max(0, x)
		want += d * d
	}
	want /= float64(tr.test.Len())
	if got := tr.TestMSE(); math.Abs(got-want) > 1e-12 {
		t.Errorf("held-out MSE %g, want %g", got, want)
	}
}

// TestReLUSignDecides checks the derivation of the README on a few seeds:
// the defaults' run is fitted exactly when the initial weight is positive,
// and otherwise dead with w still on the side it started.
func TestReLUSignDecides(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		c := TaskConfig(TaskReLU)
		c.Seed = seed
		tr, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		w0 := tr.Params()[0]
		tr.Run(ReLUEpochs)
		s := tr.Snapshot()
		w := s.Params[0]
		switch {
		case w0 > 0 && (s.Outcome != Fitted || math.Abs(w-1) > 1e-6):
			t.Errorf("seed %d: w0 = %g > 0 ends %s at w = %g, want fitted at 1", seed, w0, s.Outcome, w)
		case w0 <= 0 && (s.Outcome != Dead || w > 0 || w < -1e-6):
			t.Errorf("seed %d: w0 = %g ≤ 0 ends %s at w = %g, want dead just below 0", seed, w0, s.Outcome, w)
		}
	}
}

// TestReLUFailureRate checks the README's derivation over 200 seeds: with
// the defaults a run fails (ends dead) exactly when its initial weight
// √3·(2u − 1) is ≤ 0, which for u = k/2⁵³ happens with probability
// p = 1/2 + 2⁻⁵³; the failures must lie in the central 95% of
// Binomial(200, p), 86 to 114. It trains 200 runs of 2,000 steps of 1000
// samples (about 15 s of CPU), so -short and the race detector leave it
// to CI's run without the race detector.
func TestReLUFailureRate(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("200 runs: CI runs it without -short and without -race")
	}
	lo, hi := binomialInterval(200, 0.5+math.Ldexp(1, -53))
	if lo != 86 || hi != 114 {
		t.Fatalf("binomial interval [%d, %d], want [86, 114]", lo, hi)
	}
	seeds, err := ParseSeeds("200")
	if err != nil {
		t.Fatal(err)
	}
	sw := Sweep{Configs: []Config{TaskConfig(TaskReLU)}, Seeds: seeds, Epochs: ReLUEpochs, Workers: 2}
	runs, err := sw.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, r := range runs {
		switch r.Outcome {
		case Dead:
			failed++
		case Fitted:
		default:
			t.Errorf("seed %d ends %s, want fitted or dead", r.Seed, r.Outcome)
		}
	}
	if failed < lo || failed > hi {
		t.Errorf("%d of 200 seeds fail, outside the 95%% interval [%d, %d] of p = 1/2", failed, lo, hi)
	}
}

// binomialInterval returns the central 95% interval of Binomial(n, p):
// the largest lo with P(X < lo) ≤ 2.5% and the smallest hi with
// P(X > hi) ≤ 2.5%.
func binomialInterval(n int, p float64) (lo, hi int) {
	pmf := make([]float64, n+1)
	for k := range pmf {
		lg, _ := math.Lgamma(float64(n + 1))
		a, _ := math.Lgamma(float64(k + 1))
		b, _ := math.Lgamma(float64(n - k + 1))
		pmf[k] = math.Exp(lg - a - b + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
	}
	below := 0.0
	for lo = 0; below+pmf[lo] <= 0.025; lo++ {
		below += pmf[lo]
	}
	above := 0.0
	for hi = n; above+pmf[hi] <= 0.025; hi-- {
		above += pmf[hi]
	}
	return lo, hi
}
