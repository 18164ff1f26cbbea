package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// points avoids the kinks at 0, 6 (relu6) and ±3 (hard_sigmoid) by more than
// the finite-difference step.
var points = []float64{-7.5, -4.1, -2.9, -1.3, -0.6, -0.01, 0.013, 0.4, 1.1, 2.7, 3.3, 5.2, 6.4, 9}

// TestDfMatchesFiniteDifferences checks every activation's derivative against
// a central difference of its function.
func TestDfMatchesFiniteDifferences(t *testing.T) {
	const h = 1e-6
	for _, a := range Activations {
		for _, slope := range []float64{0.2, -0.35} {
			for _, x := range points {
				fd := (a.F(x+h, slope) - a.F(x-h, slope)) / (2 * h)
				got := a.Df(x, slope)
				if math.Abs(got-fd) > 1e-6*(1+math.Abs(fd)) {
					t.Errorf("%v: f'(%v) = %v, finite difference %v", a, x, got, fd)
				}
			}
		}
	}
}

// TestKerasValues checks each activation against values computed by hand
// from the Keras 3 definitions.
func TestKerasValues(t *testing.T) {
	tests := []struct {
		a     Activation
		x     float64
		slope float64
		want  float64
	}{
		{ReLU, -2, 0, 0},
		{ReLU, 1.5, 0, 1.5},
		{LeakyReLU, -2, 0.2, -0.4},
		{LeakyReLU, 3, 0.2, 3},
		{PReLU, -2, 0, 0}, // PReLU starts as ReLU: α = 0
		{PReLU, -2, 0.25, -0.5},
		{ELU, -1, 0, 1/math.E - 1},
		{SELU, 1, 0, 1.0507009873554805},
		{SELU, -1, 0, 1.0507009873554805 * 1.6732632423543772 * (1/math.E - 1)},
		{GELU, 1, 0, 0.8413447460685429},              // Φ(1) = 0.8413447460685429
		{GELUTanh, 1, 0, 0.8411919906082768},          // tanh form, Keras approximate=True
		{SiLU, 1, 0, 1 / (1 + 1/math.E)},              // 1·σ(1)
		{Mish, 1, 0, math.Tanh(math.Log(1 + math.E))}, // 1·tanh(softplus(1))
		{Softplus, 0, 0, math.Ln2},
		{Softsign, 3, 0, 0.75},
		{Tanh, 0.5, 0, 0.46211715726000974},
		{Sigmoid, 0, 0, 0.5},
		{HardSigmoid, 1.5, 0, 0.75}, // x/6 + ½, not Keras 2's 0.2x + ½
		{HardSigmoid, -4, 0, 0},
		{HardSigmoid, 3.5, 0, 1},
		{ReLU6, 7, 0, 6},
		{Exponential, 1, 0, math.E},
		{Linear, -3, 0, -3},
		{Abs, -3, 0, 3},
	}
	for _, tt := range tests {
		if got := tt.a.F(tt.x, tt.slope); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%v(%v) = %v, want %v", tt.a, tt.x, got, tt.want)
		}
	}
}

// TestBatchMatchesScalar checks the batched (branch-free) forward and
// backward paths against the scalar F and Df.
func TestBatchMatchesScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	z := make([]float64, 257)
	for i := range z {
		z[i] = 8 * rng.NormFloat64()
	}
	z[0], z[1] = 0, math.Copysign(0, -1)
	for _, a := range Activations {
		slope := 0.3
		h := make([]float64, len(z))
		a.forward(h, z, slope)
		d := make([]float64, len(z))
		for i := range d {
			d[i] = rng.NormFloat64()
		}
		want := make([]float64, len(z))
		for i := range z {
			want[i] = d[i] * a.Df(z[i], slope)
		}
		a.backward(d, z, h, slope)
		for i := range z {
			if f := a.F(z[i], slope); math.Abs(h[i]-f) > 1e-12*(1+math.Abs(f)) {
				t.Fatalf("%v forward(%v) = %v, want %v", a, z[i], h[i], f)
			}
			if math.Abs(d[i]-want[i]) > 1e-9*(1+math.Abs(want[i])) {
				t.Fatalf("%v backward at %v = %v, want %v", a, z[i], d[i], want[i])
			}
		}
	}
}

func TestParseActivation(t *testing.T) {
	for _, a := range Activations {
		got, err := ParseActivation(a.String())
		if err != nil || got != a {
			t.Errorf("ParseActivation(%q) = %v, %v", a.String(), got, err)
		}
	}
	if got, err := ParseActivation("swish"); err != nil || got != SiLU {
		t.Errorf("swish = %v, %v; want silu", got, err)
	}
	if _, err := ParseActivation("relu7"); err == nil {
		t.Error("relu7 parsed")
	}
}

// TestReLUKeepsNaN checks that a NaN reaches the output whatever its sign
// bit, so that a NaN weight shows as a divergence rather than a dead neuron.
func TestReLUKeepsNaN(t *testing.T) {
	negNaN := math.Copysign(math.NaN(), -1)
	for _, tc := range []struct{ x, want float64 }{
		{negNaN, math.NaN()}, {math.NaN(), math.NaN()}, {math.Inf(-1), 0}, {math.Inf(1), math.Inf(1)},
		{math.Copysign(0, -1), 0}, {-2, 0}, {2, 2}, {-math.SmallestNonzeroFloat64, 0},
	} {
		got := positive(tc.x)
		if !(math.IsNaN(got) && math.IsNaN(tc.want) || got == tc.want && !math.Signbit(got)) {
			t.Errorf("positive(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
	net := New([]int{3}, ReLU, 0)
	net.Init(GlorotUniform, rand.New(rand.NewPCG(1, 1)))
	net.Params[net.Tensors()[0].Off] = negNaN
	out := net.Forward(net.NewWorkspace(1), []float64{1}, []float64{1})
	if !math.IsNaN(out[0]) {
		t.Errorf("a −NaN first-layer weight gives output %v, want NaN", out[0])
	}
}
