package optim

import (
	"math"

	"relulab/model"
)

// muon orthogonalizes the momentum of every kernel, as Keras's Muon (3.13)
// with its defaults; other variables (biases, PReLU slopes) take an AdamW
// step at the same learning rate (adam_lr_ratio 1). For a kernel P of Keras
// shape A×B:
//
//	m ← μ·m + g;  G = g + μ·m (Nesterov) or m
//	O = NS₅(G);  p ← p − lr·O·0.2·√max(A, B)
//
// NS₅ is five quintic Newton–Schulz steps on X = G/(‖G‖_F + 1e-7), taken in
// the orientation with fewer rows:
//
//	X ← a·X + (b·XXᵀ + c·(XXᵀ)²)·X,  (a, b, c) = (3.4445, −4.7750, 2.0315)
//
// Weight decay 0.004 applies to kernels and, as adam_weight_decay 0.004, to
// the AdamW variables.
type muon struct {
	powers
	momentum float64
	nesterov bool
	tensors  []model.Tensor
	m, v     []float64 // momentum of every variable; AdamW's v
	x, a, b  []float64 // scratch: X, XXᵀ and the polynomial in XXᵀ
	y        []float64 // scratch: a product with X
}

const (
	muonA, muonB, muonC = 3.4445, -4.7750, 2.0315
	muonSteps           = 5
	muonRMSRate         = 0.2
)

func newMuon(c Config, ts []model.Tensor, n int) rule {
	o := &muon{momentum: c.Momentum, nesterov: c.Nesterov,
		tensors: ts, m: make([]float64, n), v: make([]float64, n)}
	size, rows := 0, 0
	for _, t := range ts {
		if t.Kind == model.Kernel {
			size = max(size, t.Len)
			rows = max(rows, min(t.In, t.Out))
		}
	}
	o.x, o.y = make([]float64, size), make([]float64, size)
	o.a, o.b = make([]float64, rows*rows), make([]float64, rows*rows)
	return o
}

func (o *muon) update(params, grads []float64, lr float64, t int) {
	o.next(t, beta1, beta2)
	for _, ts := range o.tensors {
		lo, hi := ts.Off, ts.Off+ts.Len
		if ts.Kind == model.Kernel {
			o.kernelStep(ts, lr, params[lo:hi], grads[lo:hi], o.m[lo:hi])
		} else {
			o.adamwStep(lr, params[lo:hi], grads[lo:hi], o.m[lo:hi], o.v[lo:hi])
		}
	}
}

// adamwStep is Keras Muon's AdamW path: Adam at lr·adam_lr_ratio.
func (o *muon) adamwStep(lr float64, p, g, m, v []float64) {
	alpha := o.stepSize(lr)
	for i := range p {
		m[i] += (g[i] - m[i]) * (1 - beta1)
		v[i] += (g[i]*g[i] - v[i]) * (1 - beta2)
		p[i] -= m[i] * alpha / (math.Sqrt(v[i]) + kerasEpsilon)
	}
}

// kernelStep is the Muon step for one kernel, stored as Out rows of In.
func (o *muon) kernelStep(ts model.Tensor, lr float64, p, g, m []float64) {
	// Keras works on the A×B = In×Out kernel, transposed when In > Out so
	// that rows ≤ columns. The storage is Out×In: it is that orientation
	// when In > Out and its transpose otherwise.
	rows, cols := min(ts.In, ts.Out), max(ts.In, ts.Out)
	stored := ts.In > ts.Out
	x := o.x[:ts.Len]
	norm := 0.0
	for i := range m {
		m[i] = m[i] + (g[i] + m[i]*(o.momentum-1))
		gi := m[i]
		if o.nesterov {
			gi = g[i] + o.momentum*m[i]
		}
		x[o.index(i, ts, stored)] = gi
		norm += gi * gi
	}
	scale := 1 / (math.Sqrt(norm) + 1e-7)
	for i := range x {
		x[i] *= scale
	}
	o.newtonSchulz(x, rows, cols)
	step := lr * muonRMSRate * math.Sqrt(float64(cols))
	for i := range p {
		p[i] -= step * x[o.index(i, ts, stored)]
	}
}

// index maps position i of a kernel's storage (Out rows of In) to its place
// in the row-major working matrix.
func (o *muon) index(i int, ts model.Tensor, stored bool) int {
	if stored {
		return i
	}
	j, k := i/ts.In, i%ts.In // output j, input k; the working matrix is In×Out
	return k*ts.Out + j
}

// newtonSchulz runs the quintic iteration on the row-major rows×cols matrix x.
func (o *muon) newtonSchulz(x []float64, rows, cols int) {
	a, b, y := o.a[:rows*rows], o.b[:rows*rows], o.y[:rows*cols]
	for range muonSteps {
		for r := range rows { // a = x·xᵀ
			for s := range rows {
				dot := 0.0
				for c := range cols {
					dot += x[r*cols+c] * x[s*cols+c]
				}
				a[r*rows+s] = dot
			}
		}
		for r := range rows { // b = B·a + C·a·a
			for s := range rows {
				dot := 0.0
				for k := range rows {
					dot += a[r*rows+k] * a[k*rows+s]
				}
				b[r*rows+s] = muonB*a[r*rows+s] + muonC*dot
			}
		}
		for r := range rows { // y = b·x;  x = A·x + y
			for c := range cols {
				dot := 0.0
				for k := range rows {
					dot += b[r*rows+k] * x[k*cols+c]
				}
				y[r*cols+c] = dot
			}
		}
		for i := range y {
			x[i] = muonA*x[i] + y[i]
		}
	}
}

func (o *muon) vars() vars { return varsOf(&o.powers, map[string][]float64{"m": o.m, "v": o.v}) }
