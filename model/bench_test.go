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

// BenchmarkGradientGeneral measures one forward and backward pass of the
// general path over a batch of 32: 2 → 8 tanh → 1, which Gradient takes,
// and the amplitude spectrum's 8 → 13 ReLU → 5, which GradientCols takes.
//
//	go test ./model -run '^$' -bench GradientGeneral
func BenchmarkGradientGeneral(b *testing.B) {
	const m = 32
	b.Run("tanh/2-8-1", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 1))
		n := randomNet([]int{8}, Tanh, rng)
		x, y, t := batch(rng, m)
		ws, grad := n.NewWorkspace(m), make([]float64, len(n.Params))
		for b.Loop() {
			n.Gradient(grad, ws, x, y, t, 0, nil)
		}
		b.ReportMetric(float64(b.N*m)/b.Elapsed().Seconds(), "samples/s")
	})
	b.Run("relu/8-13-5", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 1))
		n := randomShaped([]int{13}, ReLU, Shape{Inputs: 8, Outputs: 5}, rng)
		in, t := colsBatch(rng, 8, 5, m)
		ws, grad := n.NewWorkspace(m), make([]float64, len(n.Params))
		for b.Loop() {
			n.GradientCols(grad, ws, in, t, 0, nil)
		}
		b.ReportMetric(float64(b.N*m)/b.Elapsed().Seconds(), "samples/s")
	})
}
