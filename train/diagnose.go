package train

import (
	"math"
	"slices"

	"relulab/model"
)

// Neuron describes one hidden neuron as measured on the held-out set.
type Neuron struct {
	Layer int // 0 is the first hidden layer
	Index int // position within its layer
	// W holds the incoming weights, B the bias, V the outgoing weights and
	// Slope the learned negative slope (PReLU only).
	W     []float64
	B     float64
	V     []float64
	Slope float64
	// Active is the fraction of held-out inputs with pre-activation > 0.
	Active float64
	// Weak means active on under 1% of the held-out inputs.
	Weak bool
	// Dead means the neuron's output is the same on every held-out input.
	Dead bool
	// CollapsedWith lists the neurons of the same layer that this one
	// duplicates: both alive, cos((w,b), (w′,b′)) > 0.99.
	CollapsedWith []int
	// Angle (degrees, in (−180, 180]) and Offset give the boundary line
	// w·p + b = 0 of a first-layer neuron: its normal direction and its
	// signed distance −b/|w| from the origin along that normal. Both are
	// NaN for deeper layers, for w = 0 and for one input.
	Angle  float64
	Offset float64
}

// Thresholds of the diagnostics.
const (
	WeakFraction  = 0.01 // active on fewer inputs than this: weak
	CollapsedCos  = 0.99 // cosine above this between two alive neurons: collapsed
	deadTolerance = 1e-12
)

// State returns the neuron's state in one word: dead, weak, collapsed or alive.
func (n Neuron) State() string {
	switch {
	case n.Dead:
		return "dead"
	case len(n.CollapsedWith) > 0:
		return "collapsed"
	case n.Weak:
		return "weak"
	}
	return "alive"
}

// diagnose measures every hidden neuron of net on the samples of test,
// and the network's MSE on them (averaged over the outputs too). A neuron
// whose output varies by at most spread over test is dead too
// (VanishedSpread for TaskReLU, 0 otherwise).
func diagnose(net *model.Net, test Dataset, ws *model.Workspace, spread float64) ([]Neuron, float64) {
	ns, mse := diagnoseOutputs(net, test, ws, spread)
	return ns, meanOf(mse)
}

// diagnoseOutputs is diagnose with the MSE of each output.
func diagnoseOutputs(net *model.Net, test Dataset, ws *model.Workspace, spread float64) ([]Neuron, []float64) {
	sse := make([]float64, net.Sizes[len(net.Sizes)-1])
	ns := neurons(net, test, ws, spread, sse)
	for k := range sse {
		sse[k] /= float64(test.Len())
	}
	return ns, sse
}

// neurons measures every hidden neuron of net on the samples of test, as
// diagnose does, and adds to sse[o], unless sse is nil, the squared errors
// of output o, in the order of squaredErrors: without them it is cheaper
// by their sum.
func neurons(net *model.Net, test Dataset, ws *model.Workspace, spread float64, sse []float64) []Neuron {
	hidden := net.Hidden()
	type acc struct{ active, lo, hi float64 }
	accs := make([][]acc, len(hidden))
	for l, h := range hidden {
		accs[l] = make([]acc, h)
		for j := range accs[l] {
			accs[l][j] = acc{lo: math.Inf(1), hi: math.Inf(-1)}
		}
	}
	var lanes [4]float64 // sse[0]'s, for one output
	for s := 0; s < test.Len(); s += ws.Cap() {
		b := test.Slice(s, min(s+ws.Cap(), test.Len()))
		switch {
		case sse != nil:
			squaredErrors(sse, &lanes, s, net, ws, b)
		case b.In == nil:
			net.Forward(ws, b.X, b.Y)
		default:
			net.ForwardCols(ws, b.In)
		}
		for l := range hidden {
			for j := range accs[l] {
				a := &accs[l][j]
				z, h := ws.Unit(l, j)
				n, lo, hi := unitStats(z, h, a.lo, a.hi)
				a.active += float64(n)
				a.lo, a.hi = lo, hi
			}
		}
	}
	var out []Neuron
	for l := range hidden {
		for j, a := range accs[l] {
			w, b, v, slope := net.Neuron(l, j)
			n := Neuron{
				Layer: l, Index: j, W: append([]float64(nil), w...), B: b, V: v,
				Active: a.active / float64(test.Len()),
				Dead:   a.hi-a.lo <= max(deadTolerance*(1+math.Abs(a.hi)), spread),
				Angle:  math.NaN(), Offset: math.NaN(),
			}
			if net.Act == model.PReLU {
				n.Slope = slope
			}
			n.Weak = n.Active < WeakFraction
			if l == 0 && len(w) == 2 && hypot(w[0], w[1]) > 0 {
				norm := hypot(w[0], w[1])
				n.Angle = math.Atan2(w[1], w[0]) * 180 / math.Pi
				n.Offset = -b / norm
			}
			out = append(out, n)
		}
	}
	markCollapsed(out)
	if sse != nil && test.In == nil {
		sse[0] = model.LaneTotal(&lanes)
	}
	return out
}

