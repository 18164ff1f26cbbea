package train

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkSample measures the draw of one streamed minibatch with its
// targets: for TaskAbs the default 32 samples on each distribution, for
// TaskReLU its default ReLUBatch samples of N(0, 1).
func BenchmarkSample(b *testing.B) {
	type batch struct {
		k Task
		d Data
		n int
	}
	var bs []batch
	for _, d := range AllData {
		bs = append(bs, batch{TaskAbs, d, DefaultBatch})
	}
	bs = append(bs, batch{TaskReLU, Normal, ReLUBatch})
	for _, c := range bs {
		b.Run(c.k.String()+"/"+c.d.String(), func(b *testing.B) {
			x, y, t := make([]float64, c.n), make([]float64, c.n), make([]float64, c.n)
			src := rand.NewPCG(1, streamTrain)
			for b.Loop() {
				c.k.Sample(c.d, x, y, t, src)
			}
		})
	}
}
