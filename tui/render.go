package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"relulab/train"
)

// log records an event at the current epoch.
func (a *App) log(text string) { a.keepEvents(train.Event{Epoch: a.epoch(), Text: text}) }

// logLane records an event of one run; in a comparison the event names
// its column.
func (a *App) logLane(l *lane, text string) { a.log(a.labelled(l, text)) }

// labelled returns text as an event of l: in a comparison, after the
// number of its column.
func (a *App) labelled(l *lane, text string) string {
	if len(a.lanes) > 1 {
		return fmt.Sprintf("%d: %s", slices.Index(a.lanes, l)+1, text)
	}
	return text
}

// refresh takes a new snapshot of every run, notes deaths, basins and
// divergence, and redraws. The lab pauses itself once no run can train.
func (a *App) refresh() {
	if a.trials != nil {
		a.updateTrials()
	} else {
		for _, l := range a.lanes {
			for _, news := range l.update(2 * a.opts.FPS) {
				a.logLane(l, news)
			}
		}
	}
	if !a.running() && !a.paused {
		a.paused, a.autoPaused = true, true
		a.gen++
	}
	a.render()
}

// render draws the whole screen: the picker, the comparison's columns or
// the lab view of one run.
func (a *App) render() {
	a.keepSelection()
	a.showBins()
	a.setKeys()
	a.netTiles = a.netTiles[:0] // the lab view places them again
	if a.w <= 0 || a.h <= 0 {
		a.screen = ""
		return
	}
	helpText := a.helpView()
	helpLines := lipgloss.Height(helpText)
	switch {
	case a.pick != nil:
		a.screen = a.pick.view(a.styles, a.w, a.h)
	case a.knobs != nil:
		a.screen = a.knobs.view(a.styles, a.w, a.h)
	case a.helpOpen:
		a.renderHelpPage(helpText, helpLines)
	case a.trials != nil && !a.full:
		a.renderTrials(helpText, helpLines)
	case a.comparing():
		a.renderCompare(helpText, helpLines)
		if a.keys.NextPage.Enabled() != (a.columns.pages > 1) { // the page keys came or went
			a.setKeys()
			helpText = a.helpView()
			a.renderCompare(helpText, lipgloss.Height(helpText))
		}
	default:
		a.renderLab(helpText, helpLines)
		if a.keys.NextPage.Enabled() != a.netPaged() { // the panel's pages came or went
			a.setKeys()
			helpText = a.helpView()
			a.renderLab(helpText, lipgloss.Height(helpText))
		}
	}
}

// helpView draws the help, each line cut to the width: Bubbles' short
// help (v2.2.1) keeps adding keys once the one that overflows leaves no
// room for its ellipsis.
func (a *App) helpView() string {
	lines := strings.Split(a.help.View(a.helpKeys()), "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, a.w, "…")
	}
	return strings.Join(lines, "\n")
}

