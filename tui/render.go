package tui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"relulab/train"
)

// event is a line of the events log: a change made with a key, or news of
// the run, and the epoch it happened at.
type event struct {
	epoch int
	text  string
}

// maxEvents is how many events the log keeps.
const maxEvents = 20

// log records an event at the current epoch.
func (a *App) log(text string) {
	a.events = append(a.events, event{a.run.Epoch(), text})
	if len(a.events) > maxEvents {
		a.events = a.events[len(a.events)-maxEvents:]
	}
}

// refresh takes a new snapshot, notes deaths, the basin and divergence,
// and redraws.
func (a *App) refresh() {
	a.snap = a.run.Snapshot()
	for i, n := range a.snap.Neurons {
		if n.Dead && !a.wasDead[i] && a.snap.Epoch > 0 {
			a.flash[i] = 2 * a.opts.FPS
			a.log(fmt.Sprintf("neuron %d died", i+1))
		}
		a.wasDead[i] = n.Dead
	}
	if a.snap.Basin != a.basin {
		a.basin, a.since = a.snap.Basin, a.snap.Epoch
	}
	if a.snap.Status == train.Diverged && !a.paused {
		a.paused, a.autoPaused = true, true
		a.gen++
		a.log(fmt.Sprintf("diverged at epoch %d (lr too high?): r restarts", a.snap.Epoch))
	}
	if a.surface != nil {
		a.surface.Compute(a.snap)
	}
	for i := range a.flash {
		if a.flash[i]--; a.flash[i] <= 0 {
			delete(a.flash, i)
		}
	}
	a.render()
}

// render draws the whole screen from the snapshot and the layout.
func (a *App) render() {
	if a.w <= 0 || a.h <= 0 {
		a.screen = ""
		return
	}
	st := a.styles
	helpText := a.help.View(a.keys)
	l := newLayout(a.w, a.h, len(a.snap.Neurons), lipgloss.Height(helpText))
	a.layout = l
	if l.tooSmall {
		a.screen = tooSmall(st, a.w, a.h)
		return
	}
	if a.surface == nil || a.surface.NX != l.heatCols || a.surface.NY != 2*l.heatRows {
		a.surface = train.NewSurface(l.heatCols, 2*l.heatRows)
		a.surface.Compute(a.snap)
	}
	c := a.snap.Config
	chart := box(st, chartTitle(st, a.snap),
		chartLines(st, a.snap.History, a.snap.Reference, a.linear, l.chart.w-2, l.chart.h-2), l.chart.w, l.chart.h, 0)
	heatLines := a.heat.lines(a.surface, a.mode, a.snap.Neurons, a.selected)
	rows := len(heatLines) // each exactly heatCols wide
	heatLines = append(heatLines, a.heatFooter(l.heatCols))
	heat := box(st, " "+a.mode.title()+" ", heatLines, l.heat.w, l.heat.h, rows)
	flash := map[int]bool{}
	for i := range a.flash {
		flash[i] = true
	}
	table := box(st, fmt.Sprintf(" neurons · %s ", train.HiddenString(c.Hidden)),
		neuronLines(st, a.snap.Neurons, l.tableRows, a.selected, flash), l.table.w, l.table.h, 0)
	var lines []string
	lines = append(lines, a.header()...)
	lines = append(lines, sideBySide(chart, heat)...)
	lines = append(lines, table...)
	lines = append(lines, a.eventsLine())
	lines = append(lines, strings.Split(helpText, "\n")...)
	a.screen = strings.Join(lines, "\n")
}

// header draws the two lines at the top: the configuration and the run's
// state, then the verdict and the losses.
func (a *App) header() []string {
	st, s, c := a.styles, a.snap, a.snap.Config
	left := st.Title.Render("relulab") + st.Text.Render(fmt.Sprintf("  h=%s · %s · %s %s · %s · batch %d · %s · seed %d",
		train.HiddenString(c.Hidden), c.Act, c.Opt.Name, lrText(c.Opt.LR), c.Init, c.Batch, c.Data, c.Seed))
	if a.w < 110 { // compact: the configuration must fit beside the state
		left = st.Text.Render(fmt.Sprintf("h=%s %s %s %s %s b%d %s s%d",
			train.HiddenString(c.Hidden), c.Act, c.Opt.Name, lrText(c.Opt.LR), c.Init, c.Batch, c.Data, c.Seed))
	}
	state := st.Good.Render("▶ running")
	switch {
	case s.Status == train.Diverged:
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
	right := st.Text.Render(fmt.Sprintf("epoch %d ", s.Epoch)) + state + st.Dim.Render(" · "+speed)
	second := a.verdict()
	if a.banner != "" {
		second = st.Hot.Render(" " + a.banner + " ")
	}
	return []string{spread(left, right, a.w), fit(second, a.w)}
}

// verdict says in words how the run stands.
func (a *App) verdict() string {
	st, s := a.styles, a.snap
	if s.Status == train.Diverged {
		return st.Bad.Render(fmt.Sprintf("diverged at epoch %d (lr too high?) · r restarts", s.Epoch))
	}
	style := st.Warn
	if s.Outcome == train.Fitted {
		style = st.Good
	}
	v := style.Render(s.Outcome.String()) + st.Dim.Render(" · ") + st.Text.Render(s.Why)
	if s.Basin != "" && a.since > 0 {
		v += st.Dim.Render(fmt.Sprintf(" (since epoch %d)", a.since))
	}
	return v
}

// heatFooter is the heatmap's bottom line: the values under the mouse, or
// the colour scale.
func (a *App) heatFooter(w int) string {
	g := a.surface
	if h := a.hover; h != nil && h.i < g.NX && 2*h.r < g.NY {
		k := 2*h.r*g.NX + h.i
		return a.styles.Text.Render(fmt.Sprintf("x %+.2f y %+.2f · f %.3f · |p| %.3f · err %+.3f",
			g.X[k], g.Y[k], g.Out[k], g.Target[k], g.Out[k]-g.Target[k]))
	}
	_, sc := values(g, a.mode)
	return a.heat.scaleLine(sc, w)
}

// eventsLine lists the latest events, newest first, as far as they fit.
func (a *App) eventsLine() string {
	st := a.styles
	if len(a.events) == 0 {
		return st.Dim.Render(fit("events: none yet; what each key changes and keeps appears here", a.w))
	}
	var parts []string
	for i := len(a.events) - 1; i >= 0; i-- {
		e := a.events[i]
		parts = append(parts, st.Key.Render(fmt.Sprintf("e%d", e.epoch))+" "+st.Text.Render(e.text))
	}
	return fit(st.Dim.Render("events ")+strings.Join(parts, st.Dim.Render(" · ")), a.w)
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
