package train

import (
	"math"
)

// SpectralNet is a network of one hidden layer of ReLU units for the
// amplitude spectrum of signals of N samples, as plain matrices, with
// K = N/2+1 outputs, output k learning |X_k|:
//
//	h_j = relu(W_j·x + B_j);  out_k = V_k·h + C_k
//
// Unit j's weights are W[j·N : (j+1)·N] and output k's V[k·Width :
// (k+1)·Width]. The zero value has no units.
type SpectralNet struct {
	N, Width   int
	W, B, V, C []float64
}

// PyramidPerBin returns the constructed network that explains the
// amplitude spectrum's optimum: in each complex bin k three units, their
// weight vectors cos θ·Re_k + sin θ·Im_k at θ = 0°, 120° and 240°, the
// pyramid of |x+iy| in the plane of X_k; and two units per real bin, ±DC
// and ±Nyq, the fold |a| = relu(a) + relu(−a). Its width is
// 3·(n/2 − 1) + 4, units bin by bin: DC, bin 1 … bin n/2−1, Nyquist. Biases
// are 0 and each output reads its bin's units with weight 1: FitOutputs
// fits them to data.
func PyramidPerBin(n int) SpectralNet {
	basis := newDFTBasis(n)
	s := SpectralNet{N: n, Width: 3*(n/2-1) + 4}
	s.B, s.C = make([]float64, s.Width), make([]float64, n/2+1)
	s.V = make([]float64, (n/2+1)*s.Width)
	j := 0
	add := func(k int, w []float64) {
		s.W = append(s.W, w...)
		s.V[k*s.Width+j] = 1
		j++
	}
	for k := range basis {
		if basis.real(k) {
			add(k, slicesScaled(basis[k][0], 1))
			add(k, slicesScaled(basis[k][0], -1))
			continue
		}
		for d := range 3 {
			th := 2 * math.Pi * float64(d) / 3
			w := slicesScaled(basis[k][0], math.Cos(th))
			axpy(w, math.Sin(th), basis[k][1])
			add(k, w)
		}
	}
	return s
}

// slicesScaled returns a·v in a new slice.
func slicesScaled(v []float64, a float64) []float64 {
	w := make([]float64, len(v))
	axpy(w, a, v)
	return w
}

// hidden returns the activations of every unit on the m samples of x,
// sample i's N values at x[i·N:], as h[i·Width + j].
func (s SpectralNet) hidden(x []float64) []float64 {
	m := len(x) / s.N
	h := make([]float64, m*s.Width)
	for i := range m {
		xi := x[i*s.N : (i+1)*s.N]
		for j := range s.Width {
			h[i*s.Width+j] = max(0, dot(s.W[j*s.N:(j+1)*s.N], xi)+s.B[j])
		}
	}
	return h
}

// FitOutputs sets each output's weights to its bin's units and its bias
// to the least-squares fit of the targets t, sample i's K at t[i·K:], on
// the m samples of x: out_k = v_k·Σ h_j + c_k over the units j that output
// k reads, one common weight v_k (the units of a bin are alike by
// symmetry):
//
//	v_k = cov(Σ h_j, t_k) / var(Σ h_j),  c_k = mean(t_k) − v_k·mean(Σ h_j)
//
// An output that reads no unit, or whose units are constant on x, gets
// v_k = 0 and c_k = mean(t_k).
func (s SpectralNet) FitOutputs(x, t []float64) {
	h := s.hidden(x)
	k := len(s.C)
	m := len(x) / s.N
	for o := range k {
		var reads []int
		for j := range s.Width {
			if s.V[o*s.Width+j] != 0 {
				reads = append(reads, j)
			}
		}
		var ms, mt, css, cst float64 // means, then co-moments
		sums := make([]float64, m)
		for i := range m {
			for _, j := range reads {
				sums[i] += h[i*s.Width+j]
			}
			ms += sums[i]
			mt += t[i*k+o]
		}
		ms, mt = ms/float64(m), mt/float64(m)
		for i := range m {
			ds := sums[i] - ms
			css += ds * ds
			cst += ds * (t[i*k+o] - mt)
		}
		v := 0.0
		if css > 0 {
			v = cst / css
		}
		for _, j := range reads {
			s.V[o*s.Width+j] = v
		}
		s.C[o] = mt - v*ms
	}
}

// MSE returns the mean squared error of the outputs against the targets
// t over the m samples of x, averaged over outputs too.
func (s SpectralNet) MSE(x, t []float64) float64 {
	h := s.hidden(x)
	k := len(s.C)
	m := len(x) / s.N
	sse := 0.0
	for i := range m {
		hi := h[i*s.Width : (i+1)*s.Width]
		for o := range k {
			r := dot(s.V[o*s.Width:(o+1)*s.Width], hi) + s.C[o] - t[i*k+o]
			sse += r * r
		}
	}
	return sse / float64(m*k)
}

// Neurons describes the units as diagnose does, measured on the m samples
// of x: weights, bias, outgoing weights, the share of samples on which each
// is active, and which are weak, dead or collapsed.
func (s SpectralNet) Neurons(x []float64) []Neuron {
	h := s.hidden(x)
	m := len(x) / s.N
	ns := make([]Neuron, s.Width)
	for j := range ns {
		n := Neuron{Index: j, W: append([]float64(nil), s.W[j*s.N:(j+1)*s.N]...), B: s.B[j],
			Angle: math.NaN(), Offset: math.NaN()}
		for o := range s.C {
			n.V = append(n.V, s.V[o*s.Width+j])
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range m {
			a := h[i*s.Width+j]
			n.Active += float64(b2i(a > 0))
			lo, hi = min(lo, a), max(hi, a)
		}
		n.Active /= float64(m)
		n.Weak = n.Active < WeakFraction
		n.Dead = hi-lo <= deadTolerance*(1+math.Abs(hi))
		ns[j] = n
	}
	markCollapsed(ns)
	return ns
}
