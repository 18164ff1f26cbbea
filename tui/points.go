package tui

import (
	"fmt"
	"image/color"
	"math"

	"charm.land/lipgloss/v2"

	"relulab/train"
)

// pointGlyph marks a heatmap cell that holds a training point.
const pointGlyph = '•'

// pointShare bounds the points drawn: at most one per pointShare cells,
// so that the colours under them stay readable.
const pointShare = 5

// pointSet is where a run's training points fall on a picture of nx×rows
// cells: the heatmap of --task abs, or the data plot of --task relu. The
// zero value holds no points.
type pointSet struct {
	of struct { // what the set was computed for
		task     train.Task
		data     train.Data
		seed     uint64
		samples  int
		nx, rows int
		extent   float64
	}
	// cells[r*nx+i] is true if a drawn point falls in cell (r, i).
	cells []bool
	// drawn is the number of points drawn: the first drawn of total, which
	// are independent draws, so a fair sample of them; outside is how many
	// of those lie outside the picture. streamed says the run draws new
	// data for every batch and these are a sample of its distribution.
	drawn, total, outside int
	streamed              bool
}

// points returns where l's training points fall on a picture of its
// surface's width and rows cells, computing them again only when the data
// or the size changed: on the heatmap's square for --task abs, at (x,
// max(0, x)) on the data plot for --task relu (see plotLines).
func (l *lane) points(rows int) *pointSet {
	c, g := l.snap.Config, l.surface
	if g == nil {
		return nil
	}
	p := &l.dots
	of := p.of
	of.task, of.data, of.seed, of.samples, of.nx, of.rows, of.extent = c.Task, c.Data, c.Seed, c.Samples, g.NX, rows, c.Data.Extent()
	if of == p.of {
		return p
	}
	x, y, streamed := train.TrainingInputs(c)
	*p = pointSet{of: of, cells: make([]bool, g.NX*rows), total: len(x), streamed: streamed}
	p.drawn = min(len(x), len(p.cells)/pointShare)
	if c.Task == train.TaskReLU { // on one line, the target's: one point for two columns
		p.drawn = min(len(x), g.NX/2)
	}
	for k := range p.drawn {
		r, i, ok := cellOf(x[k], y[k], of.extent, g.NX, rows)
		if c.Task == train.TaskReLU {
			r, i, ok = plotCell(x[k], of.extent, g.NX, rows)
		}
		if ok {
			p.cells[r*g.NX+i] = true
		} else {
			p.outside++
		}
	}
	return p
}

// cellOf returns the cell (row r, column i) of a rows×cols heatmap of the
// square [−e, e]² that holds point (x, y): i = ⌊(x+e)/2e · cols⌋,
// r = ⌊(e−y)/2e · rows⌋; ok is false outside the square.
func cellOf(x, y, e float64, cols, rows int) (r, i int, ok bool) {
	fi, fr := math.Floor((x+e)/(2*e)*float64(cols)), math.Floor((e-y)/(2*e)*float64(rows))
	if !(fi >= 0 && fi < float64(cols) && fr >= 0 && fr < float64(rows)) {
		return 0, 0, false
	}
	return int(fr), int(fi), true
}

// cellsOf returns the cells of l's points on a picture of rows cells if
// the lab draws them, else nil.
func (a *App) cellsOf(l *lane, rows int) []bool {
	if !a.showPoints {
		return nil
	}
	if p := l.points(rows); p != nil {
		return p.cells
	}
	return nil
}

// pointsText says what the points key turned on or off: the points of the
// picture the lab last drew.
func (a *App) pointsText() string {
	cur := a.current
	if !a.showPoints {
		return "points and ticks off"
	}
	if cur.snap.Config.Task == train.TaskReLU && a.landscape {
		return "points and ticks on: the data plot (m) shows them"
	}
	p := &cur.dots
	if p.cells == nil || p.of.task != cur.snap.Config.Task {
		return "points: none drawn on this picture; ticks on"
	}
	what := "training points"
	if p.streamed {
		what = "points of the streamed data"
	}
	s := fmt.Sprintf("points on: all %d %s", p.total, what)
	if p.drawn < p.total {
		s = fmt.Sprintf("points on: the first %d of %d %s", p.drawn, p.total, what)
	}
	if p.outside > 0 {
		s += fmt.Sprintf(" (%d outside the %s)", p.outside, map[bool]string{true: "plot", false: "square"}[p.of.task == train.TaskReLU])
	}
	if p.of.task == train.TaskReLU {
		s += " at (x, max(0,x)) on the data plot"
	}
	if a.comparing() {
		return s + " on every column; the lab view adds ticks on the axes"
	}
	return s + ", ticks on the axes"
}

// pointInk is the cellKey.fg of a point: pointInks[0] over dark cells,
// pointInks[1] over light ones, as boundary lines pick their ink.
const pointInk = -2

var pointInks = [2][]color.Color{{lipgloss.Color("#ffffff")}, {lipgloss.Color("#000000")}}
