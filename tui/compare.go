package tui

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"

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
		var series []chartSeries
		ref := math.NaN()
		for i, ln := range a.lanes {
			h := ln.snap.History
			series = append(series, chartSeries{h.Epoch, h.Test, true, st.LaneSeries[i]})
			if r := ln.snap.Reference; !math.IsNaN(r) && !(r >= ref) {
				ref = r
			}
		}
		title := " held-out MSE, coloured as the columns "
		if !math.IsNaN(ref) {
			title += " " + st.Optimum.Render("━ optimum "+sci(ref)) + " "
		}
		lines = append(lines, box(st, title, chartLines(st, series, ref, a.linear, a.w-2, l.chart.h-2), a.w, l.chart.h, 0)...)
	} else {
		for range l.chart.h {
			lines = append(lines, strings.Repeat(" ", a.w))
		}
	}
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
			blocks = append(blocks, a.column(i, labels[i], r, l))
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
		board += st.Lane[i].Render(fmt.Sprintf("%d %s", i+1, labels[i])) + " " + st.Text.Render(sci(s.TestMSE)) + " " + a.outcomeStyle(s).Render(s.Outcome.String())
	}
	if a.banner != "" {
		board = st.Hot.Render(" " + a.banner + " ")
	}
	return []string{spread(left, a.stateText(), a.w), fit(board, a.w)}
}

// column draws run i, named label, in r: its verdict, heatmap with boundary
// lines, the heatmap's scale and a compact neuron table.
func (a *App) column(i int, label string, r rect, l compareLayout) []string {
	st, ln := a.styles, a.lanes[i]
	iw := r.w - 2
	title := st.Lane[i].Render(fmt.Sprintf(" %d %s ", i+1, label))
	border := st
	if i == a.focus {
		title = st.Lane[i].Render(fmt.Sprintf(" ▶ %d %s ", i+1, label))
		border.Border = st.Key
	}
	s := ln.snap
	verdict := a.outcomeStyle(s).Render(s.Outcome.String()) + st.Dim.Render(" · held-out ") + st.Text.Render(sci(s.TestMSE))
	why := st.Text.Render(s.Why)
	if s.Status == train.Diverged {
		why = st.Bad.Render(fmt.Sprintf("diverged at epoch %d (lr too high?)", s.Epoch))
	}
	lines := []string{fit(verdict, iw), fit(why, iw)}
	cols := min(iw, 2*l.heatRows)
	ln.fit(cols, 2*l.heatRows)
	pad := strings.Repeat(" ", (iw-cols)/2)
	rest := strings.Repeat(" ", iw-cols-len(pad))
	for _, h := range ln.heat.lines(ln.surface, a.mode, s.Neurons, -1) {
		lines = append(lines, pad+h+rest)
	}
	lines = append(lines, fit(ln.heat.scaleLine(ln.heat.drawn.scale, iw), iw))
	for _, t := range compactNeuronLines(st, s.Neurons, l.tableRows, iw, ln.flashing()) {
		lines = append(lines, fit(t, iw))
	}
	return box(border, title, lines, r.w, r.h, len(lines))
}

// compactNeuronHeading labels the columns of compactNeuronLines.
const compactNeuronHeading = " # angle offset  act state"

// compactNeuronLines draws up to rows neurons in a column w cells wide:
// the boundary line's normal angle and offset, the share of inputs on
// which the neuron is active, and its state, shortened when narrow.
func compactNeuronLines(st Styles, ns []train.Neuron, rows, w int, flash map[int]bool) []string {
	lines := []string{st.Dim.Render(compactNeuronHeading)}
	for i, n := range ns {
		if i == rows-1 && len(ns) > rows {
			lines = append(lines, st.Dim.Render(fmt.Sprintf(" … %d more", len(ns)-i)))
			break
		}
		geom := "    –      –"
		if !math.IsNaN(n.Angle) {
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

// outcomeStyle colours an outcome: good when fitted, bad when diverged.
func (a *App) outcomeStyle(s train.Snapshot) lipgloss.Style {
	switch {
	case s.Status == train.Diverged:
		return a.styles.Bad
	case s.Outcome == train.Fitted:
		return a.styles.Good
	}
	return a.styles.Warn
}
