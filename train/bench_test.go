package train

import "testing"

// BenchmarkEpoch measures training throughput for the default
// configuration: 1024 samples in batches of 32, Adam, 2 → 3 ReLU → 1.
//
//	go test ./train -run '^$' -bench Epoch -benchmem
func BenchmarkEpoch(b *testing.B) {
	t, err := New(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		t.runEpoch()
	}
	b.ReportMetric(float64(b.N)*DefaultSamples/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkEvaluate measures the held-out MSE of the default network on
// its 10,000 samples.
func BenchmarkEvaluate(b *testing.B) {
	t, err := New(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		t.evaluate()
	}
}
