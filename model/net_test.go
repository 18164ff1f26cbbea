package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// batch returns m random samples of (x, y) → |x+iy|.
func batch(rng *rand.Rand, m int) (x, y, t []float64) {
	x, y, t = make([]float64, m), make([]float64, m), make([]float64, m)
	for i := range x {
		x[i], y[i] = 2*rng.Float64()-1, 2*rng.Float64()-1
		t[i] = math.Hypot(x[i], y[i])
	}
	return x, y, t
}

// randomNet returns a network with random weights, biases and PReLU slopes.
func randomNet(hidden []int, act Activation, rng *rand.Rand) *Net {
	n := New(hidden, act, 0.2)
	for i := range n.Params {
		n.Params[i] = rng.NormFloat64() * 0.8
	}
	return n
}

// objective is the full loss that training minimises: the MSE of a batch
// plus the penalties, with the dropout masks drawn from a fixed seed so that
// every evaluation sees the same masks.
type objective struct {
	x, y, t           []float64
	l1, l2, repel, dr float64
}

func (o objective) eval(n *Net, grad []float64) float64 {
	ws := n.NewWorkspace(len(o.x))
	loss := n.Gradient(grad, ws, o.x, o.y, o.t, o.dr, rand.New(rand.NewPCG(9, 9)))
	return loss + n.Penalty(grad, o.l1, o.l2, o.repel)
}

// checkGradient compares the analytic gradient of o with central differences.
func checkGradient(t *testing.T, name string, n *Net, o objective) {
	t.Helper()
	const h = 1e-6
	grad := make([]float64, len(n.Params))
	o.eval(n, grad)
	scratch := make([]float64, len(n.Params))
	for i := range n.Params {
		p := n.Params[i]
		n.Params[i] = p + h
		up := o.eval(n, scratch)
		n.Params[i] = p - h
		down := o.eval(n, scratch)
		n.Params[i] = p
		fd := (up - down) / (2 * h)
		if math.Abs(grad[i]-fd) > 1e-5*(1+math.Abs(fd)) {
			t.Errorf("%s: ∂/∂p[%d] = %.10g, finite difference %.10g", name, i, grad[i], fd)
		}
	}
}

func TestGradientEveryActivation(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	x, y, tg := batch(rng, 37)
	for _, hidden := range [][]int{{3}, {4, 3}, {1}, {5, 2, 3}} {
		for _, a := range Activations {
			n := randomNet(hidden, a, rng)
			checkGradient(t, fmt.Sprintf("%v %v", a, hidden), n, objective{x: x, y: y, t: tg})
		}
	}
}

func TestGradientPenalties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	x, y, tg := batch(rng, 16)
	tests := []struct {
		name string
		o    objective
	}{
		{"l1", objective{l1: 0.03}},
		{"l2", objective{l2: 0.07}},
		{"repel", objective{repel: 0.5}},
		{"dropout", objective{dr: 0.3}},
		{"all", objective{l1: 0.01, l2: 0.02, repel: 0.3, dr: 0.1}},
	}
	for _, tt := range tests {
		tt.o.x, tt.o.y, tt.o.t = x, y, tg
		for _, hidden := range [][]int{{3}, {6, 4}} {
			for _, a := range []Activation{ReLU, PReLU, Tanh, Sigmoid} {
				n := randomNet(hidden, a, rng)
				checkGradient(t, fmt.Sprintf("%s %v %v", tt.name, a, hidden), n, tt.o)
			}
		}
	}
}

// TestRepelLeavesPyramidAlone checks that three neurons 120° apart feel no
// repel force, and that two duplicated neurons do.
func TestRepelLeavesPyramidAlone(t *testing.T) {
	n := New([]int{3}, ReLU, 0)
	for j := range 3 {
		th := 2 * math.Pi * float64(j) / 3
		n.Params[2*j], n.Params[2*j+1] = math.Cos(th), math.Sin(th)
	}
	grad := make([]float64, len(n.Params))
	if v := n.Penalty(grad, 0, 0, 1); v != 0 {
		t.Errorf("pyramid repel penalty = %v, want 0", v)
	}
	for i, g := range grad {
		if g != 0 {
			t.Errorf("pyramid repel gradient[%d] = %v, want 0", i, g)
		}
	}
	n.Params[2], n.Params[3] = n.Params[0], n.Params[1] // neuron 2 duplicates neuron 1
	if v := n.Penalty(grad, 0, 0, 1); math.Abs(v-1.0/3) > 1e-12 {
		t.Errorf("duplicated pair: penalty = %v, want 1/3 (one pair of three with cos = 1)", v)
	}
}

// TestDropoutKeepsExpectation checks that inverted dropout leaves the mean
// output unchanged: the output layer is linear in the dropped activations.
func TestDropoutKeepsExpectation(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	n := randomNet([]int{5}, ReLU, rng)
	x, y, _ := batch(rng, 4)
	ws := n.NewWorkspace(4)
	want := append([]float64(nil), n.Forward(ws, x, y)...)
	const draws = 40000
	sum := make([]float64, 4)
	sumSq := make([]float64, 4)
	for range draws {
		n.sampleDropout(ws, 4, 0.25, rng)
		ws.drop = true
		for i, o := range n.forward(ws, x, y) {
			sum[i] += o
			sumSq[i] += o * o
		}
	}
	for i := range want {
		mean := sum[i] / draws
		sd := math.Sqrt(sumSq[i]/draws - mean*mean)
		if sd == 0 {
			t.Fatalf("sample %d: dropout did not change the output", i)
		}
		if se := sd / math.Sqrt(draws); math.Abs(mean-want[i]) > 4*se {
			t.Errorf("sample %d: mean with dropout %v, without %v (4 s.e. = %v)", i, mean, want[i], 4*se)
		}
	}
}