// renderLab draws the lab view of the current run.
func (a *App) renderLab(helpText string, helpLines int) {
	st := a.styles
	cur := a.current
	c := cur.snap.Config
	panel := a.network && a.planar() && c.Task != train.TaskReLU
	rows := len(cur.snap.Neurons)
	if panel {
		rows = min(rows, netTableRows)
	}
	l := newLayout(a.w, a.h, rows, helpLines)
	if c.Task == train.TaskReLU || c.Task.Spectrum() > 0 {
		l.widen()
	}
	if panel {
		l.withPanel(len(firstLayer(cur.snap)))
	}
	a.layout = l
	if l.tooSmall {
		a.screen = tooSmall(st, a.w, a.h)
		return
	}
	var chart []string
	if l.chart.h > 0 {
		series := historySeries(st, cur.snap.History, cur.snap.Reference)
		if cur.snap.Status == train.Diverged {
			divergedAt(series, cur.snap.WeightsEpoch)
		}
		chart = box(st, chartTitle(st, cur.snap, a.plain()),
			markChanges(st, chartLines(st, series, a.linear, a.plain(), l.chart.w-2, l.chart.h-2), series, cur.changes, l.chart.w-2), l.chart.w, l.chart.h, 0)
	}
	if l.panel.h > 0 {
		chart = append(chart, a.networkPanel(l)...)
	}
	var heat []string
	cur.heat.marks = nil // drawn anew below if the panel shows boundary lines, for a click to find
	switch {
	case c.Task == train.TaskReLU:
		heat = a.reluPanel(l)
	case a.showsPlane():
		cur.run.Trajectory(&cur.plane.path)
		lines, title := cur.plane.draw(cur.snap, l.heat.w-2, l.heat.h-2)
		heat = box(st, title, lines, l.heat.w, l.heat.h, 0)
	case a.showsPlaneOrRays(): // the radial profile
		cur.fitRays(radialPoints(l.heat.w - 2))
		heat = box(st, radialTitle(l.heat.w-2), radialLines(st, cur.rays, a.plain(), l.heat.w-2, l.heat.h-2), l.heat.w, l.heat.h, 0)
	case c.Task.Spectrum() > 0 && !a.binMap:
		heat = a.spectrumPanel(l)
	default:
		cur.fit(l.heatCols, 2*l.heatRows)
		mode := a.mode.surface() // the trials' run, opened, draws no landscape
		ns, title := cur.snap.Neurons, mode.title()
		if n := c.Task.Spectrum(); n > 0 {
			mode, ns, title = modeError, planeNeurons(n, cur.surface.Bin, ns), binTitle(cur.surface.Bin)
		}
		heatLines := cur.heat.lines(cur.surface, mode, scaleOf(cur.surface, mode), ns, a.selected, a.cellsOf(cur, cur.surface.NY/2))
		rows := len(heatLines) // each exactly heatCols wide
		heatLines = append(heatLines, a.heatFooter(l.heatCols))
		heat = box(st, " "+title+" ", heatLines, l.heat.w, l.heat.h, rows)
		if a.showPoints {
			heat = withTicks(st, heat, cur.surface.Extent, l.heatCols, rows)
		}
	}
	var table []string
	if a.form != nil {
		table = box(st, fmt.Sprintf(" neuron %d · exact values ", a.form.neuron+1), a.formLines(l.table.w-2), l.table.w, l.table.h, 0)
	} else {
		table = box(st, fmt.Sprintf(" neurons · %s%s ", train.HiddenString(c.Hidden), a.selectionTitle()),
			neuronLines(st, a.current.snap.Neurons, l.tableRows, a.tableFirst(), a.selected, a.current.flashing()), l.table.w, l.table.h, 0)
	}
	var lines []string
	lines = append(lines, a.header()...)
	lines = append(lines, sideBySide(chart, heat)...)
	lines = append(lines, table...)
	lines = append(lines, a.eventsLine())
	lines = append(lines, strings.Split(helpText, "\n")...)
	a.screen = strings.Join(lines, "\n")
}

// reluPanel draws the right panel of --task relu: the data plot, or with m
// the loss landscape.
func (a *App) reluPanel(l layout) []string {
	cur, w, h := a.current, l.heat.w-2, l.heat.h-2
	if a.landscape {
		lines, title := cur.land.draw(cur.snap, &cur.path, w, h)
		return box(a.styles, title, lines, l.heat.w, l.heat.h, 0)
	}
	cur.fit(w, 1)
	lines := dataPlot(cur.plot, cur.surface, cur.snap.Neurons, cur.snap.Config.Data, w, h, a.cellsOf(cur, h-2))
	out := box(a.styles, " data: f(x) and max(0, x) ", lines, l.heat.w, l.heat.h, 0)
	if a.showPoints && h >= 3 {
		out = withPlotTicks(a.styles, out, cur.surface.Extent, w, h-2)
	}
	return out
}

// header draws the two lines at the top: the configuration and the run's
// state, then the verdict and the losses.
func (a *App) header() []string {
	st, c := a.styles, a.current.snap.Config
	// The configuration string, as y copies it; when it does not fit, its
	// seed first: the terminal cuts the end, and the seed names the run.
	conf, state := c.String(), a.stateText()
	if ansi.StringWidth(conf)+9+2+ansi.StringWidth(state) > a.w {
		fs := strings.Fields(conf)
		if i := slices.IndexFunc(fs, func(f string) bool { return strings.HasPrefix(f, "seed=") }); i > 0 {
			conf = strings.Join(append(append([]string{fs[i]}, fs[:i]...), fs[i+1:]...), " ")
		}
	}
	left := st.Title.Render("relulab") + "  " + st.Text.Render(conf)
	if a.w < 110 { // compact: the configuration must fit beside the state
		left = st.Text.Render(fmt.Sprintf("seed %d h=%s %s %s %s %s b%d %s",
			c.Seed, train.HiddenString(c.Hidden), c.Act, c.Opt.Name, lrText(c.Opt.LR), c.Init, c.Batch, c.Data))
	}
	second := a.verdict()
	if a.full {
		second = st.Key.Render(a.backLabel()) + second
	}
	if a.banner != "" {
		return []string{spread(left, state, a.w), fit(st.Hot.Render(" "+a.banner+" "), a.w)}
	}
	if a.editable() { // the nudge size at the right end, the verdict cut before it
		return []string{spread(left, state, a.w), spread(second, st.Dim.Render(fmt.Sprintf("nudge ε %g", train.Nudges[a.nudgeAt])), a.w)}
	}
	return []string{spread(left, state, a.w), fit(second, a.w)}
}

