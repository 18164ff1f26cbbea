package train

import (
	"context"
	"math"
	"testing"

	"relulab/model"
)

// TestPopulationQuadrature checks each quadrature against expectations
// known in closed form: E[x²] and E|p|.
func TestPopulationQuadrature(t *testing.T) {
	for _, tt := range []struct {
		d         Data
		ex2, eabs float64
	}{
		{Uniform, 1.0 / 3, (math.Sqrt2 + math.Log(1+math.Sqrt2)) / 3},
		{Normal, 1, math.Sqrt(math.Pi / 2)},
		{Disk, 0.25, 2.0 / 3},
	} {
		p := Population(tt.d, 200)
		var ex2, eabs, total float64
		for i := range p.X {
			w := 1.0 / float64(p.Len())
			if p.W != nil {
				w = p.W[i]
			}
			ex2 += w * p.X[i] * p.X[i]
			eabs += w * p.T[i]
			total += w
		}
		if math.Abs(total-1) > 1e-9 || math.Abs(ex2/tt.ex2-1) > 2e-4 || math.Abs(eabs/tt.eabs-1) > 2e-4 {
			t.Errorf("%v: weights sum to %v, E[x²] %v (want %v), E|p| %v (want %v)", tt.d, total, ex2, tt.ex2, eabs, tt.eabs)
		}
	}
}

func TestLBFGSRosenbrock(t *testing.T) {
	x := []float64{-1.2, 1}
	f := lbfgs(x, func(x, g []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		g[0], g[1] = -2*a-400*x[0]*b, 200*b
		return a*a + 100*b*b
	}, 200, 10)
	if f > 1e-12 || math.Abs(x[0]-1) > 1e-6 || math.Abs(x[1]-1) > 1e-6 {
		t.Errorf("minimum %v at %v, want 0 at (1, 1)", f, x)
	}
}

// TestOptimumReproducesReferences searches 3 and 4 ReLUs on uniform data
// and checks the published optima: 1.0385e-3 and 6.465e-4, within 0.5%.
func TestOptimumReproducesReferences(t *testing.T) {
	for h, want := range map[int]float64{3: 1.0385e-3, 4: 6.465e-4} {
		c := DefaultConfig()
		c.Hidden, c.Act = []int{h}, model.ReLU
		r, err := Optimum{Config: c, Restarts: 4}.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(r.BestMSE/want-1) > 0.005 {
			t.Errorf("%d ReLUs: optimum %.6g, reference %.6g", h, r.BestMSE, want)
		}
		if h == 3 && r.Basin != Pyramid {
			t.Errorf("3 ReLUs: the optimum is %q (%s), want the pyramid", r.Basin, r.Why)
		}
	}
}
