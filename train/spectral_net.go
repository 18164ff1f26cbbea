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
	width := 3*(n/2-1) + 4
	s := SpectralNet{N: n, Width: width, B: make([]float64, width), C: make([]float64, n/2+1)}
	s.V = make([]float64, (n/2+1)*width)
	var bins []int
	s.W, bins = binUnits(n, width, func(int) float64 { return 0 })
	for j, k := range bins {
		s.V[k*width+j] = 1
	}
	return s
}

// binUnits returns the unit weight vectors of width units spread over the
// bins of signals of n samples as PyramidPerBin spreads its own, and the
// bin of each: unit j takes the place j mod 3·(n/2 − 1) + 4 of
// PyramidPerBin, so a wider layer adds units to the bins from DC on. The
// c units of complex bin k lie at θ = rot(k) + 360°·i/c (radians), those
// of a real bin alternate in sign. rot is called once per bin, in order.
func binUnits(n, width int, rot func(k int) float64) (w []float64, bins []int) {
	basis := spectrumBasis(n)
	var slots []int // the bin of each place of PyramidPerBin
	for k := range basis {
		for range 3 - b2i(basis.real(k)) {
			slots = append(slots, k)
		}
	}
	count := make([]int, len(basis)) // units per bin
	for j := range width {
		count[slots[j%len(slots)]]++
	}
	phase := make([]float64, len(basis))
	for k := range phase {
		phase[k] = rot(k)
	}
	seen := make([]int, len(basis))
	for j := range width {
		k := slots[j%len(slots)]
		i := seen[k]
		seen[k]++
		if basis.real(k) {
			w = append(w, slicesScaled(basis[k][0], float64(1-2*(i%2)))...)
		} else {
			th := phase[k] + 2*math.Pi*float64(i)/float64(count[k])
			u := slicesScaled(basis[k][0], math.Cos(th))
			axpy(u, math.Sin(th), basis[k][1])
			w = append(w, u...)
		}
		bins = append(bins, k)
	}
	return w, bins
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
