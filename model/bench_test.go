package model

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkGradient measures one forward and backward pass of the shallow
// path over a batch, with the vector kernel (simd) and with the portable
// Go (go), for 3, 8 and 64 ReLUs and batches of 32 and 1024.
//
//	go test ./model -run '^$' -bench Gradient
func BenchmarkGradient(b *testing.B) {
	for _, hidden := range []int{3, 8, 64} {
		for _, m := range []int{32, 1024} {
			for _, simd := range []bool{true, false} {
				name := fmt.Sprintf("hidden=%d/batch=%d/%s", hidden, m, pathName(simd))
				b.Run(name, func(b *testing.B) {
					rng := rand.New(rand.NewPCG(1, 1))
					n := randomNet([]int{hidden}, ReLU, rng)
					x, y, t := batch(rng, m)
					ws := n.NewWorkspace(m)
					if ws.SetSIMD(simd) != simd {
						b.Skip("no vector kernel on this machine")
					}
					grad := make([]float64, len(n.Params))
					for b.Loop() {
						n.Gradient(grad, ws, x, y, t, 0, nil)
					}
					b.ReportMetric(float64(b.N*m)/b.Elapsed().Seconds(), "samples/s")
				})
			}
		}
	}
}

// pathName names the path of the shallow networks.
func pathName(simd bool) string {
	if simd {
		return "simd"
	}
	return "go"
}
