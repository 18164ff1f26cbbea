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
type Surface struct {
	NX, NY int
	Extent float64
	X, Y   []float64 // the grid points
	Out    []float64 // the network's output
	Target []float64 // |x+iy|
	// Units[j] holds the activation of first-layer neuron j.
	Units [][]float64

	evalNet
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
		copy(g.Out[lo:hi], g.net.Forward(g.ws, g.X[lo:hi], g.Y[lo:hi]))
		for u := range width {
			_, h := g.ws.Unit(0, u)
			copy(g.Units[u][lo:hi], h)
		}
	}
}
