package tui

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/guptarohit/asciigraph"

	"relulab/train"
)

// renderCompare draws a comparison: the header with the leaderboard, the
// shared chart, the columns of the page, the events and the help.
func (a *App) renderCompare(helpText string, helpLines int) {
	st := a.styles
	neurons := 0
	for _, l := range a.lanes {
		neurons = max(neurons, len(l.snap.Neurons))
	}
	l := newCompareLayout(a.w, a.h, len(a.lanes), neurons, helpLines, a.page)
	a.columns = l
	if l.tooSmall {
		a.screen = tooSmall(st, a.w, a.h)
		return
	}
	a.page = min(a.page, l.pages-1)
	labels := a.labels()
	lines := a.compareHeader(labels)
	if l.chart.h >= minChartHeight {
		lines = append(lines, a.compareChart(l.chart.h)...)
	} else {
		for range l.chart.h {
			lines = append(lines, strings.Repeat(" ", a.w))
		}
	}
	for i, r := range l.cols {
		if a.lanes[i].snap.Config.Task == train.TaskReLU {
			a.lanes[i].fit(r.w-2, 1) // the data plot's
			continue
		}
		a.lanes[i].fit(heatCols(r, l), 2*l.heatRows)
	}
	sc := a.sharedScale() // unused when each column has its own
	first := a.page * l.rows * l.perRow
	for row := range l.rows {
		var blocks [][]string
		width := 0
		for k := range l.perRow {
			i := first + row*l.perRow + k
			r, ok := l.cols[i]
			if !ok {
				break
			}
			blocks = append(blocks, a.column(i, labels[i], r, l, sc))
			width += r.w
		}
		if len(blocks) == 0 {
			break
		}
		joined := sideBySide(blocks...)
		for j := range joined {
			joined[j] += strings.Repeat(" ", a.w-width)
		}
		lines = append(lines, joined...)
	}
	for len(lines) < a.h-1-helpLines {
		lines = append(lines, strings.Repeat(" ", a.w))
	}
	lines = append(lines, a.eventsLine())
	lines = append(lines, strings.Split(helpText, "\n")...)
	a.screen = strings.Join(lines, "\n")
}

// compareChart draws the shared loss chart, h lines tall (see
// compareSeries), with a mark at each epoch a key changed a run's
// configuration.
func (a *App) compareChart(h int) []string {
	series, title := a.compareSeries()
	var changes []int
	for _, l := range a.lanes {
		changes = append(changes, l.changes...)
	}
	lines := chartLines(a.styles, series, a.linear, a.plain(), a.w-2, h-2)
	return box(a.styles, title, markChanges(a.styles, lines, series, changes, a.w-2), a.w, h, 0)
}

// compareSeries returns the lines of the comparison's chart and its
// title: each run's held-out MSE in its column's colour (without colour,
// in its number), and the optimum: one line when the runs share it, else
// each run's own in its colour.
func (a *App) compareSeries() ([]chartSeries, string) {
	st, plain := a.styles, a.plain()
	var series, optima []chartSeries
	var refs []string
	for i, ln := range a.lanes {
		hist := ln.snap.History
		series = append(series, chartSeries{epoch: hist.Epoch, mse: hist.Test, hold: true, color: st.LaneSeries[i],
			chars: asciigraph.CreateCharSet(string(neuronGlyphs[i]))})
		if ln.snap.Status == train.Diverged {
			divergedAt(series[len(series)-1:], ln.snap.WeightsEpoch)
		}
		if r := ln.snap.Reference; !math.IsNaN(r) {
			optima = append(optima, chartSeries{flat: true, ref: r, color: st.LaneSeries[i], chars: optimumChars})
			refs = append(refs, st.Lane[i].Render(fmt.Sprintf("%d %s", i+1, sci(r))))
		}
	}
	title := " held-out MSE, coloured as the columns "
	if plain {
		title = " held-out MSE, drawn in the columns' numbers "
	}
	shared := len(optima) > 0
	for _, o := range optima {
		shared = shared && o.ref == optima[0].ref
	}
	switch {
	case shared:
		optima = []chartSeries{{flat: true, ref: optima[0].ref, color: st.Series[2], chars: optimumChars}}
		title += " " + st.Optimum.Render(legendMark(optimumChars, plain)+" optimum "+sci(optima[0].ref)) + " "
	case len(optima) > 0:
		title += " " + st.Dim.Render(legendMark(optimumChars, plain)+" each run's optimum ") + strings.Join(refs, " ") + " "
	}
	return append(series, optima...), title
}

