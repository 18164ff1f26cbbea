package model

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkGradient measures one forward and backward pass over a batch of
// 32 samples for the 2 → 3 ReLU → 1 network.
//
//	go test ./model -run '^$' -bench Gradient
func BenchmarkGradient(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	n := randomNet([]int{3}, ReLU, rng)
	x, y, t := batch(rng, 32)
	ws := n.NewWorkspace(32)
	grad := make([]float64, len(n.Params))
	for b.Loop() {
		n.Gradient(grad, ws, x, y, t, 0, nil)
	}
	b.ReportMetric(float64(b.N)*32/b.Elapsed().Seconds(), "samples/s")
}
