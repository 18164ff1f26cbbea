package train

import "math"

// RayCount is the number of rays of a Rays.
const RayCount = 6

// Rays evaluates a snapshot's network along RayCount rays from the origin
// of the input plane, ray k at the angle k·60°, at N radii
// r_i = Extent·i/(N−1) from 0 to the data's extent: the radial profile,
// f(r·cos θ, r·sin θ) against r = |p|, on which the target |x+iy| is the
// line of slope 1 whatever the angle. A network that is a function of |p|
// alone draws one curve six times; the pyramid, whose boundary lines all
// pass through the origin, is linear along every ray: six straight lines
// a little apart; a valley, a function of one direction, six rays that
// disagree. A Rays reuses its buffers from one snapshot to the next.
type Rays struct {
	N      int
	Extent float64
	R      []float64           // the radii
	F      [RayCount][]float64 // F[k][i]: f along ray k at R[i]

	x, y []float64 // the points of one ray
	evalNet
}

// NewRays returns rays of n points each.
func NewRays(n int) *Rays {
	r := &Rays{N: n, R: make([]float64, n), x: make([]float64, n), y: make([]float64, n)}
	for k := range r.F {
		r.F[k] = make([]float64, n)
	}
	return r
}

// Angle returns the angle of ray k in degrees.
func (r *Rays) Angle(k int) int { return k * 360 / RayCount }

// Compute evaluates the network of s along the rays.
func (r *Rays) Compute(s Snapshot) {
	r.load(s, r.N)
	r.Extent = s.Config.Data.Extent()
	for i := range r.R {
		r.R[i] = r.Extent * float64(i) / float64(max(r.N-1, 1))
	}
	for k := range r.F {
		th := float64(r.Angle(k)) * math.Pi / 180
		for i, ri := range r.R {
			r.x[i], r.y[i] = ri*math.Cos(th), ri*math.Sin(th)
		}
		copy(r.F[k], r.net.Forward(r.ws, r.x, r.y))
	}
}
