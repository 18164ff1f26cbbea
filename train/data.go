package train

import (
	"math"
	"math/rand/v2"
	"sync"
)

// Data is the distribution of the inputs (x, y). The zero value is Uniform.
type Data int

// The input distributions.
const (
	Uniform Data = iota // uniform on the square [−1, 1]²
	Normal              // N(0, 1) in each coordinate, as the original question drew them
	Disk                // uniform on the unit disk
)

// AllData lists every distribution in the order a key cycles through them.
var AllData = []Data{Uniform, Normal, Disk}

var dataNames = [...]string{Uniform: "uniform", Normal: "normal", Disk: "disk"}

// String returns the name of d, such as "disk".
func (d Data) String() string { return enumName(dataNames[:], d, "Data") }

// MarshalText returns the name of d.
func (d Data) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText sets d from its name.
func (d *Data) UnmarshalText(b []byte) (err error) {
	*d, err = ParseData(string(b))
	return err
}

// ParseData returns the distribution with the given name.
func ParseData(s string) (Data, error) { return parseEnum[Data](dataNames[:], s, "data distribution") }

// Extent returns the half-width of the square a heatmap of d shows: the
// support for uniform and disk, ±3σ for normal.
func (d Data) Extent() float64 {
	if d == Normal {
		return 3
	}
	return 1
}

// Sample draws len(x) inputs from d into x and y (see inputs) and sets
// t[i] = |x[i]+iy[i]|.
//
// The draws take a loop of their own, and the targets another (hypots,
// four at a time on a vector kernel where the CPU has one): the targets'
// divisions and square roots then overlap, where each waited on the next
// draw.
func (d Data) Sample(x, y, t []float64, src *rand.PCG) {
	d.inputs(x, y, src)
	hypots(t, x, y)
}

// inputs draws len(x) inputs from d into x and y from src, what a
// rand.Rand on it would draw: x[i] = 2·Float64() − 1 and then y[i] for
// uniform data, NormFloat64 for normal, and for the disk r = √Float64()
// and θ = 2π·Float64(), (r cos θ, r sin θ). The uniform and disk draws
// call src itself, which inlines, where rand.Rand calls it through the
// rand.Source interface.
func (d Data) inputs(x, y []float64, src *rand.PCG) {
	y = y[:len(x)]
	switch d {
	case Uniform:
		for i := range x {
			x[i], y[i] = float64(2*unit(src.Uint64()))-1, float64(2*unit(src.Uint64()))-1
		}
	case Normal:
		rng := rand.New(src)
		for i := range x {
			x[i], y[i] = rng.NormFloat64(), rng.NormFloat64()
		}
	case Disk:
		for i := range x {
			r, th := math.Sqrt(unit(src.Uint64())), 2*math.Pi*unit(src.Uint64())
			x[i], y[i] = r*math.Cos(th), r*math.Sin(th)
		}
	default:
		panic("train: unknown data distribution")
	}
}

// unit returns k/2⁵³ in [0, 1) for k the 53 low bits of u: the
// rand.Rand.Float64 of the draw u, bit for bit.
func unit(u uint64) float64 { return float64(int64(u<<11>>11)) / (1 << 53) }

// hypot returns |p+iq| = √(p²+q²) computed as max·√(1 + (min/max)²), the
// formula and order of Go's amd64 assembly for math.Hypot, which other
// machines compute in Go with a fused multiply-add: written out here,
// every machine gives amd64's bits. As there, it is +Inf if p or q is ±Inf,
// else NaN if p or q is NaN, and 0 if both are zero.
//
// It orders |p| and |q| by their bits, which for numbers without a sign
// is their order as numbers, NaN above +Inf, so that one branch, almost
// never taken, catches the special cases, and the call inlines.
func hypot(p, q float64) float64 {
	const inf = 0x7ff0_0000_0000_0000 // the bits of +Inf
	a, b := math.Float64bits(p)&^(1<<63), math.Float64bits(q)&^(1<<63)
	hi, lo := max(a, b), min(a, b)
	if hi-1 >= inf-1 { // hi is 0, +Inf or NaN
		switch {
		case hi == 0:
			return 0
		case hi == inf || lo == inf:
			return math.Inf(1)
		}
		return math.NaN()
	}
	big, r := math.Float64frombits(hi), math.Float64frombits(lo)
	r /= big
	return big * math.Sqrt(1+float64(r*r))
}

