package train

import (
	"slices"

	"relulab/model"
)

// Surface evaluates a snapshot's network on a grid of NX×NY points spread
// evenly over the square [−e, e]² that a heatmap of the data shows, where
// e = Config.Data.Extent(). Point (i, j), i counting columns from the left
// and j rows from the top, is at index j·NX + i and sits at the centre of
// its cell. A Surface reuses its buffers from one snapshot to the next.
//
// For the amplitude spectrum the grid is the plane of one complex bin k:
// point (x, y) is the signal x·Re_k + y·Im_k in the orthonormal DFT basis
// (see newDFTBasis), Out is output k and Target that bin's target,
// √(x²+y²)/√2 (see Task.Target).
type Surface struct {
	NX, NY int
	Extent float64
	X, Y   []float64 // the grid points
	Out    []float64 // the network's output
	Target []float64 // |x+iy|
	// Units[j] holds the activation of first-layer neuron j.
	Units [][]float64
	// Bin is the bin of the amplitude spectrum whose plane the grid is: 1
	// to N/2 − 1; other values, the zero value among them, mean 1.
	Bin int

	evalNet
	cols [][]float64 // one row of the grid as signals, for the spectrum
}

// NewSurface returns a surface of nx×ny points.
func NewSurface(nx, ny int) *Surface {
	n := nx * ny
	return &Surface{NX: nx, NY: ny, X: make([]float64, n), Y: make([]float64, n),
		Out: make([]float64, n), Target: make([]float64, n)}
}

// evalNet is a network that takes a snapshot's weights, and a workspace
// for it: the network is built anew only when the shape changes.
type evalNet struct {
	net *model.Net
	ws  *model.Workspace
}

// load gives the network the configuration and weights of s, with a
// workspace of size samples.
func (e *evalNet) load(s Snapshot, size int) {
	c := s.Config
	if e.net == nil || !slices.Equal(e.net.Hidden(), c.Hidden) || e.net.Act != c.Act || len(e.net.Params) != len(s.Params) {
		e.net = c.newNet()
		e.ws = e.net.NewWorkspace(size)
	}
	e.net.Slope = c.Slope
	copy(e.net.Params, s.Params)
}

// Compute evaluates the network of s on the grid.
func (g *Surface) Compute(s Snapshot) {
	c := s.Config
	g.load(s, g.NX)
	if g.Extent != c.Data.Extent() { // a new grid; Extent starts at 0
		g.Extent = c.Data.Extent()
		for j := range g.NY {
			for i := range g.NX {
				k := j*g.NX + i
				g.X[k] = g.Extent * (2*(float64(i)+0.5)/float64(g.NX) - 1)
				g.Y[k] = g.Extent * (1 - 2*(float64(j)+0.5)/float64(g.NY))
				g.Target[k] = c.Task.Target(g.X[k], g.Y[k])
			}
		}
	}
	width := c.Hidden[0]
	for len(g.Units) < width {
		g.Units = append(g.Units, make([]float64, g.NX*g.NY))
	}
	g.Units = g.Units[:width]
	for j := range g.NY { // one row of the grid per pass
		lo, hi := j*g.NX, (j+1)*g.NX
		if n := c.Task.Spectrum(); n > 0 {
			copy(g.Out[lo:hi], g.spectrumRow(n, lo, hi))
		} else {
			copy(g.Out[lo:hi], g.net.Forward(g.ws, g.X[lo:hi], g.Y[lo:hi]))
		}
		for u := range width {
			_, h := g.ws.Unit(0, u)
			copy(g.Units[u][lo:hi], h)
		}
	}
}

// spectrumRow evaluates the grid points [lo, hi) as signals of n samples
// in the plane of g's bin and returns that bin's output.
func (g *Surface) spectrumRow(n, lo, hi int) []float64 {
	k := g.Bin
	if k < 1 || k >= n/2 {
		k = 1
	}
	b := spectrumBasis(n)[k]
	if len(g.cols) != n {
		g.cols = columns(n, g.NX)
	}
	for t, col := range g.cols {
		for i := range col[:hi-lo] {
			col[i] = float64(g.X[lo+i]*b[0][t]) + float64(g.Y[lo+i]*b[1][t])
		}
	}
	return g.net.ForwardCols(g.ws, g.cols)[k]
}
