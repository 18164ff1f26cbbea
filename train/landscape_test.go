package train

import (
	"math"
	"testing"
)

// trainedFor returns the snapshot of cfg after epochs.
func trainedFor(t *testing.T, cfg string, epochs int) Snapshot {
	t.Helper()
	c, err := ParseConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	tr.Run(epochs)
	return tr.Snapshot()
}

// landscapeOf returns the snapshot of cfg after epochs and its landscape.
func landscapeOf(t *testing.T, cfg string, epochs int) (Snapshot, *Landscape) {
	t.Helper()
	s := trainedFor(t, cfg, epochs)
	l, err := NewLandscape(s)
	if err != nil {
		t.Fatal(err)
	}
	return s, l
}

// integrate returns E[(σ(w·x + b) − max(0, x))²] for x ~ N(0, 1) and a
// unit of negative slope s by the trapezoid rule on [−12, 12], an
// independent reference for the closed form.
func integrate(w, b, s float64) float64 {
	const n, e = 240000, 12.0
	h := 2 * e / n
	sum := 0.0
	for i := range n + 1 {
		x := -e + float64(i)*h
		z := w*x + b
		if z <= 0 {
			z *= s
		}
		r := z - max(0, x)
		f := r * r * math.Exp(-x*x/2) / math.Sqrt(2*math.Pi)
		if i == 0 || i == n {
			f /= 2
		}
		sum += f
	}
	return sum * h
}

// TestLandscapeClosedForm checks the closed form against numerical
// integration at sample points, for every piecewise-linear unit, with and
// without a bias, and the two formulas of the README for the ReLU.
func TestLandscapeClosedForm(t *testing.T) {
	for _, tc := range []struct {
		cfg   string
		slope float64
	}{
		{"task=relu", 0}, {"task=relu bias=true", 0},
		{"task=relu act=leaky_relu bias=true", DefaultSlope}, {"task=relu act=linear bias=true", 1},
		{"task=relu act=abs bias=true", -1},
	} {
		_, l := landscapeOf(t, tc.cfg, 0)
		if !l.Exact {
			t.Fatalf("%s: not the closed form", tc.cfg)
		}
		for _, p := range [][2]float64{{1, 0}, {0.5, 0}, {-10, 0}, {-0.3, 0.7}, {2, -1.5}, {0, 0.4}, {0, -1}, {1.3, 2.2}, {-2, -0.5}} {
			if !l.HasBias() {
				p[1] = 0
			}
			got, want := l.At(p[0], p[1]), integrate(p[0], p[1], tc.slope)
			if math.Abs(got-want) > 1e-9*(1+want) {
				t.Errorf("%s at w %g b %g: closed form %.12g, integral %.12g", tc.cfg, p[0], p[1], got, want)
			}
		}
	}
	_, l := landscapeOf(t, "task=relu", 0)
	for _, w := range []float64{0.25, 3, -0.5, -10} {
		want := (w - 1) * (w - 1) / 2
		if w < 0 {
			want = w*w/2 + 0.5
		}
		if got := l.At(w, 0); math.Abs(got-want) > 1e-12 {
			t.Errorf("L(%g) = %.15g, want %.15g", w, got, want)
		}
	}
}

// TestLandscapeAtCurrentPoint checks the landscape at the run's own
// weights against the trainer's held-out MSE: on N(0, 1) the expected loss
// lies within four standard errors of the held-out mean of the squared
// residuals, and that mean is the trainer's; on other data the landscape is
// the held-out MSE itself, to the last bits.
func TestLandscapeAtCurrentPoint(t *testing.T) {
	for _, cfg := range []string{"task=relu init-w=0.5", "task=relu bias=true init-w=-0.4 init-b=0.8", "task=relu bias=true seed=3"} {
		s, l := landscapeOf(t, cfg, 2)
		w, b := s.Neurons[0].W[0], s.Neurons[0].B
		ho := HeldOut(TaskReLU, Normal)
		var sum, sq float64
		for i, x := range ho.X {
			r := max(0, w*x+b) - ho.T[i]
			sum, sq = sum+r*r, sq+r*r*r*r
		}
		n := float64(ho.Len())
		mean := sum / n
		se := math.Sqrt((sq/n - mean*mean) / n)
		if math.Abs(mean-s.TestMSE) > 1e-12*(1+mean) {
			t.Errorf("%s: held-out mean %g, trainer %g", cfg, mean, s.TestMSE)
		}
		if got := l.At(w, b); math.Abs(got-s.TestMSE) > 4*se {
			t.Errorf("%s: L(%g, %g) = %g, held-out MSE %g ± %g", cfg, w, b, got, s.TestMSE, se)
		}
	}
	for _, cfg := range []string{"task=relu data=uniform bias=true init-w=0.7", "task=relu act=elu init-w=-0.2", "task=relu act=prelu bias=true data=disk"} {
		s, l := landscapeOf(t, cfg, 3)
		if l.Exact {
			t.Fatalf("%s: a closed form", cfg)
		}
		if got := l.At(s.Neurons[0].W[0], s.Neurons[0].B); math.Abs(got-s.TestMSE) > 1e-12*s.TestMSE {
			t.Errorf("%s: landscape %.17g at the current point, held-out MSE %.17g", cfg, got, s.TestMSE)
		}
	}
	if _, err := NewLandscape(trainedFor(t, "task=relu h=2", 0)); err != ErrNoLandscape {
		t.Errorf("a hidden layer of 2: %v, want ErrNoLandscape", err)
	}
}
