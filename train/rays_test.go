package train

import (
	"math"
	"testing"
)

// TestRaysAreTheNetwork checks that each value of the radial profile is
// the network's output at its point, evaluated one point at a time, and
// that the rays start together at the origin and end at the extent.
func TestRaysAreTheNetwork(t *testing.T) {
	c := DefaultConfig()
	c.Seed = 5
	tr, _ := New(c)
	tr.Run(30)
	s := tr.Snapshot()
	r := NewRays(9)
	r.Compute(s)
	net := c.newNet()
	copy(net.Params, s.Params)
	ws := net.NewWorkspace(1)
	if r.R[0] != 0 || r.R[8] != c.Data.Extent() {
		t.Fatalf("radii %v", r.R)
	}
	for k := range RayCount {
		th := float64(60*k) * math.Pi / 180
		for i, ri := range r.R {
			want := net.Forward(ws, []float64{ri * math.Cos(th)}, []float64{ri * math.Sin(th)})[0]
			if math.Abs(r.F[k][i]-want) > 1e-12 {
				t.Errorf("ray %d° at r %.3f: %v, the network gives %v", r.Angle(k), ri, r.F[k][i], want)
			}
		}
		if r.F[k][0] != r.F[0][0] {
			t.Errorf("ray %d starts at %v, ray 0 at %v", k, r.F[k][0], r.F[0][0])
		}
	}
}