func TestForwardMatchesEval(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, hidden := range [][]int{{3}, {8, 8}, {64, 2, 7}} {
		n := randomNet(hidden, ELU, rng)
		x, y, _ := batch(rng, 19)
		ws := n.NewWorkspace(32)
		for i, o := range n.Forward(ws, x, y) {
			if e := n.Eval(x[i], y[i]); math.Abs(o-e) > 1e-12*(1+math.Abs(e)) {
				t.Errorf("%v: Forward = %v, Eval = %v", hidden, o, e)
			}
		}
	}
}

func TestGradientAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, dr := range []float64{0, 0.1} {
		n := randomNet([]int{3}, ReLU, rng)
		x, y, tg := batch(rng, 32)
		ws := n.NewWorkspace(32)
		grad := make([]float64, len(n.Params))
		allocs := testing.AllocsPerRun(100, func() {
			n.Gradient(grad, ws, x, y, tg, dr, rng)
			n.Penalty(grad, 0.01, 0.01, 0.1)
		})
		if allocs != 0 {
			t.Errorf("dropout %v: %v allocations per step, want 0", dr, allocs)
		}
	}
}

func TestTensorsCoverParams(t *testing.T) {
	n := New([]int{4, 3}, PReLU, 0)
	seen := make([]int, len(n.Params))
	for _, ts := range n.Tensors() {
		if ts.Kind == Kernel && ts.In*ts.Out != ts.Len {
			t.Errorf("kernel %+v: In·Out ≠ Len", ts)
		}
		for i := ts.Off; i < ts.Off+ts.Len; i++ {
			seen[i]++
		}
	}
	for i, c := range seen {
		if c != 1 {
			t.Errorf("param %d is in %d tensors, want 1", i, c)
		}
	}
	// 2·4+4+4 (prelu) + 4·3+3+3 + 3·1+1
	if len(n.Params) != 38 {
		t.Errorf("len(Params) = %d, want 38", len(n.Params))
	}
}

// TestShallowMatchesGeneral checks the fused path for one hidden ReLU layer
// against the general one.
func TestShallowMatchesGeneral(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	for _, h := range []int{1, 2, 3, 8} {
		n := randomNet([]int{h}, ReLU, rng)
		x, y, tg := batch(rng, 29)
		ws := n.NewWorkspace(32)
		fast, slow := make([]float64, len(n.Params)), make([]float64, len(n.Params))
		lf := n.gradientShallow(fast, ws, x, y, tg, nil)
		ls := n.gradientGeneral(slow, ws, x, y, tg, nil, 0, nil)
		if math.Abs(lf-ls) > 1e-14 {
			t.Errorf("h=%d: loss %v, general %v", h, lf, ls)
		}
		for i := range fast {
			if math.Abs(fast[i]-slow[i]) > 1e-13*(1+math.Abs(slow[i])) {
				t.Errorf("h=%d: grad[%d] = %v, general %v", h, i, fast[i], slow[i])
			}
		}
	}
}

// TestWeightedGradient checks the weighted loss against finite differences
// and against Gradient when every weight is 1/m.
func TestWeightedGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	x, y, tg := batch(rng, 20)
	w := make([]float64, 20)
	for i := range w {
		w[i] = rng.Float64()
	}
	for _, hidden := range [][]int{{3}, {4, 2}} {
		n := randomNet(hidden, ReLU, rng)
		ws := n.NewWorkspace(20)
		const h = 1e-6
		grad, scratch := make([]float64, len(n.Params)), make([]float64, len(n.Params))
		n.WeightedGradient(grad, ws, x, y, tg, w)
		for i := range n.Params {
			p := n.Params[i]
			n.Params[i] = p + h
			up := n.WeightedGradient(scratch, ws, x, y, tg, w)
			n.Params[i] = p - h
			down := n.WeightedGradient(scratch, ws, x, y, tg, w)
			n.Params[i] = p
			if fd := (up - down) / (2 * h); math.Abs(grad[i]-fd) > 1e-5*(1+math.Abs(fd)) {
				t.Errorf("%v: ∂/∂p[%d] = %v, finite difference %v", hidden, i, grad[i], fd)
			}
		}
		uniform := make([]float64, 20)
		for i := range uniform {
			uniform[i] = 1.0 / 20
		}
		lw := n.WeightedGradient(scratch, ws, x, y, tg, uniform)
		lu := n.Gradient(grad, ws, x, y, tg, 0, nil)
		if math.Abs(lw-lu) > 1e-15 {
			t.Errorf("%v: weights 1/m give %v, Gradient %v", hidden, lw, lu)
		}
	}
}

// TestParamNames names the parameters of 2 → 2 → 1 and of a PReLU layer
// in the order of Params, and checks them against Neuron.
func TestParamNames(t *testing.T) {
	n := New([]int{2}, ReLU, 0)
	want := []string{"1.1.w1", "1.1.w2", "1.2.w1", "1.2.w2", "1.1.b", "1.2.b", "out.w1", "out.w2", "out.b"}
	if got := n.ParamNames(); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	p := New([]int{3, 2}, PReLU, 0)
	names := p.ParamNames()
	for i := range p.Params {
		p.Params[i] = float64(i)
	}
	w, b, _, slope := p.Neuron(1, 1)
	at := func(name string) float64 { return p.Params[slices.Index(names, name)] }
	if at("2.2.w3") != w[2] || at("2.2.b") != b || at("2.2.alpha") != slope {
		t.Errorf("names of layer 2's neuron 2 do not match Neuron: %v", names)
	}
}
