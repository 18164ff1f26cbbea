package train

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestNeuronStates builds states by hand: a neuron whose line lies outside
// the data is dead, one that clips a corner is weak, two with the same
// (w, b) are collapsed.
func TestNeuronStates(t *testing.T) {
	c := DefaultConfig()
	c.Hidden = []int{4}
	tr, _ := New(c)
	p := tr.net.Params
	// kernel 4×2, biases 4, output 4, output bias
	set := func(j int, wx, wy, b float64) { p[2*j], p[2*j+1], p[8+j] = wx, wy, b }
	set(0, 1, 0, -2)      // x > 2: never on [−1, 1]²: dead
	set(1, 1, 1, -1.9)    // x + y > 1.9: a corner of 0.5% of the square: weak
	set(2, 0.6, 0.8, 0.1) // two copies of one neuron
	set(3, 1.2, 1.6, 0.2)
	for j := range 4 {
		p[12+j] = 1
	}
	s := tr.Snapshot()
	n := s.Neurons
	if !n[0].Dead || n[0].Active != 0 {
		t.Errorf("neuron 1: %+v, want dead", n[0])
	}
	if n[1].Dead || !n[1].Weak || n[1].Active == 0 {
		t.Errorf("neuron 2: active %v, want weak (0 < active < 1%%)", n[1].Active)
	}
	if len(s.Collapsed) != 1 || s.Collapsed[0] != [2]int{2, 3} || n[2].State() != "collapsed" {
		t.Errorf("collapsed pairs %v, want [[2 3]]", s.Collapsed)
	}
	if n[0].State() != "dead" || n[1].State() != "weak" {
		t.Errorf("states %q, %q", n[0].State(), n[1].State())
	}
	// Geometry of neuron 3: normal (0.6, 0.8), offset −0.1/1.
	if a := n[2].Angle; a < 53.1 || a > 53.2 {
		t.Errorf("angle %v, want atan2(0.8, 0.6) = 53.13°", a)
	}
	if o := n[2].Offset; o > -0.099 || o < -0.101 {
		t.Errorf("offset %v, want −0.1", o)
	}
	if s.Outcome != Dead {
		t.Errorf("outcome %v, want dead: not fitted, and neuron 1 is dead", s.Outcome)
	}
}

// TestUnitStats checks unitStats against Go's min and max and a plain
// count on rows of every length up to 40, mixing ordinary values with ±0,
// ±Inf and NaN, and carrying extremes over from a previous chunk as
// diagnose carries them. Zeros of either sign are one value here, as
// unitStats promises.
func TestUnitStats(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN()}
	draw := func(n int, odd float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.NormFloat64()
			if rng.Float64() < odd {
				v[i] = special[rng.IntN(len(special))]
			}
		}
		return v
	}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for trial := range 6000 {
		n := trial % 41
		odd := []float64{0, 0.02, 0.3}[trial%3]
		z, h := draw(n, odd), draw(n+trial%2, odd) // h may be longer
		lo, hi := math.Inf(1), math.Inf(-1)
		if trial%5 == 0 {
			lo, hi = draw(1, odd)[0], draw(1, odd)[0]
		}
		wantN, wantLo, wantHi := 0, lo, hi
		for i := range z {
			if z[i] > 0 {
				wantN++
			}
			wantLo, wantHi = min(wantLo, h[i]), max(wantHi, h[i])
		}
		gotN, gotLo, gotHi := unitStats(z, h, lo, hi)
		if gotN != wantN || !same(gotLo, wantLo) || !same(gotHi, wantHi) {
			t.Fatalf("z %v h %v from (%v, %v): got %d, %v, %v; want %d, %v, %v", z, h, lo, hi, gotN, gotLo, gotHi, wantN, wantLo, wantHi)
		}
	}
}
