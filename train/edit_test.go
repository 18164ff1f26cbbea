package train

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// optimizerState returns the optimizer part of a saved run.
func optimizerState(t *testing.T, tr *Trainer) string {
	t.Helper()
	data, err := tr.Save(nil)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte(`"optimizer"`))
	return string(data[i : i+bytes.IndexByte(data[i:], '}')])
}

// TestSetNeuron sets one neuron exactly, keeps the others and the
// optimizer state, measures the held-out MSE anew, and refuses what is
// not a finite weight.
func TestSetNeuron(t *testing.T) {
	tr, _ := New(DefaultConfig())
	tr.Run(3)
	before, state := tr.Params(), optimizerState(t, tr)
	if err := tr.SetNeuron(1, []float64{0.5, -0.25}, 0.125, []float64{2}); err != nil {
		t.Fatal(err)
	}
	n := tr.Snapshot().Neurons[1]
	if !slices.Equal(n.W, []float64{0.5, -0.25}) || n.B != 0.125 || n.V[0] != 2 {
		t.Errorf("neuron 2 is %v %v %v", n.W, n.B, n.V)
	}
	changed := 0
	for i, p := range tr.Params() {
		if p != before[i] {
			changed++
		}
	}
	if changed != 4 {
		t.Errorf("%d parameters changed, want 4", changed)
	}
	if optimizerState(t, tr) != state {
		t.Error("the optimizer state changed")
	}
	if got, want := tr.TestMSE(), mse(tr.net, tr.evalW, tr.test); got != want {
		t.Errorf("held-out MSE %v, want %v measured anew", got, want)
	}
	for _, bad := range []struct {
		j    int
		w    []float64
		b    float64
		want string
	}{
		{1, []float64{math.NaN(), 0}, 0, "finite"},
		{1, []float64{0, 0}, math.Inf(1), "finite"},
		{3, []float64{0, 0}, 0, "no neuron 4"},
		{-1, []float64{0, 0}, 0, "no neuron 0"},
		{0, []float64{0}, 0, "incoming"},
	} {
		p := tr.Params()
		if err := tr.SetNeuron(bad.j, bad.w, bad.b, []float64{1}); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%v: error %v, want one saying %q", bad, err, bad.want)
		}
		if !slices.Equal(p, tr.Params()) {
			t.Errorf("%v: the weights changed", bad)
		}
	}
}

// TestSetParamsAndNudge: both start the optimizer state afresh; a nudge
// moves every weight and bias by noise of the size asked, from its rng.
func TestSetParamsAndNudge(t *testing.T) {
	tr, _ := New(DefaultConfig())
	tr.Run(3)
	fresh, _ := New(DefaultConfig())
	if err := tr.SetParams(tr.Params()); err != nil {
		t.Fatal(err)
	}
	if optimizerState(t, tr) != optimizerState(t, fresh) {
		t.Error("SetParams kept the optimizer state")
	}
	before := tr.Params()
	if err := tr.Nudge(0.1, rand.New(rand.NewPCG(1, 2))); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i, p := range tr.Params() {
		if want := before[i] + 0.1*rng.NormFloat64(); p != want {
			t.Fatalf("parameter %d is %v, want %v", i, p, want)
		}
	}
	for _, eps := range []float64{-1, math.NaN(), math.Inf(1)} {
		if err := tr.Nudge(eps, rng); err == nil {
			t.Errorf("nudge %v accepted", eps)
		}
	}
	if err := tr.SetParams(before[1:]); err == nil {
		t.Error("params of another length accepted")
	}
}

// TestReferenceOptimumThenTraining puts a network of three ReLUs on the
// reference optimum: it is the pyramid, within 1% of the table's MSE, and
// 300 epochs of training keep it there: the same basin, lines within 10° (the pyramid turns freely on a finite training set).
func TestReferenceOptimumThenTraining(t *testing.T) {
	c := DefaultConfig()
	params, best, err := ReferenceOptimum(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := Reference(c)
	if best > ref*1.01 {
		t.Errorf("MSE %v, reference %v", best, ref)
	}
	tr, _ := New(c)
	tr.Run(5)
	if err := tr.SetParams(params); err != nil {
		t.Fatal(err)
	}
	on := tr.Snapshot()
	if on.Basin != Pyramid || on.TestMSE > ref*1.05 {
		t.Fatalf("on the optimum: basin %q, held-out MSE %v (reference %v)", on.Basin, on.TestMSE, ref)
	}
	tr.Run(300)
	s := tr.Snapshot()
	t.Logf("held-out MSE %.4g on the optimum, %.4g 300 epochs later (reference %.4g)", on.TestMSE, s.TestMSE, ref)
	if s.Basin != Pyramid || s.TestMSE > ref*1.5 {
		t.Errorf("after 300 epochs: basin %q, held-out MSE %v (reference %v)", s.Basin, s.TestMSE, ref)
	}
	for j, n := range s.Neurons { // the function, not the weights: w → αw, v → v/α keeps it
		o := on.Neurons[j]
		if math.Abs(angleBetween(n.Angle, o.Angle)) > 10 || math.Abs(n.Offset-o.Offset) > 0.03 {
			t.Errorf("neuron %d's line moved from %.1f° %.3f to %.1f° %.3f", j+1, o.Angle, o.Offset, n.Angle, n.Offset)
		}
	}
	c.Hidden = []int{3, 3}
	if _, _, err := ReferenceOptimum(context.Background(), c); err == nil || !strings.Contains(err.Error(), "no reference optimum for 3x3") {
		t.Errorf("3x3: %v", err)
	}
}

func TestParseWeight(t *testing.T) {
	for s, want := range map[string]string{
		"": "w_x is empty", "x": `w_x "x" is not a number`, "nan": `w_x "nan" is not a finite number`,
		"-Inf": `w_x "-Inf" is not a finite number`, "1e999": `w_x "1e999" is not a finite number`,
	} {
		if _, err := ParseWeight("w_x", s); err == nil || err.Error() != want && !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v, want %q", s, err, want)
		}
	}
	if x, err := ParseWeight("b", "-0.25"); err != nil || x != -0.25 {
		t.Errorf("-0.25: %v %v", x, err)
	}
}
