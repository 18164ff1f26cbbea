package train

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkEpoch measures training throughput in samples per second: the
// default configuration (1024 samples in batches of 32, Adam,
// 2 → 3 ReLU → 1), then 8 and 64 ReLUs, batches of 1 and 1024, a
// fresh batch every step (samples=0) and the amplitude spectrum of 8
// samples at its default width, 8 → 13 ReLU → 5 (about 8·13 + 13·5 = 169
// multiply-adds a sample forward), each
// with the vector kernels of the shallow path and of Adam (simd) and with
// the portable Go (go), which give the same bits. A run starts anew every
// DefaultEpochs epochs, as a sweep's runs do.
//
//	go test ./train -run '^$' -bench Epoch -benchmem
func BenchmarkEpoch(b *testing.B) {
	for _, bc := range []struct {
		name string
		edit func(*Config)
	}{
		{"default", func(*Config) {}},
		{"hidden=8", func(c *Config) { c.Hidden = []int{8} }},
		{"hidden=64", func(c *Config) { c.Hidden = []int{64} }},
		{"batch=1", func(c *Config) { c.Batch = 1 }},
		{"batch=1024", func(c *Config) { c.Batch = 1024 }},
		{"samples=0", func(c *Config) { c.Samples = 0 }},
		{"spectrum:8,hidden=13", func(c *Config) { *c = TaskConfig(TaskSpectrum8) }},
	} {
		for _, simd := range []bool{true, false} {
			path := "go"
			if simd {
				path = "simd"
			}
			b.Run(bc.name+"/"+path, func(b *testing.B) {
				c := DefaultConfig()
				bc.edit(&c)
				var t *Trainer
				for b.Loop() {
					if t == nil || t.Epoch() == DefaultEpochs {
						t = benchTrainer(b, c, simd)
					}
					trainEpoch(t)
				}
				b.ReportMetric(float64(b.N)*DefaultSamples/b.Elapsed().Seconds(), "samples/s")
			})
		}
	}
}

// benchTrainer returns a trainer for c whose shallow path, optimizer and
// streamed batches' targets take the vector kernels or not, the latter
// until b ends; it skips b if the machine has none.
func benchTrainer(b *testing.B, c Config, simd bool) *Trainer {
	t, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	if t.ws.SetSIMD(simd) != simd || t.evalW.SetSIMD(simd) != simd {
		b.Skip("no vector kernel on this machine")
	}
	t.opt.SetSIMD(simd)
	prev := useHypotKernel
	useHypotKernel = simd && haveKernel
	b.Cleanup(func() { useHypotKernel = prev })
	return t
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

// BenchmarkProbe measures the probe a sweep takes every ProbeEvery epochs:
// with the held-out MSE (loss, for --patience) and without (basin).
func BenchmarkProbe(b *testing.B) {
	t, err := New(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	t.Run(5)
	for _, loss := range []bool{true, false} {
		b.Run(map[bool]string{true: "loss", false: "basin"}[loss], func(b *testing.B) {
			for b.Loop() {
				t.probe(loss)
			}
		})
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

// BenchmarkPlane computes a whole plane of the default network at the
// lab's resolutions over the 10⁴ held-out samples: one refresh of the
// loss landscape.
func BenchmarkPlane(b *testing.B) {
	c := DefaultConfig()
	tr, _ := New(c)
	tr.RecordTrajectory()
	tr.Run(20)
	var path Trajectory
	tr.Trajectory(&path)
	s := tr.Snapshot()
	for _, n := range []int{11, 21, 31} {
		b.Run(fmt.Sprintf("%dx%d", n, n), func(b *testing.B) {
			for b.Loop() {
				NewPlane(s, &path, n).Compute(func() bool { return true })
			}
		})
	}
}

// BenchmarkShuffle measures the per-epoch shuffle of the default training
// set of 1024 samples.
func BenchmarkShuffle(b *testing.B) {
	s := NewDataset(TaskAbs, Uniform, DefaultSamples, rand.NewPCG(1, streamData))
	r := SplitMix64{State: 1}
	for b.Loop() {
		s.Shuffle(&r)
	}
}
