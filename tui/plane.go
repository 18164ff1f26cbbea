package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"relulab/model"
	"relulab/train"
)

// maxPlanePoints bounds the points along each side of the landscape's
// grid: 31×31 points over the 10⁴ held-out samples are 9.6·10⁶
// evaluations, about 0.1 s on one core (BenchmarkPlane).
const maxPlanePoints = 31

// planeKey is what a plane's values depend on besides the weights: its
// points along a side, and the network's shape, activation and data.
type planeKey struct {
	n, params int
	hidden    string
	act       model.Activation
	slope     float64
	data      train.Data
}

func keyOf(c train.Config, params, n int) planeKey {
	return planeKey{n: n, params: params, hidden: train.HiddenString(c.Hidden), act: c.Act, slope: c.Slope, data: c.Data}
}

// planeView is a lane's loss landscape (modeLandscape): the plane shown,
// the one being computed and how far it got, and the drawing, cached. A
// plane is computed in chunks by commands, one at a time, off the UI
// goroutine: while busy the command owns the plane in the making, and the
// view touches only the one shown, which no one changes.
type planeView struct {
	shown      *train.Plane
	shownKey   planeKey
	pending    *train.Plane // part computed, between two chunks; nil when none
	pendingKey planeKey
	busy       bool // a chunk's command is in flight
	gen        int  // counts the runs of the lane: a chunk of an older run is dropped
	done, of   int  // the points computed of the plane in the making
	// wait is when the next chunk may start under a server's share.
	wait time.Time
	path train.Trajectory

	heat *heatmap
	// The drawing: the plane and size it is of, its pixels (log₁₀ L)
	// and the marked cells, and its lines.
	drawn struct {
		p        *train.Plane
		nx, rows int
	}
	logs  []float64
	marks []int
	lines []string
}

// reset forgets the landscape of the lane's old run; a chunk still in
// flight is dropped when it comes back.
func (v *planeView) reset() {
	*v = planeView{gen: v.gen + 1, heat: v.heat}
}

// stale reports whether the plane shown no longer fits the run of s: none
// is shown, its grid or the network changed, or the weights have moved
// from its origin by more than a pixel, the grid's spacing.
func (v *planeView) stale(s train.Snapshot, key planeKey) bool {
	p := v.shown
	if p == nil || v.shownKey != key {
		return true
	}
	d := 0.0
	for i, w := range s.Params {
		d += (w - p.Origin[i]) * (w - p.Origin[i])
	}
	return math.Sqrt(d) > p.Step()
}

// planeMsg brings back a chunk of a plane: the plane, how long the chunk
// took, and the lane and run it is of.
type planeMsg struct {
	l     *lane
	gen   int
	p     *train.Plane
	key   planeKey
	spent time.Duration
}

// planeWakeMsg asks for the next chunk of a plane under a server's share.
type planeWakeMsg struct{}

// showsPlane reports whether the screen shows the current run's
// landscape.
func (a *App) showsPlane() bool {
	return a.mode == modeLandscape && a.labView() && a.current.snap.Config.Task == train.TaskAbs
}

// showsPlaneOrRays reports whether the right panel shows the landscape or
// the radial profile in place of the heatmap: neither boundary lines to
// click nor values to hover over.
func (a *App) showsPlaneOrRays() bool {
	return (a.mode == modeLandscape || a.mode == modeRadial) && a.labView() && a.current.snap.Config.Task == train.TaskAbs
}

// labView reports whether the screen shows the lab view of one run, where
// the landscape and the radial profile are drawn.
func (a *App) labView() bool { return !a.comparing() && a.trials == nil && a.pick == nil }

// planePoints returns the points along a side of the landscape's grid
// for layout l: the panel's pixels, odd, at most maxPlanePoints.
func planePoints(l layout) int {
	return min(l.heatCols, 2*(l.heatRows-1), maxPlanePoints) | 1
}

// planeCmd returns the command that computes the next chunk of the current
// run's landscape, or nil when none is due: the landscape is not shown, a
// chunk is in flight, or the plane shown still fits (see stale). A chunk
// works for at most a frame's interval on a terminal of its own, and for
// half the lab's share of the machine under a server (Options.Share), at
// most once a frame: the frame that follows trains that much less.
func (a *App) planeCmd() tea.Cmd {
	if !a.showsPlane() || a.layout.tooSmall {
		return nil
	}
	l := a.current
	v := &l.plane
	if v.busy || a.now().Before(v.wait) {
		return nil
	}
	n := planePoints(a.layout)
	key := keyOf(l.snap.Config, len(l.snap.Params), n)
	p := v.pending
	if p != nil && v.pendingKey != key {
		p = nil
	}
	if p == nil && !v.stale(l.snap, key) {
		return nil
	}
	budget := a.interval
	if a.opts.Share != nil {
		budget = a.opts.Share() / 2
	}
	var snap train.Snapshot
	var path *train.Trajectory
	if p == nil { // a new plane through the weights as they are
		snap = train.Snapshot{Config: l.run.Config(), Params: slices.Clone(l.snap.Params)}
		path = &train.Trajectory{}
		if !l.run.Trajectory(path) {
			path = nil
		}
		v.done, v.of = 0, n*n
	}
	v.busy, v.pending = true, nil
	gen := v.gen
	return func() tea.Msg {
		start := time.Now()
		if p == nil {
			p = train.NewPlane(snap, path, n)
		}
		p.Compute(func() bool { return time.Since(start) < budget })
		return planeMsg{l: l, gen: gen, p: p, key: key, spent: time.Since(start)}
	}
}

