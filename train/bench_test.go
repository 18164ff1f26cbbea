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
		trainEpoch(t)
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

// BenchmarkProbe measures the probe a sweep takes every ProbeEvery epochs.
func BenchmarkProbe(b *testing.B) {
	t, err := New(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	t.Run(5)
	for b.Loop() {
		t.Probe()
	}
}

// BenchmarkAdamStep measures one Adam update of the 13 parameters of the
// default network.
func BenchmarkAdamStep(b *testing.B) {
	t, err := New(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	for i := range t.grad {
		t.grad[i] = 0.01 * float64(i)
	}
	for b.Loop() {
		t.opt.Step(t.net.Params, t.grad, t.lr)
	}
}
