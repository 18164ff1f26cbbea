package optim

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"relulab/model"
)

// BenchmarkAdam measures one Adam step of the parameters of the
// 2 → h ReLU → 1 networks the lab trains (4h + 1 of them), with the vector
// kernel (simd) and in Go (go), which give the same bits.
//
//	go test ./train/optim -run '^$' -bench Adam
func BenchmarkAdam(b *testing.B) {
	for _, h := range []int{3, 8, 64} {
		for _, simd := range []bool{true, false} {
			path := "go"
			if simd {
				path = "simd"
			}
			b.Run(fmt.Sprintf("hidden=%d/%s", h, path), func(b *testing.B) {
				n := 4*h + 1
				c, _ := Default("adam")
				o := build(c, []model.Tensor{{Kind: model.Kernel, Len: n, In: n, Out: 1}})
				if o.SetSIMD(simd) != simd {
					b.Skip("no vector kernel on this machine")
				}
				rng := rand.New(rand.NewPCG(1, 2))
				p, g := make([]float64, n), make([]float64, n)
				for i := range p {
					p[i], g[i] = rng.NormFloat64(), rng.NormFloat64()*1e-2
				}
				for b.Loop() {
					o.Step(p, g, c.LR)
				}
			})
		}
	}
}