// Dataset holds samples as a structure of arrays: inputs X, Y and targets
// T, and, for a quadrature, the weight W of each sample; nil W weighs every
// sample alike. A task of more inputs or outputs (the amplitude spectrum)
// holds its samples in the columns In and Out instead, In[k][i] being
// input k and Out[o][i] the target of output o of sample i; its X, Y, T
// and W are nil.
type Dataset struct {
	X, Y, T, W []float64
	In, Out    [][]float64

	order *columnOrder // the shuffle's scratch space, for columns
}

// NewDataset draws n samples of task k on d from src.
func NewDataset(k Task, d Data, n int, src *rand.PCG) Dataset {
	var s Dataset
	if k.Spectrum() > 0 {
		s.In, s.Out = columns(k.Inputs(), n), columns(k.Outputs(), n)
		s.order = newColumnOrder(n)
	} else {
		s.X, s.Y, s.T = make([]float64, n), make([]float64, n), make([]float64, n)
	}
	s.draw(k, d, src)
	return s
}

// columns returns c columns of n zeros.
func columns(c, n int) [][]float64 {
	cols := make([][]float64, c)
	for k := range cols {
		cols[k] = make([]float64, n)
	}
	return cols
}

// draw sets every sample of s to a fresh one of task k on d, from src.
func (s *Dataset) draw(k Task, d Data, src *rand.PCG) {
	if s.In != nil {
		sampleSpectrum(d, s.In, s.Out, rand.New(src))
		return
	}
	k.Sample(d, s.X, s.Y, s.T, src)
}

// Len returns the number of samples in s.
func (s Dataset) Len() int {
	if s.In != nil {
		return len(s.In[0])
	}
	return len(s.X)
}

// Slice returns the samples [i, j) of s as views.
func (s *Dataset) Slice(i, j int) Dataset {
	var b Dataset
	if s.In != nil {
		s.viewInto(&b, i, j, make([][]float64, len(s.In)), make([][]float64, len(s.Out)))
	} else {
		s.viewInto(&b, i, j, nil, nil)
	}
	return b
}

// viewInto sets b's samples to the samples [i, j) of s, as views: Slice
// without an allocation or a copy of a Dataset, for the minibatches of a
// training step. The views of a dataset of columns are held in in and out,
// which it overwrites; b must be of the kind of s, X, Y and T or columns.
func (s *Dataset) viewInto(b *Dataset, i, j int, in, out [][]float64) {
	if s.In == nil {
		b.X, b.Y, b.T = s.X[i:j], s.Y[i:j], s.T[i:j]
		b.W = nil
		if s.W != nil {
			b.W = s.W[i:j]
		}
		return
	}
	for k, c := range s.In {
		in[k] = c[i:j]
	}
	for k, c := range s.Out {
		out[k] = c[i:j]
	}
	b.In, b.Out = in, out
}

// Shuffle permutes s in place, uniformly at random (Fisher–Yates): for i
// from n−1 down to 1 it swaps sample i with sample j, j uniform in [0, i].
// Shuffling the arrays themselves keeps every minibatch contiguous. Each
// 64-bit draw gives j for two swaps, from its low and its high 32 bits
// (see bounded), so s must hold fewer than 2³² samples. The steps run in
// shuffleSteps, which leaves the rare draws that take bounded's slow path
// to Shuffle.
func (s Dataset) Shuffle(r *SplitMix64) {
	if s.In != nil {
		s.shuffleColumns(r)
		return
	}
	x, y, t := s.X, s.Y[:len(s.X)], s.T[:len(s.X)]
	g := r.State
	i := len(x) - 1
	for {
		var a, b uint64
		if i, g, a, b = shuffleSteps(x, y, t, i, g); i <= 1 {
			break
		}
		g, a, b = redraw2(g, a, b, uint32(i+1), uint32(i))
		swapSamples(x, y, t, i, a>>32)
		swapSamples(x, y, t, i-1, b>>32)
		i -= 2
	}
	if i == 1 {
		var u uint64
		var j uint32
		g, u = splitMix(g)
		g, j = bounded(g, uint32(u), 2)
		swapSamples(x, y, t, 1, uint64(j))
	}
	r.State = g
}

