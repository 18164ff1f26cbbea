package train

import (
	"math"
	"testing"

	"relulab/model"
)

// TestTrajectoryBounded records 1000 epochs: at most MaxTrajectory points,
// evenly spaced by Every from epoch 0, the last recorded epoch within
// Every of the end.
func TestTrajectoryBounded(t *testing.T) {
	var p Trajectory
	w := []float64{0, 0}
	for e := range 1001 {
		w[0], w[1] = float64(e), -float64(e)
		p.Add(e, w)
	}
	if p.Len() > MaxTrajectory || p.Len() < MaxTrajectory/2 {
		t.Fatalf("%d points", p.Len())
	}
	if p.Every != 8 {
		t.Errorf("every %d epochs, want 8 after 1000 epochs in %d points", p.Every, MaxTrajectory)
	}
	for i, e := range p.Epochs {
		if e != i*p.Every || p.Point(i)[0] != float64(e) || p.Point(i)[1] != -float64(e) {
			t.Fatalf("point %d: epoch %d, w %v", i, e, p.Point(i))
		}
	}
	if last := p.Epochs[p.Len()-1]; 1000-last >= p.Every {
		t.Errorf("last point at epoch %d", last)
	}
	if cap(p.W) != MaxTrajectory*2 {
		t.Errorf("buffer of %d floats", cap(p.W))
	}
	p.Add(1001, []float64{1, 2, 3})
	if p.Len() != 1 || p.Dim != 3 || p.Every != 1 {
		t.Errorf("a new shape: %d points of %d, every %d", p.Len(), p.Dim, p.Every)
	}
}

// TestTrainerRecordsTrajectory checks that a trainer records only when
// asked, a point per epoch, the last one its current weights.
func TestTrainerRecordsTrajectory(t *testing.T) {
	tr, _ := New(DefaultConfig())
	var p Trajectory
	if tr.Run(3); tr.Trajectory(&p) {
		t.Fatal("a trajectory recorded without asking")
	}
	tr.RecordTrajectory()
	tr.Run(5)
	if !tr.Trajectory(&p) || p.Len() != 6 || p.Epochs[0] != 3 || p.Epochs[5] != 8 {
		t.Fatalf("after 5 epochs: %d points at %v", p.Len(), p.Epochs)
	}
	for i, w := range tr.Params() {
		if p.Point(5)[i] != w {
			t.Fatalf("the last point is not the weights: %v vs %v", p.Point(5), tr.Params())
		}
	}
	if a := testing.AllocsPerRun(5, func() { tr.Run(1) }); a != 0 {
		t.Errorf("%v allocations per recorded epoch", a)
	}
}

// TestPrincipalKnownDirections builds trajectories in a known plane,
// spread more along u than along v, with a little noise off it, and
// checks that PCA finds ±u and ±v and their shares: with more coordinates
// than points (the Gram path) and fewer.
func TestPrincipalKnownDirections(t *testing.T) {
	for _, tc := range []struct{ n, d int }{{40, 6}, {12, 50}} {
		u, v := make([]float64, tc.d), make([]float64, tc.d)
		for j := range tc.d { // orthonormal: u on the even coordinates, v on the odd ones
			if j%2 == 0 {
				u[j] = 1
			} else {
				v[j] = 1
			}
		}
		scale(u, 1/norm(u))
		scale(v, 1/norm(v))
		x := make([]float64, tc.n*tc.d)
		var va, vb float64
		for i := range tc.n {
			s := float64(i) / float64(tc.n-1)
			a, b := 4*s, math.Cos(2*math.Pi*s) // uncorrelated: odd and even about s = ½
			va, vb = va+a*a, vb+b*b
			for j := range tc.d {
				x[i*tc.d+j] = 7 + a*u[j] + b*v[j]
			}
		}
		d1, d2, share := principal(x, tc.n, tc.d)
		if math.Abs(math.Abs(dot(d1, u))-1) > 1e-9 || math.Abs(math.Abs(dot(d2, v))-1) > 1e-9 {
			t.Errorf("%dx%d: d1·u %v, d2·v %v", tc.n, tc.d, dot(d1, u), dot(d2, v))
		}
		if math.Abs(share[0]+share[1]-1) > 1e-9 || !(share[0] > share[1]) {
			t.Errorf("%dx%d: shares %v", tc.n, tc.d, share)
		}
		if dot(x[:tc.d], d1) > dot(x[(tc.n-1)*tc.d:], d1) {
			t.Errorf("%dx%d: the path runs towards −d1", tc.n, tc.d)
		}
	}
}

