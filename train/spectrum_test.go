package train

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"testing"
)

// naiveTargets returns the targets of signal x from its DFT computed with
// complex arithmetic, X_k = Σₜ xₜ·e^{−2πikt/n}, scaled as SpectrumTargets
// states: |X_k|/√n, times π/(2√2) for DC and Nyquist.
func naiveTargets(x []float64) []float64 {
	n := len(x)
	t := make([]float64, n/2+1)
	for k := range t {
		var X complex128
		for j, v := range x {
			X += complex(v, 0) * cmplx.Exp(complex(0, -2*math.Pi*float64(k*j)/float64(n)))
		}
		t[k] = cmplx.Abs(X) / math.Sqrt(float64(n))
		if k == 0 || 2*k == n {
			t[k] *= math.Pi / (2 * math.Sqrt2)
		}
	}
	return t
}

// TestSpectrumTargets checks the targets of every signal length against
// the complex DFT, on random signals and on pure tones, whose one bin
// holds all the energy.
func TestSpectrumTargets(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 19))
	for _, k := range []Task{TaskSpectrum4, TaskSpectrum8, TaskSpectrum16, TaskSpectrum32} {
		n := k.Spectrum()
		x, got := make([]float64, n), make([]float64, n/2+1)
		for range 50 {
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			SpectrumTargets(got, x)
			for b, w := range naiveTargets(x) {
				if math.Abs(got[b]-w) > 1e-12*(1+w) {
					t.Fatalf("%v bin %d of %v: %v, the DFT gives %v", k, b, x, got[b], w)
				}
			}
		}
		// cos(2π·2t/n) has X_2 = n/2 and nothing elsewhere.
		for i := range x {
			x[i] = math.Cos(2 * math.Pi * 2 * float64(i) / float64(n))
		}
		SpectrumTargets(got, x)
		for b, v := range got {
			want := 0.0
			if b == 2 && 2*b != n {
				want = float64(n) / 2 / math.Sqrt(float64(n))
			} else if b == 2 {
				want = float64(n) / math.Sqrt(float64(n)) * RealBinScale
			}
			if math.Abs(v-want) > 1e-12 {
				t.Errorf("%v: a tone in bin 2 gives bin %d %v, want %v", k, b, v, want)
			}
		}
	}
}

// TestSpectrumScaling checks the scaling the docs state, on the held-out
// sets of 10,000 signals: on N(0, 1) samples every bin's target has mean
// √π/2 and E t² = 1 in a complex bin, π²/8 in a real one; on U(−1, 1)
// samples (σ² = 1/3) E t² = 1/3 and π²/24. The tolerances are about five
// standard errors.
func TestSpectrumScaling(t *testing.T) {
	for _, k := range []Task{TaskSpectrum4, TaskSpectrum8, TaskSpectrum16} {
		for _, d := range []Data{Normal, Uniform} {
			s := HeldOut(k, d)
			n := k.Spectrum()
			if s.Len() != HeldOutSize || len(s.In) != n || len(s.Out) != n/2+1 || s.X != nil {
				t.Fatalf("%v %v: %d samples in %d input and %d target columns", k, d, s.Len(), len(s.In), len(s.Out))
			}
			sigma2 := d.variance()
			for b, col := range s.Out {
				var m1, m2 float64
				for _, v := range col {
					m1 += v
					m2 += v * v
				}
				m1 /= float64(len(col))
				m2 /= float64(len(col))
				want2 := sigma2
				if b == 0 || 2*b == n {
					want2 *= math.Pi * math.Pi / 8
				}
				if math.Abs(m2/want2-1) > 0.04 {
					t.Errorf("%v %v bin %d: E t² = %.4f, want %.4f", k, d, b, m2, want2)
				}
				if want1 := math.Sqrt(math.Pi) / 2; d == Normal && math.Abs(m1-want1) > 0.02 {
					t.Errorf("%v normal bin %d: mean %.4f, want √π/2 = %.4f", k, b, m1, want1)
				}
			}
			for _, col := range s.In {
				if d == Uniform && slices.ContainsFunc(col, func(v float64) bool { return math.Abs(v) > 1 }) {
					t.Fatalf("%v: a uniform sample outside [−1, 1]", k)
				}
			}
		}
	}
}

