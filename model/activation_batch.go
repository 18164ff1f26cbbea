package model

import "math"

// forward sets h[i] = f(z[i]) for every i; len(h) must be at least len(z).
// The common piecewise-linear activations run branch-free: the sample order
// is random, so a branch on the sign of z would be mispredicted half the time.
func (a Activation) forward(h, z []float64, slope float64) {
	h = h[:len(z)]
	switch a {
	case ReLU:
		for i, v := range z {
			h[i] = positive(v)
		}
	case LeakyReLU, PReLU:
		for i, v := range z {
			h[i] = positive(v) + float64(slope*negative(v))
		}
	case Abs:
		for i, v := range z {
			h[i] = math.Abs(v)
		}
	case Linear:
		copy(h, z)
	default:
		for i, v := range z {
			h[i] = a.F(v, slope)
		}
	}
}

// backward sets d[i] *= f′(z[i]) for every i, where h[i] = f(z[i]) is the
// output of forward; len(z) and len(h) must be at least len(d).
func (a Activation) backward(d, z, h []float64, slope float64) {
	z, h = z[:len(d)], h[:len(d)]
	switch a {
	case ReLU:
		for i, v := range h {
			d[i] = keepIfNonzero(d[i], v)
		}
	case LeakyReLU, PReLU:
		for i, v := range z {
			g := d[i]
			d[i] = float64(slope*g) + float64((1-slope)*keepIfNonzero(g, positive(v)))
		}
	case Abs:
		for i, v := range z {
			d[i] *= sign(v)
		}
	case Linear:
	case Sigmoid:
		for i, v := range h {
			d[i] *= v * (1 - v)
		}
	case Tanh:
		for i, v := range h {
			d[i] *= 1 - float64(v*v)
		}
	case Exponential:
		for i, v := range h {
			d[i] *= v
		}
	default:
		for i, v := range z {
			d[i] *= a.Df(v, slope)
		}
	}
}

// positive returns max(x, 0) without a branch: it clears x when its sign bit
// is set and x is not NaN. It returns +0 for −0 and for negative x, and x for
// a NaN of either sign, so that a NaN weight shows as a divergence, not as a
// dead neuron. A NaN is an x whose bits, sign aside, exceed those of +Inf.
func positive(x float64) float64 {
	b := math.Float64bits(x)
	neg := uint64(int64(b) >> 63)                                          // all ones if the sign bit is set
	nan := uint64(int64(math.Float64bits(math.Inf(1))-(b&^(1<<63))) >> 63) // all ones if NaN
	return math.Float64frombits(b &^ (neg &^ nan))
}

// negative returns min(x, 0) without a branch.
func negative(x float64) float64 {
	b := math.Float64bits(x)
	return math.Float64frombits(b & uint64(int64(b)>>63))
}

// keepIfNonzero returns g if h > 0 and 0 if h = +0, without a branch; h must
// have its sign bit clear, as positive's results do unless they are NaN (the
// output is NaN then, whatever this returns). It is relu′ applied to
// g, with h = relu(z): relu′(0) = 0. For such h, −bits(h) has its sign bit
// set exactly when h ≠ 0.
func keepIfNonzero(g, h float64) float64 {
	mask := uint64(-int64(math.Float64bits(h)) >> 63)
	return math.Float64frombits(math.Float64bits(g) & mask)
}

// sign returns 1 for x > 0, −1 for x < 0 and 0 otherwise.
func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