// TestPlaneCentreIsHeldOutMSE trains a recorded run, and checks that the
// centre of its plane is its held-out MSE bit for bit, that the
// directions are the trajectory's (unit, orthogonal, the path lying in
// the plane's span), and that a corner is the MSE of the weights there.
func TestPlaneCentreIsHeldOutMSE(t *testing.T) {
	c := DefaultConfig()
	c.Seed = 3
	tr, _ := New(c)
	tr.RecordTrajectory()
	tr.Run(40)
	var path Trajectory
	tr.Trajectory(&path)
	p := NewPlane(tr.Snapshot(), &path, 4)
	if p.N != 5 || !p.PCA {
		t.Fatalf("N %d, PCA %v", p.N, p.PCA)
	}
	if p.Compute(func() bool { return true }); !p.Done() {
		t.Fatal("not done")
	}
	if got, want := p.Vals[2*5+2], tr.Evaluate(); got != want {
		t.Errorf("centre %v, held-out MSE %v", got, want)
	}
	if math.Abs(norm(p.D1)-1) > 1e-12 || math.Abs(norm(p.D2)-1) > 1e-12 || math.Abs(dot(p.D1, p.D2)) > 1e-9 {
		t.Errorf("|d1| %v |d2| %v d1·d2 %v", norm(p.D1), norm(p.D2), dot(p.D1, p.D2))
	}
	a, b, _ := p.Coords(path.Point(0))
	if !(a < 0 && b < 0) || max(-a, -b) > p.Extent {
		t.Errorf("the first point at (%v, %v), extent %v", a, b, p.Extent)
	}
	// The top-left corner: α = −e, β = +e.
	w := make([]float64, len(p.Origin))
	for i := range w {
		w[i] = p.Origin[i] - p.Extent*p.D1[i] + p.Extent*p.D2[i]
	}
	net := c.newNet()
	copy(net.Params, w)
	ws := net.NewWorkspace(HeldOutSize)
	test := HeldOut(c.Task, c.Data)
	sse := 0.0
	for i, o := range net.Forward(ws, test.X, test.Y) {
		sse += (o - test.T[i]) * (o - test.T[i])
	}
	if want := sse / HeldOutSize; math.Abs(p.Vals[0]-want) > 1e-12*want {
		t.Errorf("corner %v, want %v", p.Vals[0], want)
	}
}

// TestPlaneRandomDirections checks the plane of a run without a
// trajectory: filter-normalized directions, zero on the biases.
func TestPlaneRandomDirections(t *testing.T) {
	tr, _ := New(DefaultConfig())
	p := NewPlane(tr.Snapshot(), nil, 9)
	if p.PCA || p.Extent != 1 {
		t.Fatalf("PCA %v extent %v", p.PCA, p.Extent)
	}
	for _, ts := range p.net.Tensors() {
		for _, d := range [][]float64{p.D1, p.D2} {
			if ts.Kind != model.Kernel {
				for _, x := range d[ts.Off : ts.Off+ts.Len] {
					if x != 0 {
						t.Fatalf("%v moves along a bias", d)
					}
				}
				continue
			}
			for j := range ts.Out {
				lo, hi := ts.Off+j*ts.In, ts.Off+(j+1)*ts.In
				if got, want := norm(d[lo:hi]), norm(p.Origin[lo:hi]); math.Abs(got-want) > 1e-12*want {
					t.Errorf("layer %d neuron %d: |d| %v, |w| %v", ts.Layer, j, got, want)
				}
			}
		}
	}
}
