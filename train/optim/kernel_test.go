package optim

import (
	"math"
	"math/rand/v2"
	"testing"

	"relulab/model"
)

// TestAdamKernelIdentity runs Adam and AdamW with the vector kernel and in
// Go side by side, for parameter vectors of 1 to 40 values, and checks
// that the parameters and moments keep the same bits, step after step.
// The gradients mix ordinary values with zeros of both signs, subnormals,
// values that make the moments subnormal, and huge ones.
func TestAdamKernelIdentity(t *testing.T) {
	if !haveKernel {
		t.Skip("no vector kernel on this machine; the Go path runs alone")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	special := []float64{0, math.Copysign(0, -1), 5e-324, -1e-310, 1e-160, -3e-155, 1e150, -2e200}
	for _, name := range []string{"adam", "adamw"} {
		for n := 1; n <= 40; n++ {
			c, _ := Default(name)
			ts := []model.Tensor{{Kind: model.Kernel, Len: n, In: n, Out: 1}}
			vec, scalar := build(c, ts), build(c, ts)
			if !vec.SetSIMD(true) || scalar.SetSIMD(false) {
				t.Fatal("SetSIMD does not switch the kernel")
			}
			p1, p2 := make([]float64, n), make([]float64, n)
			for i := range p1 {
				p1[i] = rng.NormFloat64()
			}
			copy(p2, p1)
			g := make([]float64, n)
			for step := range 30 {
				for i := range g {
					g[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-6))
					if rng.IntN(4) == 0 {
						g[i] = special[rng.IntN(len(special))]
					}
				}
				vec.Step(p1, g, 1e-3)
				scalar.Step(p2, g, 1e-3)
				for i := range p1 {
					if math.Float64bits(p1[i]) != math.Float64bits(p2[i]) {
						t.Fatalf("%s, %d parameters, step %d: p[%d] = %v with the kernel, %v in Go", name, n, step, i, p1[i], p2[i])
					}
				}
				s1, s2 := vec.State(), scalar.State()
				for k, v := range s1.Slices {
					for i := range v {
						if math.Float64bits(v[i]) != math.Float64bits(s2.Slices[k][i]) {
							t.Fatalf("%s, %d parameters, step %d: %s[%d] = %v with the kernel, %v in Go", name, n, step, k, i, v[i], s2.Slices[k][i])
						}
					}
				}
			}
		}
	}
}