// TestSpectrumTask checks the names, shapes and defaults of the task.
func TestSpectrumTask(t *testing.T) {
	for name, want := range map[string]Task{"spectrum": TaskSpectrum8, "spectrum:4": TaskSpectrum4, "Spectrum:32": TaskSpectrum32} {
		if k, err := ParseTask(name); err != nil || k != want {
			t.Errorf("ParseTask(%q) = %v, %v; want %v", name, k, err, want)
		}
	}
	if _, err := ParseTask("spectrum:6"); err == nil {
		t.Error("spectrum:6 parsed")
	}
	for _, c := range []struct {
		k                    Task
		in, out, width, pars int
	}{
		{TaskSpectrum4, 4, 3, 7, 4*7 + 7 + 7*3 + 3},
		{TaskSpectrum8, 8, 5, 13, 8*13 + 13 + 13*5 + 5},
		{TaskSpectrum16, 16, 9, 25, 16*25 + 25 + 25*9 + 9},
		{TaskSpectrum32, 32, 17, 49, 32*49 + 49 + 49*17 + 17},
	} {
		cfg := TaskConfig(c.k)
		if c.k.Inputs() != c.in || c.k.Outputs() != c.out || !slices.Equal(cfg.Hidden, []int{c.width}) || cfg.Data != Normal {
			t.Errorf("%v: %d → %v → %d on %v", c.k, c.k.Inputs(), cfg.Hidden, c.k.Outputs(), cfg.Data)
		}
		tr, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.net.Params) != c.pars {
			t.Errorf("%v: %d parameters, want %d", c.k, len(tr.net.Params), c.pars)
		}
		back, err := ParseConfig(cfg.String())
		if err != nil || back.String() != cfg.String() || back.Task != c.k {
			t.Errorf("%v: %q reads back as %q (%v)", c.k, cfg.String(), back.String(), err)
		}
	}
	if got, want := TaskConfig(TaskSpectrum8).String(), "task=spectrum:8 h=13 act=relu opt=adam lr=0.001 init=glorot_uniform batch=32 data=normal seed=1"; got != want {
		t.Errorf("TaskConfig(TaskSpectrum8) is %q, want %q", got, want)
	}
	if _, err := ParseConfig("task=spectrum:8 data=disk"); err == nil {
		t.Error("the spectrum on the disk was accepted")
	}
}

// TestSpectrumShuffleKeepsSamples checks that shuffling a training set of
// columns moves each signal with its targets, and permutes.
func TestSpectrumShuffleKeepsSamples(t *testing.T) {
	s := NewDataset(TaskSpectrum8, Normal, 257, rand.NewPCG(3, 3))
	before := slices.Clone(s.In[0])
	s.Shuffle(&SplitMix64{State: 7})
	if slices.Equal(before, s.In[0]) {
		t.Error("the shuffle left the order alone")
	}
	after := slices.Clone(s.In[0])
	slices.Sort(before)
	slices.Sort(after)
	if !slices.Equal(before, after) {
		t.Error("the shuffle is not a permutation")
	}
	x, got := make([]float64, 8), make([]float64, 5)
	for i := range s.Len() {
		for j := range x {
			x[j] = s.In[j][i]
		}
		SpectrumTargets(got, x)
		for k, v := range got {
			if v != s.Out[k][i] {
				t.Fatalf("sample %d lost its targets in the shuffle", i)
			}
		}
	}
}

// TestSpectrumTrains checks that spectrum:4 learns, with a training set
// and with fresh batches, to under half the MSE of the best constant
// (the mean of the bins' variances); that two runs of one seed agree bit
// for bit; that a saved run resumes bit for bit; and that an epoch
// allocates nothing.
func TestSpectrumTrains(t *testing.T) {
	for _, cfg := range []string{"task=spectrum:4 seed=2", "task=spectrum:4 samples=0 batch=64 seed=2", "task=spectrum:4 data=uniform act=elu dropout=0.02 lr=0.005"} {
		c, err := ParseConfig(cfg)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := New(c)
		b, _ := New(c)
		a.Run(60)
		if v := meanVariance(a.test.Out); !(a.TestMSE() < v/2) {
			t.Errorf("%s: held-out MSE %v after 60 epochs, a constant's %v", cfg, a.TestMSE(), v)
		}
		b.Run(60)
		if !sameBits(a.net.Params, b.net.Params) || a.TestMSE() != b.TestMSE() {
			t.Errorf("%s: two runs of one seed differ", cfg)
		}
		data, err := a.Save(nil)
		if err != nil {
			t.Fatal(err)
		}
		r, _, err := Load(data)
		if err != nil {
			t.Fatalf("%s: %v", cfg, err)
		}
		a.Run(7)
		r.Run(7)
		if !sameBits(a.net.Params, r.net.Params) || a.TestMSE() != r.TestMSE() {
			t.Errorf("%s: the loaded run differs from the original", cfg)
		}
		s := a.Snapshot()
		if len(s.OutputMSE) != 3 || math.Abs(meanOf(s.OutputMSE)-s.TestMSE) > 1e-15 {
			t.Errorf("%s: output MSEs %v, mean ≠ held-out MSE %v", cfg, s.OutputMSE, s.TestMSE)
		}
		if allocs := testing.AllocsPerRun(3, func() { trainEpoch(a) }); allocs != 0 {
			t.Errorf("%s: %v allocations per epoch, want 0", cfg, allocs)
		}
	}
}