// stateText is the header's right end: the epoch, running, paused or
// diverged, and the speed.
func (a *App) stateText() string {
	st := a.styles
	state := st.Good.Render("▶ running")
	switch {
	case !a.running():
		state = st.Bad.Render("✗ diverged")
	case a.paused:
		state = st.Warn.Render("⏸ paused")
	}
	speed := "full speed"
	if n := speeds[a.speed]; n > 0 {
		speed = fmt.Sprintf("%d/frame", n)
	}
	if !a.paused && a.rate > 0 && a.w >= 110 {
		speed += fmt.Sprintf(" · %.0f ep/s", a.rate)
	}
	return st.Text.Render(fmt.Sprintf("epoch %d ", a.epoch())) + state + st.Dim.Render(" · "+speed)
}

// verdict says in words how the run stands.
func (a *App) verdict() string {
	st, s := a.styles, a.current.snap
	if s.Status == train.Diverged {
		return st.Bad.Render(a.current.divergedText())
	}
	v := a.outcomeWord(a.current) + st.Dim.Render(" · ") + st.Text.Render(s.Why)
	if s.Basin != "" && a.current.since > 0 {
		v += st.Dim.Render(fmt.Sprintf(" (since epoch %d)", a.current.since))
	}
	return v
}

// heatFooter is the heatmap's bottom line: the values under the mouse, or
// the colour scale.
func (a *App) heatFooter(w int) string {
	g := a.current.surface
	if h := a.hover; h != nil && h.i < g.NX && 2*h.r < g.NY {
		k := 2*h.r*g.NX + h.i
		return a.styles.Text.Render(fmt.Sprintf("x %+.2f y %+.2f · f %.3f · |p| %.3f · err %+.3f",
			g.X[k], g.Y[k], g.Out[k], g.Target[k], g.Out[k]-g.Target[k]))
	}
	return a.current.heat.scaleLine(a.current.heat.drawn.scale, w, "") // the scale lines() last drew with
}

// eventsLine lists the latest events, newest first, as far as they fit.
func (a *App) eventsLine() string {
	st := a.styles
	if len(a.events) == 0 {
		return st.Dim.Render(fit("events: none yet; what each key changes and keeps appears here", a.w))
	}
	var parts []string
	latest := a.latestEvents()
	for i := len(latest) - 1; i >= 0; i-- {
		e := latest[i]
		parts = append(parts, st.Key.Render(fmt.Sprintf("e%d", e.Epoch))+" "+st.Text.Render(e.Text))
	}
	return cut(st.Dim.Render("events ")+strings.Join(parts, st.Dim.Render(" · ")), a.w)
}

// cut is fit, but a line cut short ends in "…".
func cut(s string, w int) string {
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w, "…")
	}
	return fit(s, w)
}

// spread puts left and right on one line of w cells, cutting left if both
// do not fit.
func spread(left, right string, w int) string {
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return fit(ansi.Truncate(left, max(w-ansi.StringWidth(right)-2, 0), "…")+"  "+right, w)
	}
	return left + strings.Repeat(" ", gap) + right
}

// sci formats a loss as 1.23e-3, or says why it is missing.
func sci(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 0):
		return "∞"
	case v == 0:
		return "0"
	}
	e := int(math.Floor(math.Log10(math.Abs(v))))
	m := v / math.Pow(10, float64(e))
	if math.Abs(m) >= 9.995 { // rounds up to the next power
		m, e = m/10, e+1
	}
	return fmt.Sprintf("%.2fe%d", m, e)
}