// compareHeader draws the comparison's first two lines: what the runs
// share and their state, then the leaderboard by held-out MSE.
func (a *App) compareHeader(labels []string) []string {
	st := a.styles
	left := st.Title.Render("relulab compare ")
	if a.columns.pages > 1 {
		left += st.Key.Render(fmt.Sprintf(" page %d/%d ·", a.page+1, a.columns.pages))
	}
	left += st.Text.Render(fmt.Sprintf(" %d runs · %s", len(a.lanes), a.sharing()))
	order := make([]int, len(a.lanes))
	for i := range order {
		order[i] = i
	}
	mse := func(i int) float64 {
		if v := a.lanes[i].snap.TestMSE; !math.IsNaN(v) {
			return v
		}
		return math.Inf(1)
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(mse(i), mse(j)) })
	board := st.Dim.Render("held-out MSE ")
	for rank, i := range order {
		s := a.lanes[i].snap
		if rank > 0 {
			board += st.Dim.Render(" · ")
		}
		board += st.Lane[i].Render(fmt.Sprintf("%d %s", i+1, labels[i])) + " " + st.Text.Render(sci(s.TestMSE)) + " " + a.outcomeWord(a.lanes[i])
	}
	if a.banner != "" {
		board = st.Hot.Render(" " + a.banner + " ")
	}
	return []string{spread(left, a.stateText(), a.w), fit(board, a.w)}
}

// heatCols returns the width of the heatmap in column r: square pixels,
// as wide as it is tall if the column allows.
func heatCols(r rect, l compareLayout) int { return min(r.w-2, 2*l.heatRows) }

// column draws run i, named label, in r: its verdict, heatmap with boundary
// lines on the shared scale sc or its own, the scale and a compact neuron
// table.
func (a *App) column(i int, label string, r rect, l compareLayout, sc heatScale) []string {
	st, ln := a.styles, a.lanes[i]
	iw := r.w - 2
	title := st.Lane[i].Render(fmt.Sprintf(" %d %s ", i+1, label))
	border := st
	if i == a.focus {
		title = st.Lane[i].Render(fmt.Sprintf(" ▶ %d %s ", i+1, label))
		border.Border = st.Key
	}
	s := ln.snap
	verdict := a.outcomeWord(ln) + st.Dim.Render(" · held-out ") + st.Text.Render(sci(s.TestMSE))
	why := st.Text.Render(s.Why)
	if s.Status == train.Diverged {
		why = st.Bad.Render(fmt.Sprintf("diverged at epoch %d (lr too high?)", s.Epoch))
	}
	lines := []string{fit(verdict, iw), fit(why, iw)}
	if s.Config.Task == train.TaskReLU {
		lines = append(lines, a.reluColumn(ln, iw, l.heatRows+1)...)
	} else {
		cols := heatCols(r, l)
		pad := strings.Repeat(" ", (iw-cols)/2)
		rest := strings.Repeat(" ", iw-cols-len(pad))
		note := "shared "
		if a.ownScale {
			sc, note = scaleOf(ln.surface, a.mode.surface()), "own "
		}
		for _, h := range ln.heat.lines(ln.surface, a.mode.surface(), sc, s.Neurons, -1, a.cellsOf(ln, ln.surface.NY/2)) {
			lines = append(lines, pad+h+rest)
		}
		lines = append(lines, fit(ln.heat.scaleLine(ln.heat.drawn.scale, iw, planeNote(s.Config, ln.surface)+note), iw))
	}
	for _, t := range compactNeuronLines(st, s.Neurons, l.tableRows, iw, ln.flashing()) {
		lines = append(lines, fit(t, iw))
	}
	return box(border, title, lines, r.w, r.h, len(lines))
}

// reluColumn draws, in the place of a column's heatmap and scale, w×h
// cells, the picture of a --task relu run l: its data plot, or with m its
// loss landscape under the landscape's title.
func (a *App) reluColumn(l *lane, w, h int) []string {
	s := l.snap
	var lines []string
	if a.landscape {
		land, title := l.land.draw(s, &l.path, w, h-1)
		lines = append([]string{a.styles.Dim.Render(strings.TrimSpace(title))}, land...)
	} else {
		lines = dataPlot(l.plot, l.surface, s.Neurons, s.Config.Data, w, h, a.cellsOf(l, h-2))
	}
	out := make([]string, h)
	for i := range out {
		if i < len(lines) {
			out[i] = fit(lines[i], w)
		} else {
			out[i] = strings.Repeat(" ", w)
		}
	}
	return out
}

