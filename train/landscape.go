package train

import (
	"errors"
	"math"

	"relulab/model"
)

// Landscape is the loss of TaskReLU's single unit, out = σ(w·x + b), as a
// function of its weight w and bias b (b = 0 when the unit has none), the
// other settings of the snapshot it was made from held: the picture of the
// question "Why can't a single ReLU learn a ReLU?".
//
// For a piecewise-linear unit, σ(z) = z for z > 0 and s·z otherwise (relu
// s = 0, leaky_relu its slope, prelu its current α, linear 1, abs −1), on
// N(0, 1) data the loss is the expected MSE in closed form,
//
//	L(w, b) = E[σ(z)²] − 2·E[σ(z)·x; x > 0] + ½,  z = w·x + b,
//
// where each term is a sum over the intervals of x on which z has one sign
// of the moments E[xᵏ; l < x < u] (k = 0, 1, 2) of the normal
// distribution. For w > 0 and b = 0 it is (w − 1)²/2 for relu, and for
// w < 0 it is w²/2 + ½. For every other activation or distribution it is
// the MSE on the held-out set, the trainer's measure. Exact reports which.
type Landscape struct {
	// Exact is true for the closed form, false for the held-out MSE.
	Exact bool
	slope float64
	net   *model.Net
	ws    *model.Workspace
	test  Dataset
	// w and b are the offsets of the unit's weight and bias in net.Params;
	// b is −1 without a bias.
	w, b int
}

// ErrNoLandscape says that a snapshot's network has more parameters than a
// landscape over (w, b) shows.
var ErrNoLandscape = errors.New("the landscape is drawn for the single unit of --task relu (no --hidden)")

// NewLandscape returns the landscape of the single unit of s, or
// ErrNoLandscape if s is not a single unit of TaskReLU.
func NewLandscape(s Snapshot) (*Landscape, error) {
	c := s.Config
	if c.Task != TaskReLU || !c.Direct || len(s.Params) == 0 {
		return nil, ErrNoLandscape
	}
	l := &Landscape{b: -1}
	l.net = c.newNet()
	copy(l.net.Params, s.Params)
	l.net.Slope = c.Slope
	for _, t := range l.net.Tensors() {
		switch t.Kind {
		case model.Kernel:
			l.w = t.Off
		case model.Bias:
			l.b = t.Off
		}
	}
	slope, linear := 0.0, true
	switch c.Act {
	case model.ReLU:
	case model.LeakyReLU:
		slope = c.Slope
	case model.PReLU:
		_, _, _, slope = l.net.Neuron(0, 0)
	case model.Linear:
		slope = 1
	case model.Abs:
		slope = -1
	default:
		linear = false
	}
	l.slope, l.Exact = slope, linear && c.Data == Normal
	if !l.Exact {
		l.test = sharedHeldOut(c.Task, c.Data)
		l.ws = l.net.NewWorkspace(evalChunk)
	}
	return l, nil
}

// HasBias reports whether the unit has a bias: whether the landscape is a
// surface over (w, b) rather than a curve over w.
func (l *Landscape) HasBias() bool { return l.b >= 0 }

// At returns the loss at weight w and bias b; b is ignored without a bias.
func (l *Landscape) At(w, b float64) float64 {
	if !l.HasBias() {
		b = 0
	}
	if l.Exact {
		return normalLoss(w, b, l.slope)
	}
	l.net.Params[l.w] = w
	if l.HasBias() {
		l.net.Params[l.b] = b
	}
	sse := 0.0
	for s := 0; s < l.test.Len(); s += l.ws.Cap() {
		d := l.test.Slice(s, min(s+l.ws.Cap(), l.test.Len()))
		for i, o := range l.net.Forward(l.ws, d.X, d.Y) {
			r := o - d.T[i]
			sse += r * r
		}
	}
	return sse / float64(l.test.Len())
}

// normalLoss is the closed form of Landscape for x ~ N(0, 1) and a unit of
// negative slope s.
func normalLoss(w, b, s float64) float64 {
	// on is the interval of x where z = w·x + b > 0, off its complement
	// (two intervals at most; with w = 0 one of them is everything).
	inf := math.Inf(1)
	var on, off [][2]float64
	switch {
	case w > 0:
		on, off = [][2]float64{{-b / w, inf}}, [][2]float64{{-inf, -b / w}}
	case w < 0:
		on, off = [][2]float64{{-inf, -b / w}}, [][2]float64{{-b / w, inf}}
	case b > 0:
		on = [][2]float64{{-inf, inf}}
	default:
		off = [][2]float64{{-inf, inf}}
	}
	sq := func(iv [][2]float64) float64 { // E[z²; x in iv]
		v := 0.0
		for _, i := range iv {
			m0, m1, m2 := normalMoments(i[0], i[1])
			v += w*w*m2 + 2*w*b*m1 + b*b*m0
		}
		return v
	}
	cross := func(iv [][2]float64) float64 { // E[z·x; x in iv, x > 0]
		v := 0.0
		for _, i := range iv {
			if lo := max(i[0], 0); i[1] > lo {
				_, m1, m2 := normalMoments(lo, i[1])
				v += w*m2 + b*m1
			}
		}
		return v
	}
	return sq(on) + s*s*sq(off) - 2*(cross(on)+s*cross(off)) + 0.5
}

// normalMoments returns E[xᵏ; l < x < u] for k = 0, 1, 2 and x ~ N(0, 1):
// Φ(u) − Φ(l), φ(l) − φ(u), and Φ(u) − Φ(l) + l·φ(l) − u·φ(u), where an
// infinite end contributes 0 to the products.
func normalMoments(l, u float64) (m0, m1, m2 float64) {
	cdf := func(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
	pdf := func(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }
	xpdf := func(x float64) float64 {
		if math.IsInf(x, 0) {
			return 0
		}
		return x * pdf(x)
	}
	m0 = cdf(u) - cdf(l)
	m1 = pdf(l) - pdf(u)
	m2 = m0 + xpdf(l) - xpdf(u)
	return m0, m1, m2
}

// Density returns the density of the first coordinate of d at x: φ(x)
// for normal, ½ on [−1, 1] for uniform, (2/π)·√(1 − x²) for the unit disk.
func (d Data) Density(x float64) float64 {
	switch d {
	case Normal:
		return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi)
	case Disk:
		return 2 / math.Pi * math.Sqrt(max(1-x*x, 0))
	}
	if math.Abs(x) <= 1 {
		return 0.5
	}
	return 0
}
