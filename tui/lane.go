package tui

import (
	"fmt"
	"math"

	"relulab/train"
)

// lane is one run of the lab and what is drawn from it: its trainer, its
// latest snapshot, its heatmap, and the news it makes. The lab has one
// lane; a comparison has one per configuration.
type lane struct {
	run     *train.Trainer
	snap    train.Snapshot
	surface *train.Surface
	heat    *heatmap
	// For --task relu: plot draws the data plot, land the loss landscape
	// with the trajectory of the single unit, path.
	plot     *canvas
	land     *landView
	path     path
	flash    map[int]int // neuron → frames left to show that it just died
	wasDead  map[int]bool
	basin    train.Basin
	since    int  // epoch since which basin has held; 0 if not known
	seen     bool // the lane has had a snapshot: basin is the run's
	stopped  bool // the run diverged, and the lab said so
	revivals int  // the revivals the lab has told of
	lr       lrRecord
	// best is the lowest held-out MSE so far, +Inf before one is known;
	// bestAt the epoch at which it last fell by more than settleDrop.
	best   float64
	bestAt int
	// changes lists the epochs at which a key changed the run's
	// configuration, for the marks on the loss chart's x axis.
	changes []int
	dots    pointSet // where the training points fall; see points
	// version counts the snapshots taken; thumbs are the network panel's
	// thumbnails, drawn from the snapshot of the version they name.
	version int
	thumbs  *thumbs
	// plane is the loss landscape of the abs task, rays its radial
	// profile (nil until the mode is first shown).
	plane planeView
	rays  *train.Rays
	// nudges counts the nudges given, nudged follows the last until its
	// basin is decided (see nudge).
	nudges int
	nudged *nudgeWatch
	// seeking is set while the reference optimum that P asked for is on
	// its way: P waits for it rather than start another search.
	seeking bool
	// For --task spectrum:N: bin is the complex bin whose plane surface
	// shows (see showBin), spectra the spectra of a few held-out signals
	// (nil until the spectrum panel is first shown).
	bin     int
	spectra *train.Spectra
}

// newLane returns a lane of run, drawn with st.
func newLane(run *train.Trainer, st Styles, plain bool) *lane {
	return &lane{run: run, heat: newHeatmap(st, plain), plot: newCanvas(st, plain), land: newLandView(st, plain), flash: map[int]int{}, wasDead: map[int]bool{}, best: math.Inf(1),
		plane: planeView{heat: newHeatmap(st, plain)}}
}

// newLabLane returns a lane of run, drawn with st, whose run records its
// trajectory for the loss landscape: a run of the lab or a comparison.
func newLabLane(run *train.Trainer, st Styles, plain bool) *lane {
	run.RecordTrajectory()
	return newLane(run, st, plain)
}

// restyle draws the lane with st from now on.
func (l *lane) restyle(st Styles, plain bool) {
	l.heat, l.thumbs = newHeatmap(st, plain), nil
	l.plot, l.land = newCanvas(st, plain), newLandView(st, plain)
	l.plane.heat, l.plane.lines = newHeatmap(st, plain), nil
}

// restart replaces the lane's run with a new one of c at epoch 0.
func (l *lane) restart(c train.Config) error {
	run, err := train.New(c)
	if err != nil {
		return err
	}
	l.run = run
	run.RecordTrajectory()
	l.plane.reset()
	l.flash, l.wasDead, l.basin, l.since, l.seen, l.stopped, l.revivals = map[int]int{}, map[int]bool{}, "", 0, false, false, 0
	l.best, l.bestAt, l.changes = math.Inf(1), 0, nil
	l.path = path{}
	l.nudges, l.nudged = 0, nil
	l.lr.restarted()
	return nil
}

// moved takes note that the run's weights were moved by hand: whether it
// is stuck is judged anew from here (see settled).
func (l *lane) moved() { l.best, l.bestAt = math.Inf(1), l.run.Epoch() }

