package train

import (
	"math"
	"math/rand/v2"

	"relulab/model"
)

// streamPlane draws the random directions of a Plane.
const streamPlane = 2 << 32

// Plane is the loss landscape of a run on a plane through its weights w,
// as Li et al. 2018 draw it: the held-out MSE
//
//	L(α, β) = MSE(w + α·D1 + β·D2)
//
// on an N×N grid over (α, β) ∈ [−Extent, Extent]², N odd so that the
// centre point is w itself. D1 and D2 are the two principal directions of
// the run's trajectory (see principal), unit vectors; without a trajectory
// that spans a plane they are random and filter-normalized: each neuron's
// incoming weights along a direction have the norm of its own, biases and
// PReLU slopes stay put. The grid is computed a point at a time by
// Compute, so that a caller can spread the work over frames.
type Plane struct {
	// Origin is w; D1 and D2 span the plane.
	Origin, D1, D2 []float64
	// PCA says whether D1 and D2 are principal directions, and Share the
	// shares of the trajectory's variance along each.
	PCA   bool
	Share [2]float64
	// Extent is the half-width of the grid, and N its points along
	// each side.
	Extent float64
	N      int
	// Vals holds L at grid point (i, j) at j·N + i, α rising with i and β
	// falling with j (row 0 is at the top); NaN until computed.
	Vals []float64

	next int // the next grid point Compute evaluates
	net  *model.Net
	ws   *model.Workspace
	test Dataset
}

// NewPlane returns the plane of snapshot s through its weights, with the
// directions of trajectory path (nil or too short: random ones) and n×n
// points (n is made odd by adding one if needed), none computed yet.
func NewPlane(s Snapshot, path *Trajectory, n int) *Plane {
	c := s.Config
	n |= 1
	p := &Plane{Origin: append([]float64(nil), s.Params...), N: n, Vals: make([]float64, n*n)}
	for i := range p.Vals {
		p.Vals[i] = math.NaN()
	}
	p.net = c.newNet()
	p.net.Slope = c.Slope
	p.ws = p.net.NewWorkspace(evalChunk)
	p.test = sharedHeldOut(c.Task, c.Data)
	d := len(p.Origin)
	if path != nil && path.Dim == d && path.Len() >= 3 {
		p.D1, p.D2, p.Share = principal(path.W[:path.Len()*d], path.Len(), d)
	}
	if p.PCA = p.D1 != nil && p.D2 != nil; p.PCA {
		reach := 0.0
		for i := range path.Len() {
			a, b, _ := p.Coords(path.Point(i))
			reach = max(reach, math.Abs(a), math.Abs(b))
		}
		p.Extent = niceExtent(1.1 * reach)
		return p
	}
	rng := rand.New(rand.NewPCG(c.Seed, streamPlane))
	p.D1, p.D2, p.Share = p.filterNormal(rng), p.filterNormal(rng), [2]float64{}
	p.Extent = 1
	return p
}

// filterNormal returns a random direction of Gaussian draws whose part
// along each neuron's incoming weights has the norm of those weights, and
// which is zero on biases and PReLU slopes.
func (p *Plane) filterNormal(rng *rand.Rand) []float64 {
	v := make([]float64, len(p.Origin))
	for _, t := range p.net.Tensors() {
		if t.Kind != model.Kernel {
			continue
		}
		for j := range t.Out { // neuron j's weights: Off + j·In + k
			row := v[t.Off+j*t.In : t.Off+(j+1)*t.In]
			for k := range row {
				row[k] = rng.NormFloat64()
			}
			if n := norm(row); n > 0 {
				scale(row, norm(p.Origin[t.Off+j*t.In:t.Off+(j+1)*t.In])/n)
			}
		}
	}
	return v
}

// niceExtent rounds x up to two significant digits; 1 for x that is not
// positive.
func niceExtent(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(x))-1)
	return math.Ceil(x/e*(1-1e-12)) * e
}

// Step returns the spacing of the grid: a pixel of the plane.
func (p *Plane) Step() float64 { return 2 * p.Extent / float64(p.N-1) }

// Coord returns the α (or β) of grid column i (or row N−1−i).
func (p *Plane) Coord(i int) float64 {
	return float64(i-p.N/2) * p.Step()
}

// Coords returns the coordinates (α, β) of the point of the plane nearest
// to w, by least squares, and the distance of w from the plane.
func (p *Plane) Coords(w []float64) (a, b, off float64) {
	v := make([]float64, len(w))
	for i := range v {
		v[i] = w[i] - p.Origin[i]
	}
	g11, g12, g22 := dot(p.D1, p.D1), dot(p.D1, p.D2), dot(p.D2, p.D2)
	r1, r2 := dot(p.D1, v), dot(p.D2, v)
	if det := g11*g22 - g12*g12; det > 0 {
		a, b = (g22*r1-g12*r2)/det, (g11*r2-g12*r1)/det
	}
	axpy(v, -a, p.D1)
	axpy(v, -b, p.D2)
	return a, b, norm(v)
}

// Done reports whether every grid point has been computed.
func (p *Plane) Done() bool { return p.next == len(p.Vals) }

// Computed returns the number of grid points computed.
func (p *Plane) Computed() int { return p.next }

// Compute evaluates grid points, a row at a time from the top, while more
// reports true (it asks before each point), and reports whether the grid
// is complete.
func (p *Plane) Compute(more func() bool) bool {
	for ; p.next < len(p.Vals) && more(); p.next++ {
		i, j := p.next%p.N, p.next/p.N
		p.Vals[p.next] = p.At(p.Coord(i), p.Coord(p.N-1-j))
	}
	return p.Done()
}

// At returns L(α, β) on the whole held-out set. At the origin it is the
// run's held-out MSE, bit for bit: the sum runs in the trainer's order.
func (p *Plane) At(a, b float64) float64 {
	w := p.net.Params
	for i := range w {
		w[i] = p.Origin[i] + a*p.D1[i] + b*p.D2[i]
	}
	return mse(p.net, p.ws, p.test)
}
