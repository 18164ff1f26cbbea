package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestInitializerStatistics checks the mean, variance and range of each
// random initializer against its Keras formula.
func TestInitializerStatistics(t *testing.T) {
	const fanIn, fanOut, kernels = 20, 30, 200
	tests := []struct {
		in        Initializer
		variance  float64
		bound     float64 // no draw may exceed it
		truncated bool
	}{
		{GlorotUniform, 2.0 / 50, math.Sqrt(6.0 / 50), false},
		{HeUniform, 2.0 / 20, math.Sqrt(6.0 / 20), false},
		{LecunUniform, 1.0 / 20, math.Sqrt(3.0 / 20), false},
		{GlorotNormal, 2.0 / 50, 2 * math.Sqrt(2.0/50) / 0.87962566103423978, true},
		{HeNormal, 2.0 / 20, 2 * math.Sqrt(2.0/20) / 0.87962566103423978, true},
		{LecunNormal, 1.0 / 20, 2 * math.Sqrt(1.0/20) / 0.87962566103423978, true},
		{RandomNormal, 0.05 * 0.05, math.Inf(1), false},
		{RandomUniform, 0.05 * 0.05 / 3, 0.05, false},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tt := range tests {
		w := make([]float64, fanIn*fanOut)
		var sum, sumSq, peak float64
		for range kernels {
			tt.in.Kernel(w, fanIn, fanOut, rng)
			for _, v := range w {
				sum += v
				sumSq += v * v
				peak = max(peak, math.Abs(v))
			}
		}
		n := float64(kernels * len(w))
		mean, variance := sum/n, sumSq/n-(sum/n)*(sum/n)
		if se := math.Sqrt(tt.variance / n); math.Abs(mean) > 5*se {
			t.Errorf("%v: mean %v, want 0 ± %v", tt.in, mean, 5*se)
		}
		if math.Abs(variance/tt.variance-1) > 0.02 {
			t.Errorf("%v: variance %v, want %v", tt.in, variance, tt.variance)
		}
		if peak > tt.bound {
			t.Errorf("%v: |w| reached %v, bound %v", tt.in, peak, tt.bound)
		}
		if tt.truncated && peak < 0.98*tt.bound {
			t.Errorf("%v: |w| peaked at %v, the truncation at %v is never approached", tt.in, peak, tt.bound)
		}
	}
}

// TestRandomNormalIsNotTruncated checks that random_normal, unlike the
// variance-scaling normals, keeps draws beyond two standard deviations.
func TestRandomNormalIsNotTruncated(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	w := make([]float64, 10000)
	RandomNormal.Kernel(w, 100, 100, rng)
	beyond := 0
	for _, v := range w {
		if math.Abs(v) > 0.1 {
			beyond++
		}
	}
	if beyond < 300 { // P(|z| > 2) ≈ 4.6%, about 455 of 10000
		t.Errorf("%d draws beyond 2σ, want about 455", beyond)
	}
}

// TestOrthogonal checks that the kernel (fanIn, fanOut) has orthonormal rows
// when fanIn < fanOut and orthonormal columns otherwise.
func TestOrthogonal(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, shape := range [][2]int{{2, 3}, {3, 2}, {5, 5}, {2, 8}, {8, 1}} {
		fanIn, fanOut := shape[0], shape[1]
		w := make([]float64, fanIn*fanOut)
		Orthogonal.Kernel(w, fanIn, fanOut, rng)
		// k(r, c) is Keras's K[r][c]; rows of K when fanIn < fanOut, else columns.
		k := func(r, c int) float64 { return w[c*fanIn+r] }
		vecs, length := fanOut, fanIn
		if fanIn < fanOut {
			k = func(r, c int) float64 { return w[r*fanIn+c] }
			vecs, length = fanIn, fanOut
		}
		for a := range vecs {
			for b := range vecs {
				dot := 0.0
				for i := range length {
					dot += k(i, a) * k(i, b)
				}
				if want := b2f(a == b); math.Abs(dot-want) > 1e-12 {
					t.Errorf("%v: vectors %d · %d = %v, want %v", shape, a, b, dot, want)
				}
			}
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func TestInitZeroesBiasesAndDeterministic(t *testing.T) {
	n := New([]int{4}, PReLU, 0)
	for i := range n.Params {
		n.Params[i] = 7
	}
	n.Init(HeNormal, rand.New(rand.NewPCG(7, 7)))
	for _, ts := range n.Tensors() {
		for _, v := range n.Params[ts.Off : ts.Off+ts.Len] {
			if ts.Kind != Kernel && v != 0 {
				t.Errorf("tensor %+v starts at %v, want 0", ts, v)
			}
			if ts.Kind == Kernel && (v == 7 || v == 0) {
				t.Errorf("kernel %+v was not drawn", ts)
			}
		}
	}
	m := New([]int{4}, PReLU, 0)
	m.Init(HeNormal, rand.New(rand.NewPCG(7, 7)))
	for i := range n.Params {
		if n.Params[i] != m.Params[i] {
			t.Fatalf("same seed, different weights at %d", i)
		}
	}
	z := New([]int{3}, ReLU, 0)
	z.Init(Zeros, rand.New(rand.NewPCG(1, 1)))
	for _, v := range z.Params {
		if v != 0 {
			t.Fatal("zeros initializer left a nonzero weight")
		}
	}
}

// TestSpread checks that spread points the first layer's weight vectors
// 360°/n apart, all of one length, at a rotation that varies with the
// draw, and that it fills other kernels as glorot_uniform does.
func TestSpread(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	first := math.NaN()
	for _, n := range []int{3, 3, 5} {
		w := make([]float64, 2*n)
		Spread.Kernel(w, 2, n, rng)
		r := math.Sqrt(4 / float64(2+n))
		for j := range n {
			k := (j + 1) % n
			if l := math.Hypot(w[2*j], w[2*j+1]); math.Abs(l-r) > 1e-12 {
				t.Errorf("n=%d: neuron %d has length %v, want %v", n, j, l, r)
			}
			cos := (w[2*j]*w[2*k] + w[2*j+1]*w[2*k+1]) / (r * r)
			if want := math.Cos(2 * math.Pi / float64(n)); math.Abs(cos-want) > 1e-12 {
				t.Errorf("n=%d: neurons %d and %d at cos %v, want %v", n, j, k, cos, want)
			}
		}
		if a := math.Atan2(w[1], w[0]); a == first {
			t.Error("two draws turned the same way")
		} else {
			first = a
		}
	}
	a, b := make([]float64, 12), make([]float64, 12)
	Spread.Kernel(a, 4, 3, rand.New(rand.NewPCG(7, 7)))
	GlorotUniform.Kernel(b, 4, 3, rand.New(rand.NewPCG(7, 7)))
	if a[0] != b[0] || a[11] != b[11] {
		t.Error("a kernel with four inputs is not glorot_uniform")
	}
}
