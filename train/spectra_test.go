package train

import (
	"math"
	"testing"
)

// TestSpectra checks the held-out signals' spectra against one signal at
// a time: the targets against SpectrumTargets of the held-out signal, the
// outputs against the network's EvalTo, and that a task of one output has
// none.
func TestSpectra(t *testing.T) {
	run, err := New(TaskConfig(TaskSpectrum8))
	if err != nil {
		t.Fatal(err)
	}
	run.Run(5)
	s := run.Snapshot()
	p := NewSpectra(3)
	p.Compute(s)
	if len(p.Target) != 3 || len(p.Out) != 3 {
		t.Fatalf("%d targets and %d outputs, want 3 each", len(p.Target), len(p.Out))
	}
	held := HeldOut(TaskSpectrum8, s.Config.Data)
	net := s.Config.newNet()
	copy(net.Params, s.Params)
	x, want, got := make([]float64, 8), make([]float64, 5), make([]float64, 5)
	for i := range 3 {
		for k := range x {
			x[k] = held.In[k][i]
		}
		SpectrumTargets(want, x)
		net.EvalTo(got, x)
		for k := range 5 {
			if math.Abs(p.Target[i][k]-want[k]) > 1e-12 || math.Abs(p.Out[i][k]-got[k]) > 1e-12 {
				t.Errorf("signal %d bin %d: target %g out %g, want %g and %g", i, k, p.Target[i][k], p.Out[i][k], want[k], got[k])
			}
		}
	}
	abs, err := New(TaskConfig(TaskAbs))
	if err != nil {
		t.Fatal(err)
	}
	p.Compute(abs.Snapshot())
	if p.Target != nil || p.Out != nil {
		t.Errorf("abs: %v and %v, want none", p.Target, p.Out)
	}
}
