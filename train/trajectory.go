package train

import "slices"

// MaxTrajectory is the number of points a Trajectory holds at most.
const MaxTrajectory = 128

// Trajectory is the path of a run's weights through parameter space: the
// parameters at every Every-th epoch, in memory bounded by MaxTrajectory
// points. When it is full, every other point is dropped and Every doubles,
// so that it always spans the whole run at an even spacing. The zero
// value is empty and records nothing until Reset gives it a dimension.
type Trajectory struct {
	// Every is the spacing of the points in epochs.
	Every int
	// Epochs holds each point's epoch, oldest first.
	Epochs []int
	// Dim is the number of parameters of each point; point i is
	// W[i·Dim : (i+1)·Dim].
	Dim int
	W   []float64
}

// Len returns the number of points.
func (p *Trajectory) Len() int { return len(p.Epochs) }

// Point returns point i, not a copy.
func (p *Trajectory) Point(i int) []float64 { return p.W[i*p.Dim : (i+1)*p.Dim] }

// Reset empties p for points of dim parameters, one every epoch. The
// buffers for MaxTrajectory points are allocated here, once, so that Add
// allocates nothing.
func (p *Trajectory) Reset(dim int) {
	if dim != p.Dim || p.W == nil {
		p.W = make([]float64, 0, MaxTrajectory*dim)
		p.Epochs = make([]int, 0, MaxTrajectory)
	}
	p.Dim, p.Every = dim, 1
	p.W, p.Epochs = p.W[:0], p.Epochs[:0]
}

// Add records w at epoch e if e is a multiple of Every and later than the
// last point; a w of another dimension starts the trajectory anew (the
// network changed shape).
func (p *Trajectory) Add(e int, w []float64) {
	if len(w) != p.Dim || p.Every == 0 {
		p.Reset(len(w))
	}
	if e%p.Every != 0 || p.Len() > 0 && e <= p.Epochs[p.Len()-1] {
		return
	}
	if p.Len() == MaxTrajectory {
		p.thin()
		if e%p.Every != 0 {
			return
		}
	}
	p.Epochs = append(p.Epochs, e)
	p.W = append(p.W, w...)
}

// thin keeps the points at the epochs divisible by twice Every, and
// doubles Every.
func (p *Trajectory) thin() {
	p.Every *= 2
	k := 0
	for i, e := range p.Epochs {
		if e%p.Every == 0 {
			copy(p.W[k*p.Dim:(k+1)*p.Dim], p.Point(i))
			p.Epochs[k] = e
			k++
		}
	}
	p.Epochs, p.W = p.Epochs[:k], p.W[:k*p.Dim]
}

// CopyTo makes dst a copy of p, reusing dst's buffers.
func (p *Trajectory) CopyTo(dst *Trajectory) {
	dst.Every, dst.Dim = p.Every, p.Dim
	dst.Epochs = append(dst.Epochs[:0], p.Epochs...)
	dst.W = append(dst.W[:0], p.W...)
}

// Clone returns a copy of p.
func (p *Trajectory) Clone() Trajectory {
	return Trajectory{Every: p.Every, Epochs: slices.Clone(p.Epochs), Dim: p.Dim, W: slices.Clone(p.W)}
}

// RecordTrajectory starts recording the run's trajectory, from the
// weights as they are: after every epoch, thinned as Trajectory says. A
// trainer records none until asked; a saved run does not carry it.
func (t *Trainer) RecordTrajectory() {
	t.path = &Trajectory{}
	t.record()
}

// record adds the weights of the epoch to the trajectory, if one is
// recorded and the run has not diverged.
func (t *Trainer) record() {
	if t.path != nil && t.status == Running {
		t.path.Add(t.epoch, t.net.Params)
	}
}

// Trajectory copies the recorded trajectory into dst, reusing its buffers,
// and reports whether one is recorded.
func (t *Trainer) Trajectory(dst *Trajectory) bool {
	if t.path == nil {
		return false
	}
	t.path.CopyTo(dst)
	return true
}
