package optim

import (
	"math"
	"testing"
)

// TestStepSizeIdentity checks that powers.stepSize, which leaves out the
// square root and the division once they are of 1, gives the bits of
// Adam's formula lr·√(1−β₂ᵗ)/(1−β₁ᵗ) at every step of a run of 100,000
// updates (past both powers' flush to 0), for several learning rates.
func TestStepSizeIdentity(t *testing.T) {
	var p powers
	for step := 1; step <= 100_000; step++ {
		p.next(step, beta1, beta2)
		for _, lr := range []float64{1e-3, 0.1, 3, 1.0 / 3, 5e-310, math.Inf(1)} {
			want := lr * math.Sqrt(1-p.b2t) / (1 - p.b1t)
			if got := p.stepSize(lr); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("step %d, lr %v: stepSize %v, formula %v", step, lr, got, want)
			}
		}
	}
	if p.b1t != 0 || p.b2t != 0 {
		t.Errorf("after 100,000 steps β₁ᵗ = %v, β₂ᵗ = %v: the test did not reach the shortcut", p.b1t, p.b2t)
	}
}
