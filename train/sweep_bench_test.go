package train

import (
	"context"
	"testing"
)

// BenchmarkSweep runs the default sweep of issue size 8 seeds × 3000
// epochs; the full default is 100 seeds.
//
//	go test ./train -run '^$' -bench Sweep
func BenchmarkSweep(b *testing.B) {
	sw := Sweep{Configs: []Config{DefaultConfig()}, Seeds: []uint64{1, 2, 3, 4, 5, 6, 7, 8}, Epochs: DefaultEpochs}
	for b.Loop() {
		if _, err := sw.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(sw.Seeds)*DefaultEpochs*DefaultSamples)/b.Elapsed().Seconds(), "samples/s")
}