// planeChunk takes a chunk of a plane back: a complete plane is shown, a
// part one waits for the next chunk, which starts at once on a terminal
// of its own and a frame later under a server's share, whose frame trains
// for the chunk's time less.
func (a *App) planeChunk(m planeMsg) tea.Cmd {
	v := &m.l.plane
	if m.gen != v.gen {
		return nil
	}
	v.busy = false
	if a.opts.Share != nil {
		a.planeSpent += m.spent
		v.wait = a.now().Add(a.interval)
	}
	if m.p.Done() {
		v.shown, v.shownKey = m.p, m.key
	} else {
		v.pending, v.pendingKey, v.done = m.p, m.key, m.p.Computed()
	}
	a.render()
	if v.pending != nil && a.opts.Share != nil {
		return tea.Tick(a.interval, func(time.Time) tea.Msg { return planeWakeMsg{} })
	}
	return nil // Update asks planeCmd for the next
}

// draw returns the lines of the landscape panel of s in w×h cells, and the
// panel's title: the plane's held-out MSE on a log colour scale (the
// sequential palette, darker is lower), the trajectory as dots and the
// current weights as a disc, then the colour scale and the resolution.
func (v *planeView) draw(s train.Snapshot, w, h int) (lines []string, title string) {
	p := v.shown
	if p == nil {
		return []string{fmt.Sprintf("computing the landscape: %d of %d points", v.done, max(v.of, 1))}, " loss landscape "
	}
	title = " loss landscape · random plane "
	if p.PCA {
		title = " loss landscape · PCA plane of the path "
	}
	if len([]rune(title))+2 > w {
		title = strings.Replace(strings.Replace(title, "loss landscape", "landscape", 1), " plane of the path", "", 1)
	}
	rows := h - 2
	nx := min(w, 2*rows)
	if rows < 2 || nx < 4 {
		return nil, title
	}
	if v.drawn.p != p || v.drawn.nx != nx || v.drawn.rows != rows {
		v.drawn.p, v.drawn.nx, v.drawn.rows, v.lines = p, nx, rows, nil
		v.logs = pixels(p, nx, 2*rows)
	}
	e := p.Extent
	cell := func(q [2]float64) int {
		return column(-q[1], -e, e, rows)*nx + column(q[0], -e, e, nx)
	}
	var pts path
	for i := range v.path.Len() {
		a, b, _ := p.Coords(v.path.Point(i))
		if math.Abs(a) <= e && math.Abs(b) <= e {
			pts.pts = append(pts.pts, [2]float64{a, b})
		}
	}
	a, b, _ := p.Coords(s.Params)
	marks := cellsOf(&pts, [2]float64{a, b}, cell)
	lo, hi := logRange(p.Vals)
	sc := heatScale{lo, hi, false}
	if v.lines == nil || !slices.Equal(marks, v.marks) {
		v.marks = marks
		v.heat.quantize(v.logs, modeLandscape, sc)
		over := map[int]overlay{}
		for _, m := range marks[:len(marks)-1] {
			over[m] = overlay{glyph: '•'}
		}
		over[marks[len(marks)-1]] = overlay{glyph: '●', neuron: 1, bold: true}
		v.lines = v.heat.cells(nx, rows, sc, over, -1, nil)
	}
	note := "log₁₀ MSE "
	if w < 40 {
		note = "log₁₀ "
	}
	lines = append(slices.Clip(v.lines), v.heat.scaleLine(sc, w, note))
	return append(lines, resolution(p, w)), title
}

// resolution says, in w cells, how the landscape was computed: its grid,
// the samples and the directions.
func resolution(p *train.Plane, w int) string {
	dirs, short := "random filter-normalized directions", "random"
	if p.PCA {
		dirs = fmt.Sprintf("PCA: %.0f%% + %.0f%% of the path's variance", 100*p.Share[0], 100*p.Share[1])
		short = fmt.Sprintf("PCA %.0f%%+%.0f%%", 100*p.Share[0], 100*p.Share[1])
	}
	n := p.N
	for _, s := range []string{
		fmt.Sprintf("%d×%d points · %s held-out samples · ±%g · %s", n, n, samples, p.Extent, dirs),
		fmt.Sprintf("%d×%d points · %s held-out · %s", n, n, samples, short),
		fmt.Sprintf("%d×%d · %s held-out", n, n, samples),
	} {
		if len([]rune(s)) <= w {
			return s
		}
	}
	return fmt.Sprintf("%d×%d points", n, n)
}

// samples is the size of the held-out set, as the landscape's legend
// says it.
var samples = func() string {
	if train.HeldOutSize == 10000 {
		return "10⁴"
	}
	return fmt.Sprint(train.HeldOutSize)
}()

// pixels returns log₁₀ L, no lower than lossFloor, at the centres of
// nx×ny pixels over the plane, interpolated bilinearly between its grid
// points: row 0 at the top.
func pixels(p *train.Plane, nx, ny int) []float64 {
	n := p.N
	at := func(i, j int) float64 { return math.Log10(max(p.Vals[j*n+i], lossFloor)) }
	out := make([]float64, nx*ny)
	for j := range ny {
		gy := (float64(j) + 0.5) / float64(ny) * float64(n-1)
		j0 := min(int(gy), n-2)
		fy := gy - float64(j0)
		for i := range nx {
			gx := (float64(i) + 0.5) / float64(nx) * float64(n-1)
			i0 := min(int(gx), n-2)
			fx := gx - float64(i0)
			top := (1-fx)*at(i0, j0) + fx*at(i0+1, j0)
			bottom := (1-fx)*at(i0, j0+1) + fx*at(i0+1, j0+1)
			out[j*nx+i] = (1-fy)*top + fy*bottom
		}
	}
	return out
}