// sharedScale returns the one scale every column's heatmap is drawn on:
// the union of the runs' own, so that a colour means the same value in
// every column.
func (a *App) sharedScale() heatScale {
	var sc heatScale
	for _, l := range a.lanes {
		if l.surface == nil || l.snap.Config.Task == train.TaskReLU { // never shown yet, or no heatmap
			continue
		}
		if own := scaleOf(l.surface, a.mode.surface()); sc.hi == 0 {
			sc = own
		} else {
			sc = sc.union(own)
		}
	}
	return sc
}

// backLabel says which run the full view shows, and that esc goes back.
func (a *App) backLabel() string {
	if tr := a.trials; tr != nil {
		g, k := tr.run(tr.sel)
		name := ""
		if len(tr.groups) > 1 {
			name = g.name + " "
		}
		return fmt.Sprintf("%sseed %d (%d of %d) · esc: back ", name, tr.seeds[k], tr.sel+1, tr.count())
	}
	return fmt.Sprintf("column %d of %d · esc: back ", slices.Index(a.lanes, a.current)+1, len(a.lanes))
}

// compactNeuronHeading labels the columns of compactNeuronLines;
// compactOneHeading those of a network of one input (--task relu).
const (
	compactNeuronHeading = " # angle offset  act state"
	compactOneHeading    = " #      w      b  act state"
)

// compactNeuronLines draws up to rows neurons in a column w cells wide:
// the boundary line's normal angle and offset (with one input, the weight
// and bias), the share of inputs on which the neuron is active, and its
// state, shortened when narrow.
func compactNeuronLines(st Styles, ns []train.Neuron, rows, w int, flash map[int]bool) []string {
	one := len(ns) > 0 && len(ns[0].W) == 1
	lines := []string{st.Dim.Render(compactNeuronHeading)}
	if one {
		lines[0] = st.Dim.Render(compactOneHeading)
	}
	for i, n := range ns {
		if i == rows-1 && len(ns) > rows {
			lines = append(lines, st.Dim.Render(fmt.Sprintf(" … %d more", len(ns)-i)))
			break
		}
		geom := "    –      –"
		switch {
		case one:
			geom = fmt.Sprintf("%+6.2f %+6.2f", n.W[0], n.B)
		case !math.IsNaN(n.Angle):
			geom = fmt.Sprintf("%5.0f° %+6.2f", n.Angle, n.Offset)
		}
		row := fmt.Sprintf("%2d %s %4.0f%% ", n.Index+1, geom, 100*n.Active)
		state := n.State()
		label := state
		if state == "collapsed" {
			label = "collapsed with " + joinIDs(n.CollapsedWith)
			if w-len(row) < len(label) {
				label = "≡ " + joinIDs(n.CollapsedWith)
			}
		}
		if flash[i] {
			lines = append(lines, st.Hot.Render(row+label))
			continue
		}
		lines = append(lines, st.Text.Render(row)+st.State[state].Render(label))
	}
	return lines
}

// labels names each run by the settings in which it differs from the
// others.
func (a *App) labels() []string {
	lines := make([]string, len(a.lanes))
	for i, l := range a.lanes {
		lines[i] = l.snap.Config.String()
	}
	return distinct(lines, "")
}

// sharing says what the runs of a comparison have in common: the same
// training data where they share seed, distribution and size, and the
// same initial weights where they also share shape and initializer.
func (a *App) sharing() string {
	c0 := a.lanes[0].snap.Config
	data, weights := true, true
	for _, l := range a.lanes[1:] {
		c := l.snap.Config
		data = data && c.Seed == c0.Seed && c.Data == c0.Data && c.Samples == c0.Samples
		weights = weights && slices.Equal(c.Hidden, c0.Hidden) && c.Init == c0.Init && c.Seed == c0.Seed
	}
	switch {
	case data && weights:
		return fmt.Sprintf("same data and initial weights (seed %d)", c0.Seed)
	case data:
		return fmt.Sprintf("same data (seed %d); initial weights differ with shape or initializer", c0.Seed)
	case weights:
		return "same initial weights; the data differ"
	}
	return "data and initial weights differ"
}

// outcomeWord names the outcome of l's run in colour: good when fitted,
// bad when diverged, plain while training.
func (a *App) outcomeWord(l *lane) string {
	word, st := l.outcome(), a.styles.Warn
	switch {
	case l.snap.Status == train.Diverged:
		st = a.styles.Bad
	case l.snap.Outcome == train.Fitted:
		st = a.styles.Good
	case word == "training":
		st = a.styles.Text
	}
	return st.Render(word)
}