// update takes a new snapshot and returns what happened since the last
// one, in words: neurons that died, and divergence. flashFrames is how long
// a neuron that just died stands out.
func (l *lane) update(flashFrames int) []string {
	var news []string
	l.snap = l.run.Snapshot()
	l.version++
	for i, n := range l.snap.Neurons {
		if n.Dead && !l.wasDead[i] && l.snap.Epoch > 0 {
			l.flash[i] = flashFrames
			news = append(news, fmt.Sprintf("neuron %d died", i+1))
		}
		l.wasDead[i] = n.Dead
	}
	if l.snap.Revivals > l.revivals && l.seen {
		which := "neuron "
		if len(l.snap.Revived) > 1 {
			which = "neurons "
		}
		news = append(news, "revive: re-drew "+which+joinIDs(l.snap.Revived)+" (weak or collapsed); fresh optimizer state")
	}
	l.revivals = l.snap.Revivals
	l.lr.note(l.snap, l.stopped)
	if l.snap.Status == train.Diverged && !l.stopped {
		l.stopped = true
		news = append(news, l.divergedText())
	}
	switch {
	case !l.seen: // a run resumed from a file: since when is not known
		l.basin, l.seen = l.snap.Basin, true
	case l.snap.Basin != l.basin:
		l.basin, l.since = l.snap.Basin, l.snap.Epoch
	}
	if v := l.snap.TestMSE; v < l.best*(1-settleDrop) || math.IsInf(l.best, 1) && !math.IsNaN(v) {
		l.best, l.bestAt = v, l.snap.Epoch
	}
	if l.surface != nil {
		l.surface.Compute(l.snap)
	}
	if l.rays != nil {
		l.rays.Compute(l.snap)
	}
	if l.spectra != nil {
		l.spectra.Compute(l.snap)
	}
	if c := l.snap.Config; c.Direct && len(l.snap.Neurons) > 0 {
		n := l.snap.Neurons[0]
		l.path.add([2]float64{n.W[0], n.B})
	}
	if n := l.nudgeNews(); n != "" {
		news = append(news, n)
	}
	for i := range l.flash {
		if l.flash[i]--; l.flash[i] <= 0 {
			delete(l.flash, i)
		}
	}
	return news
}

// A verdict of stuck waits until the run has settled: its basin has held,
// and its held-out MSE has not fallen by a fraction settleDrop, for
// max(settleMin, epoch/4) epochs. Before that the lab says "training".
const (
	settleDrop = 0.01
	settleMin  = 200
)

// settled reports whether the run has settled (see settleDrop).
func (l *lane) settled() bool {
	e := l.snap.Epoch
	p := max(settleMin, e/4)
	return e > 0 && e-l.since >= p && e-l.bestAt >= p
}

// outcome names the run's outcome as the lab says it: "training" while
// stuck would be premature (see settleDrop).
func (l *lane) outcome() string {
	if l.snap.Outcome == train.Stuck && l.snap.Status == train.Running && !l.settled() {
		return "training"
	}
	return l.snap.Outcome.String()
}

// fit makes the lane's surface nx×ny points, computing it anew if its size
// changed.
func (l *lane) fit(nx, ny int) {
	if l.surface == nil || l.surface.NX != nx || l.surface.NY != ny {
		l.surface = train.NewSurface(nx, ny)
		l.surface.Bin = l.bin
		l.surface.Compute(l.snap)
	}
}

// fitRays makes the lane's rays n points long, computing them anew if
// their length changed.
func (l *lane) fitRays(n int) {
	if l.rays == nil || l.rays.N != n {
		l.rays = train.NewRays(n)
		l.rays.Compute(l.snap)
	}
}

// flashing returns the neurons that just died.
func (l *lane) flashing() map[int]bool {
	f := make(map[int]bool, len(l.flash))
	for i := range l.flash {
		f[i] = true
	}
	return f
}