// meanVariance returns the mean over the columns of their variances.
func meanVariance(cols [][]float64) float64 {
	sum := 0.0
	for _, c := range cols {
		var m1, m2 float64
		for _, v := range c {
			m1 += v
			m2 += v * v
		}
		m1 /= float64(len(c))
		sum += m2/float64(len(c)) - m1*m1
	}
	return sum / float64(len(cols))
}

// TestShuffleColumnsIsShuffle checks that a dataset of columns is shuffled
// into the permutation of X, Y and T, with the generator left in the same
// state, for even and odd sizes.
func TestShuffleColumnsIsShuffle(t *testing.T) {
	for _, n := range []int{1, 2, 7, 64, 1001} {
		idx := make([]float64, n)
		for i := range idx {
			idx[i] = float64(i)
		}
		flat := Dataset{X: slices.Clone(idx), Y: slices.Clone(idx), T: slices.Clone(idx)}
		cols := Dataset{In: [][]float64{slices.Clone(idx)}, Out: [][]float64{slices.Clone(idx), slices.Clone(idx)}}
		r1, r2 := SplitMix64{State: 99}, SplitMix64{State: 99}
		flat.Shuffle(&r1)
		cols.Shuffle(&r2)
		if !slices.Equal(flat.X, cols.In[0]) || !slices.Equal(flat.X, cols.Out[1]) || r1 != r2 {
			t.Errorf("n=%d: the columns' permutation or state differs from Shuffle's", n)
		}
	}
}

// TestSurfaceOfABin checks the surface of spectrum:8 in the plane of bin 2
// against the network evaluated sample by sample on the signals
// x·Re_2 + y·Im_2, and its target against SpectrumTargets of that signal.
func TestSurfaceOfABin(t *testing.T) {
	tr, err := New(TaskConfig(TaskSpectrum8))
	if err != nil {
		t.Fatal(err)
	}
	tr.Run(3)
	s := tr.Snapshot()
	g := NewSurface(9, 7)
	g.Bin = 2
	g.Compute(s)
	net := s.Config.newNet()
	copy(net.Params, s.Params)
	b := newDFTBasis(8)[2]
	x, out, tg := make([]float64, 8), make([]float64, 5), make([]float64, 5)
	for i := range g.X {
		for j := range x {
			x[j] = g.X[i]*b[0][j] + g.Y[i]*b[1][j]
		}
		net.EvalTo(out, x)
		SpectrumTargets(tg, x)
		if math.Abs(g.Out[i]-out[2]) > 1e-12 || math.Abs(g.Target[i]-tg[2]) > 1e-12 || tg[1] > 1e-12 {
			t.Fatalf("point %d (%v, %v): out %v target %v, want %v and %v (bin 1 %v)", i, g.X[i], g.Y[i], g.Out[i], g.Target[i], out[2], tg[2], tg[1])
		}
	}
}

// TestSpectrumRevive checks that --revive re-draws a unit of spectrum:4
// that is never active (bias −100) and leaves the active ones alone.
func TestSpectrumRevive(t *testing.T) {
	c, err := ParseConfig("task=spectrum:4 revive=5 seed=3")
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := New(c)
	ly := tr.net.Tensors()[1] // the first layer's biases
	tr.net.Params[ly.Off+2] = -100
	tr.Run(5)
	if tr.revivals != 1 || !slices.Equal(tr.revived, []int{2}) {
		t.Fatalf("revived %v in %d revivals, want unit 3 alone once", tr.revived, tr.revivals)
	}
	if b := tr.net.Params[ly.Off+2]; b < -1 {
		t.Errorf("the dead unit kept bias %v", b)
	}
}
