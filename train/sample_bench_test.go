package train

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkSample measures the draw of one streamed minibatch of the
// default size, 32 samples of TaskAbs with their targets, on each
// distribution.
func BenchmarkSample(b *testing.B) {
	x, y, t := make([]float64, DefaultBatch), make([]float64, DefaultBatch), make([]float64, DefaultBatch)
	for _, d := range AllData {
		b.Run(d.String(), func(b *testing.B) {
			src := rand.NewPCG(1, streamTrain)
			for b.Loop() {
				TaskAbs.Sample(d, x, y, t, src)
			}
		})
	}
}