// collapsedPairs lists the collapsed pairs of ns as indices into ns.
func collapsedPairs(ns []Neuron) [][2]int {
	var pairs [][2]int
	for i, a := range ns {
		for j := i + 1; j < len(ns); j++ {
			if b := ns[j]; a.Layer == b.Layer && slices.Contains(a.CollapsedWith, b.Index) {
				pairs = append(pairs, [2]int{i, j})
			}
		}
	}
	return pairs
}

// markCollapsed fills CollapsedWith for pairs of alive neurons in the same
// layer whose (w, b) vectors point the same way.
func markCollapsed(ns []Neuron) {
	for i := range ns {
		for j := i + 1; j < len(ns); j++ {
			a, b := &ns[i], &ns[j]
			if a.Layer != b.Layer || a.Dead || b.Dead {
				continue
			}
			if cosine(a.W, a.B, b.W, b.B) > CollapsedCos {
				a.CollapsedWith = append(a.CollapsedWith, b.Index)
				b.CollapsedWith = append(b.CollapsedWith, a.Index)
			}
		}
	}
}

// cosine returns cos((w, b), (w′, b′)), or 0 if either vector is zero.
func cosine(w []float64, b float64, w2 []float64, b2 float64) float64 {
	dot, n1, n2 := b*b2, b*b, b2*b2
	for k := range w {
		dot += float64(w[k] * w2[k])
		n1 += float64(w[k] * w[k])
		n2 += float64(w2[k] * w2[k])
	}
	if n1 == 0 || n2 == 0 {
		return 0
	}
	return dot / math.Sqrt(n1*n2)
}

// unitStats returns how many of z, a unit's pre-activations, are above 0,
// and min(lo, h…) and max(hi, h…) of its outputs h as Go's min and max
// give them, up to the sign of a zero extreme (which −0 < +0 is the least
// and greatest of, as Dead reads them, makes no difference): NaN if lo, hi
// or any of h is NaN. Where the CPU has AVX2 the vector kernel
// (stats_amd64.s) takes the samples four at a time.
//
//go:generate go run -C ../model/asm . -kernel stats -out ../../train/stats_amd64.s -stubs ../../train/stats_amd64.go -pkg train
func unitStats(z, h []float64, lo, hi float64) (active int, hlo, hhi float64) {
	h = h[:len(z)]
	k := 0
	if haveKernel {
		k = len(z) &^ 3
		n, klo, khi, nan := unitKernel(z[:k], h[:k])
		if nan {
			klo, khi = math.NaN(), math.NaN()
		}
		active, lo, hi = n, min(lo, klo), max(hi, khi)
	}
	lo, hi = minMax(h[k:], lo, hi)
	return active + activeCount(z[k:]), lo, hi
}

// activeCount returns how many of z are above 0, without a branch: the
// sign of z is random.
func activeCount(z []float64) int {
	active := 0
	for _, v := range z {
		active += b2i(v > 0)
	}
	return active
}

// minMax returns min(lo, h…) and max(hi, h…) as Go's min and max give
// them. It keeps four of each, which breaks the chain of dependent
// comparisons; min and max are exact, so the order does not matter. The
// four are separate variables, not an array, which the compiler would
// keep in memory, putting a store and a load into every link of the
// chains.
func minMax(h []float64, lo, hi float64) (float64, float64) {
	l0, l1, l2, l3 := lo, lo, lo, lo
	u0, u1, u2, u3 := hi, hi, hi, hi
	i := 0
	for ; i+4 <= len(h); i += 4 {
		q := h[i : i+4 : i+4]
		l0, u0 = min(l0, q[0]), max(u0, q[0])
		l1, u1 = min(l1, q[1]), max(u1, q[1])
		l2, u2 = min(l2, q[2]), max(u2, q[2])
		l3, u3 = min(l3, q[3]), max(u3, q[3])
	}
	for ; i < len(h); i++ {
		l0, u0 = min(l0, h[i]), max(u0, h[i])
	}
	return min(l0, l1, l2, l3), max(u0, u1, u2, u3)
}