// swapSamples swaps sample i of x, y and t with sample j. It loads the six
// values before it stores any: a store to x[j] followed by a load of y[j],
// 8 KiB further when the arrays lie side by side, looks to the CPU like a
// dependence (4K aliasing) and costs the swap its overlap with the next;
// and x, y and t may be one slice (see shuffleColumns).
func swapSamples(x, y, t []float64, i int, j uint64) {
	xi, xj, yi, yj, ti, tj := x[i], x[j], y[i], y[j], t[i], t[j]
	x[i], x[j], y[i], y[j], t[i], t[j] = xj, xi, yj, yi, tj, ti
}

// redraw2 is the slow path of the two bounded draws of a step of Shuffle,
// from [0, n) and [0, m), given their products a and b: it redraws the
// first if it must, then the second, and returns the state and the
// products.
func redraw2(g, a, b uint64, n, m uint32) (uint64, uint64, uint64) {
	if uint32(a) < n {
		g, a = redraw(g, a, n)
	}
	if uint32(b) < m {
		g, b = redraw(g, b, m)
	}
	return g, a, b
}

// shuffleColumns is Shuffle for a dataset of columns: the same draws and
// the same permutation, found by Shuffle itself on the indices 0 … n−1
// (exact as float64 below 2⁵³) given as X, Y and T at once, which swaps
// them three times over, the same as once; each column is then gathered
// through them, which reads and writes every column in order but once.
func (s Dataset) shuffleColumns(r *SplitMix64) {
	n := s.Len()
	if s.order == nil || len(s.order.perm) < n {
		s.order = newColumnOrder(n)
	}
	perm, tmp := s.order.perm[:n], s.order.tmp[:n]
	for i := range tmp {
		tmp[i] = float64(i)
	}
	Dataset{X: tmp, Y: tmp, T: tmp}.Shuffle(r)
	for i, j := range tmp {
		perm[i] = uint32(j)
	}
	for _, cols := range [2][][]float64{s.In, s.Out} {
		for _, c := range cols {
			c = c[:n]
			for i, j := range perm {
				tmp[i] = c[j]
			}
			copy(c, tmp)
		}
	}
}

// columnOrder is the scratch space of shuffleColumns: the permutation and
// one column.
type columnOrder struct {
	perm []uint32
	tmp  []float64
}

// newColumnOrder returns the scratch space for n samples.
func newColumnOrder(n int) *columnOrder {
	return &columnOrder{perm: make([]uint32, n), tmp: make([]float64, n)}
}

// HeldOutSize is the number of held-out samples the diagnostics use.
const HeldOutSize = 10000

// HeldOut returns the held-out set of task k on d: HeldOutSize samples
// drawn from a fixed seed of its own, the same for every run.
func HeldOut(k Task, d Data) Dataset {
	return NewDataset(k, d, HeldOutSize, rand.NewPCG(heldOutSeed, uint64(d)))
}

// heldOutSets holds the held-out set of each task and distribution, drawn
// once and shared by every trainer, which only reads it: 240 KB a run
// less, which 256 trials at once notice.
var heldOutSets sync.Map // [2]int{Task, Data} → Dataset

// sharedHeldOut returns the shared held-out set of task k on d; it must
// not be modified.
func sharedHeldOut(k Task, d Data) Dataset {
	key := [2]int{int(k), int(d)}
	if v, ok := heldOutSets.Load(key); ok {
		return v.(Dataset)
	}
	v, _ := heldOutSets.LoadOrStore(key, HeldOut(k, d))
	return v.(Dataset)
}

// Random streams. A run's seed s feeds independent PCG streams, so that a new
// data distribution keeps the initial weights and a new optimizer keeps the
// data.
const (
	heldOutSeed = 0x5eed_0f_7e57
	streamInit  = 1 // initial weights
	streamData  = 2 // the training set
	streamTrain = 3 // shuffling, dropout and streamed batches
	streamGrow  = 4 // neurons added in the lab; the width is added to it
	// streamRevive draws revived neurons; the epoch is added to it.
	streamRevive = 1 << 32
)
