package tui

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/guptarohit/asciigraph"

	"relulab/train"
)

// trialsPalette colours the rows of a tally and the curves of the runs in
// them, one colour per basin or outcome, distinct in 16 colours too.
type trialsPalette struct {
	curve   map[string]asciigraph.AnsiColor
	text    map[string]lipgloss.Style
	optimum asciigraph.AnsiColor
	// chars draws each row's curves without colour: its initial.
	chars map[string]asciigraph.CharSet
}

// newTrialsPalette returns the palette for a dark or light background.
func newTrialsPalette(dark bool) trialsPalette {
	// pyramid, diamond, valley, corner, ramp, flat, other, and the optimum.
	codes := []asciigraph.AnsiColor{41, 44, 214, 170, 69, 203, 246, 255}
	if !dark {
		codes = []asciigraph.AnsiColor{28, 30, 130, 127, 25, 160, 243, 232}
	}
	byName := map[string]int{
		string(train.Pyramid): 0, string(train.Diamond): 1, string(train.Valley): 2, string(train.Corner): 3,
		string(train.Ramp): 4, string(train.Flat): 5, train.OtherBasin: 6,
		// Outcomes, where no run is in a named basin.
		train.Fitted.String(): 0, train.Stuck.String(): 2, train.Collapsed.String(): 3, train.Dead.String(): 5,
		train.DivergedOutcome.String(): 5, train.Unjudged.String(): 6,
	}
	p := trialsPalette{curve: map[string]asciigraph.AnsiColor{}, text: map[string]lipgloss.Style{}, optimum: codes[7],
		chars: map[string]asciigraph.CharSet{}}
	for name, i := range byName {
		p.curve[name] = codes[i]
		p.text[name] = lipgloss.NewStyle().Foreground(lipgloss.ANSIColor(codes[i]))
		p.chars[name] = asciigraph.CreateCharSet(name[:1])
	}
	return p
}

// restyle draws the thumbnails with st from now on.
func (tr *trials) restyle(st Styles, plain bool) {
	for _, g := range tr.groups {
		for _, l := range g.lanes {
			l.restyle(st, plain)
		}
	}
}

// rowName is the tally row that counts a run with verdict v: its basin
// (or "other") when the tally is by basin, else its outcome.
func rowName(v train.Snapshot, byBasin bool) string {
	switch {
	case !byBasin:
		return v.Outcome.String()
	case v.Basin == "":
		return train.OtherBasin
	}
	return string(v.Basin.Family())
}

// verdictWord says in one word how a run stands: its basin, else its
// outcome.
func verdictWord(v train.Snapshot) string {
	if v.Basin != "" {
		return string(v.Basin)
	}
	return v.Outcome.String()
}

// rowRank orders rows best first: the order of a tally's rows.
func rowRank(name string) int {
	for i, b := range train.Basins {
		if string(b) == name {
			return i
		}
	}
	if o, ok := outcomeRank[name]; ok {
		return o
	}
	return len(train.Basins)
}

var outcomeRank = map[string]int{"fitted": 0, "stuck": 1, "collapsed": 2, "dead": 3, "unjudged": 4, "diverged": 5}

// renderTrials draws the trials view: the header and headline, a chart
// and a tally for each group, the gallery, the events and the help.
func (a *App) renderTrials(helpText string, helpLines int) {
	st, tr := a.styles, a.trials
	body := a.h - 3 - helpLines
	if a.w < minWidth || a.h < minHeight || body < 10 {
		a.screen = tooSmall(st, a.w, a.h)
		return
	}
	if tr.pal.curve == nil || tr.palDark != a.dark {
		tr.pal, tr.palDark = newTrialsPalette(a.dark), a.dark
	}
	lines := a.trialsHeader()
	n := len(tr.groups)
	upper := min(body, max(10, body*35/100, min(body-8, 11*n)))
	if n > 1 && body < 2*11+8 {
		upper = body // two charts and tallies first; no room for the gallery too
	}
	tallyW := min(max(a.w*2/5, 36), 60)
	chartW := a.w - tallyW
	labels := groupLabels(tr.groups)
	for i, g := range tr.groups {
		h := upper / n
		if i == n-1 {
			h = upper - (n-1)*(upper/n)
		}
		chart := box(st, a.trialsChartTitle(g, labels[i]), a.trialsChart(g, chartW-2, h-2), chartW, h, 0)
		tally := box(st, fmt.Sprintf(" %s at epoch %d ", labels[i], g.verdictEpoch()), a.tallyLines(g, tallyW-2, h-2), tallyW, h, 0)
		lines = append(lines, sideBySide(chart, tally)...)
	}
	lines = append(lines, a.galleryLines(rect{0, 2 + upper, a.w, body - upper})...)
	lines = append(lines, a.eventsLine())
	lines = append(lines, strings.Split(helpText, "\n")...)
	a.screen = strings.Join(lines, "\n")
}

// verdictEpoch returns the epoch of the group's latest verdicts, which
// the tally counts.
func (g *group) verdictEpoch() int {
	e := 0
	for _, r := range g.runs {
		e = max(e, r.Verdict().Epoch)
	}
	return e
}

// groupLabels names each group: "runs" alone, else "A: " or "B: " with
// the settings in which it differs.
func groupLabels(gs []*group) []string {
	if len(gs) == 1 {
		return []string{"tally"}
	}
	cs := make([]string, len(gs))
	for i, g := range gs {
		cs[i] = g.config.String()
	}
	out := distinct(cs, "seed=")
	for i := range out {
		out[i] = gs[i].name + ": " + out[i]
	}
	return out
}

// trialsHeader draws the two lines at the top: the configuration, the
// seeds and the runs' state, then the headline.
func (a *App) trialsHeader() []string {
	st, tr := a.styles, a.trials
	var fields []string
	for _, f := range strings.Fields(tr.groups[0].config.String()) {
		if !strings.HasPrefix(f, "seed=") {
			fields = append(fields, f)
		}
	}
	left := st.Title.Render("relulab trials") + "  " + st.Text.Render(fmt.Sprintf("%d seeds %s · %s", len(tr.seeds), seedRange(tr.seeds), strings.Join(fields, " ")))
	second := a.trialsHeadline()
	if a.banner != "" {
		second = st.Hot.Render(" " + a.banner + " ")
	}
	return []string{spread(left, a.stateText(), a.w), fit(second, a.w)}
}

// trialsHeadline answers the question: how many runs found the pyramid
// (or were fitted, where basins do not apply), with the 95% interval; with
// two groups, both and whether they differ significantly.
func (a *App) trialsHeadline() string {
	st, tr := a.styles, a.trials
	byBasin := true
	for _, g := range tr.groups {
		byBasin = byBasin && g.tally.ByBasin
	}
	count := func(g *group) (int, int) {
		if byBasin {
			r, _ := g.tally.Row(string(train.Pyramid))
			return r.Count, g.tally.Runs
		}
		return g.tally.Fitted, g.tally.Runs
	}
	share := func(k, n int) string {
		ci := train.Wilson(k, n)
		return fmt.Sprintf("%d/%d %.0f%%", k, n, 100*float64(k)/float64(n)) + st.Dim.Render(fmt.Sprintf(" (%.0f–%.0f%%)", 100*ci[0], 100*ci[1]))
	}
	what := map[bool]string{true: " found the pyramid", false: " fitted"}[byBasin]
	word := map[bool]string{true: "pyramid", false: "fitted"}[byBasin]
	if len(tr.groups) == 1 {
		k, n := count(tr.groups[0])
		return st.Good.Render(fmt.Sprintf("%d of %d", k, n)+what) + st.Dim.Render(fmt.Sprintf(" (%.0f%%, 95%% %.0f–%.0f%%)",
			100*float64(k)/float64(n), 100*train.Wilson(k, n)[0], 100*train.Wilson(k, n)[1]))
	}
	k1, n1 := count(tr.groups[0])
	k2, n2 := count(tr.groups[1])
	z, p := train.TwoProportion(k1, n1, k2, n2)
	verdict := st.Warn.Render("not significant")
	if p < 0.05 {
		verdict = st.Good.Render("significant")
	}
	return st.Text.Render(word+": A ") + share(k1, n1) + st.Text.Render(" → B ") + share(k2, n2) + st.Dim.Render(": ") + verdict +
		st.Dim.Render(fmt.Sprintf(", %s (two-proportion z %.2f)", pText(p), z))
}

// pText writes a p-value: "p = 0.17", or "p < 0.001".
func pText(p float64) string {
	if p < 0.001 {
		return "p < 0.001"
	}
	return fmt.Sprintf("p = %.2g", p)
}

// trialsChartTitle names the chart's colours: the rows of the tally that
// have runs, and the optimum.
func (a *App) trialsChartTitle(g *group, label string) string {
	tr := a.trials
	t := " held-out MSE of " + fmt.Sprint(len(g.runs)) + " runs "
	if len(tr.groups) > 1 {
		t = " " + g.name + ": held-out MSE "
	}
	for _, r := range g.tally.Rows {
		if r.Count > 0 {
			t += tr.pal.text[r.Name].Render(legendMark(tr.pal.chars[r.Name], a.plain())+" "+r.Name) + " "
		}
	}
	if ref := g.runs[0].Verdict().Reference; !math.IsNaN(ref) {
		t += lipgloss.NewStyle().Foreground(lipgloss.ANSIColor(tr.pal.optimum)).Render(legendMark(optimumChars, a.plain())+" optimum "+sci(ref)) + " "
	}
	return t
}

// trialsChart draws every run's held-out MSE on one chart w×h, each curve
// coloured by the row of the tally its run is in now (without colour,
// drawn in the row's initial), the best rows drawn last so that they stay
// on top, over the reference optimum as a flat line.
func (a *App) trialsChart(g *group, w, h int) []string {
	tr := a.trials
	order := make([]int, len(g.runs))
	names := make([]string, len(g.runs))
	for i, r := range g.runs {
		order[i], names[i] = i, rowName(r.Verdict(), g.tally.ByBasin)
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(rowRank(names[j]), rowRank(names[i])) })
	series := make([]chartSeries, 0, len(order)+1)
	if ref := g.runs[0].Verdict().Reference; !math.IsNaN(ref) { // first: the runs that reach it hide it
		series = append(series, chartSeries{flat: true, ref: ref, color: tr.pal.optimum, chars: optimumChars})
	}
	for _, i := range order {
		rec := g.runs[i].Record()
		series = append(series, chartSeries{epoch: rec.Epoch, mse: rec.Test, hold: true, color: tr.pal.curve[names[i]], chars: tr.pal.chars[names[i]]})
		if run := g.runs[i].T; run.Status() == train.Diverged {
			divergedAt(series[len(series)-1:], run.SaneEpoch())
		}
	}
	return markChanges(a.styles, chartLines(a.styles, series, a.linear, a.plain(), w, h), series, g.changes, w)
}

// tallyLines draws a group's tally in w×h cells: per row the count, the
// share with its 95% Wilson interval as a bar, and the median epoch the
// runs were decided at, unless narrow. Empty rows go first when there is
// no room.
func (a *App) tallyLines(g *group, w, h int) []string {
	st, tr := a.styles, a.trials
	decW := 7 // the decided column
	if w < 40 {
		decW = 0
	}
	bar := max(w-24-decW, 4)
	rows := g.tally.Rows
	if len(rows)+2 > h {
		rows = slices.DeleteFunc(slices.Clone(rows), func(r train.TallyRow) bool { return r.Count == 0 })
	}
	head := fmt.Sprintf("%-9s %4s %5s  %-*s%*s", "", "runs", "share", bar+2, "95% interval", decW, "decided"[:decW])
	lines := []string{st.Dim.Render(head)}
	for _, r := range rows {
		decided := "      –"
		if !math.IsNaN(r.Decided) {
			decided = fmt.Sprintf("%7s", fmt.Sprintf("e%.0f", r.Decided))
		}
		if decW == 0 {
			decided = ""
		}
		style := tr.pal.text[r.Name]
		text := st.Text
		if r.Count == 0 {
			style, text = st.Dim, st.Dim
		}
		lines = append(lines, style.Render(fmt.Sprintf("%-9s", r.Name))+text.Render(fmt.Sprintf(" %4d %4.0f%%  ", r.Count, 100*r.Share))+
			st.Dim.Render("▕")+style.Render(shareBar(r.Share, r.CI, bar))+st.Dim.Render("▏")+text.Render(decided))
	}
	if len(lines) < h {
		lines = append(lines, st.Dim.Render("█ share  ▓░ its 95% interval (Wilson)"))
	}
	return lines
}

// shareBar draws a share and its interval in w cells: solid up to the
// interval's low end, dark shade up to the share, light shade up to the
// interval's high end.
func shareBar(share float64, ci [2]float64, w int) string {
	var b strings.Builder
	for i := range w {
		x := (float64(i) + 0.5) / float64(w)
		switch {
		case x < ci[0]:
			b.WriteRune('█')
		case x < share:
			b.WriteRune('▓')
		case x < ci[1]:
			b.WriteRune('░')
		default:
			b.WriteRune(' ')
		}
	}
	return b.String()
}

// galleryLayout is where the gallery's thumbnails are: perRow a row,
// rows of them from run first, each cellW×cellH cells (label, heatmap and
// gap) in inner.
type galleryLayout struct {
	inner              rect
	perRow, rows       int
	cellW, cellH       int
	heatCols, heatRows int
	first              int
}

// at returns the run whose thumbnail covers cell (x, y).
func (l galleryLayout) at(x, y int) (int, bool) {
	if !l.inner.contains(x, y) || l.perRow == 0 {
		return 0, false
	}
	col, row := (x-l.inner.x)/l.cellW, (y-l.inner.y)/l.cellH
	if col >= l.perRow || row >= l.rows {
		return 0, false
	}
	return l.first + row*l.perRow + col, true
}

// newGalleryLayout places n thumbnails in the box r, scrolled from row top
// (clamped) so that run sel shows, and returns it with the top row.
func newGalleryLayout(r rect, n, sel, top int) (galleryLayout, int) {
	l := galleryLayout{inner: rect{r.x + 1, r.y + 1, r.w - 2, r.h - 2}}
	l.heatRows = 6
	if l.inner.h < 2*7 {
		l.heatRows = 4
	}
	l.heatRows = max(1, min(l.heatRows, l.inner.h-1))
	l.heatCols = 2 * l.heatRows
	l.cellW, l.cellH = max(l.heatCols, 11)+1, l.heatRows+1
	l.perRow = max(1, (l.inner.w+1)/l.cellW)
	l.rows = max(1, l.inner.h/l.cellH)
	row := sel / l.perRow
	top = min(max(top, row-l.rows+1), row)
	top = max(0, min(top, (n+l.perRow-1)/l.perRow-l.rows))
	l.first = top * l.perRow
	return l, top
}

// galleryLines draws the gallery in the box r: a thumbnail per run, its
// seed and verdict in a word over a tiny heatmap with its boundary lines;
// the selected run stands out.
func (a *App) galleryLines(r rect) []string {
	st, tr := a.styles, a.trials
	if r.h < 4 {
		return box(st, "", nil, r.w, max(r.h, 0), 0)[:max(r.h, 0)]
	}
	n := tr.count()
	l, top := newGalleryLayout(r, n, tr.sel, tr.top)
	tr.gallery, tr.top = l, top
	last := min(n, l.first+l.rows*l.perRow)
	var sc heatScale // one scale for every heatmap shown: a colour means the same error in each
	relu := tr.groups[0].config.Task == train.TaskReLU
	for i := l.first; i < last; i++ {
		g, k := tr.run(i)
		ln := g.lanes[k]
		if relu {
			ln.thumb(g.runs[k].Verdict(), l.cellW-1, 1) // the data plot's
			continue
		}
		ln.thumb(g.runs[k].Verdict(), l.heatCols, 2*l.heatRows)
		if own := scaleOf(ln.surface, a.mode.surface()); i == l.first {
			sc = own
		} else {
			sc = sc.union(own)
		}
	}
	var lines []string
	for row := range l.rows {
		var blocks [][]string
		width := 0
		for k := range l.perRow {
			i := l.first + row*l.perRow + k
			if i >= n {
				break
			}
			blocks = append(blocks, a.thumbnail(i, l, sc))
			width += l.cellW
		}
		if len(blocks) == 0 {
			break
		}
		for _, s := range sideBySide(blocks...) {
			lines = append(lines, s+strings.Repeat(" ", l.inner.w-width))
		}
	}
	if len(lines) < l.inner.h && len(tr.groups[0].lanes) > 0 && !relu {
		ln := tr.groups[0].lanes[0]
		scale := ln.heat.scaleLine(sc, min(l.inner.w, 60), planeNote(ln.snap.Config, ln.surface)+"shared ")
		lines = append(lines, fit(scale, l.inner.w))
	}
	for len(lines) < l.inner.h {
		lines = append(lines, strings.Repeat(" ", l.inner.w))
	}
	what := a.mode.surface().title()
	if relu {
		what = "data: f(x) and max(0, x), each unit's kink"
	}
	title := fmt.Sprintf(" runs %d–%d of %d · ←↑↓→ select · enter opens · %s ", l.first+1, last, n, what)
	return box(st, st.Text.Render(title), lines[:l.inner.h], r.w, r.h, l.inner.h)
}

// thumbnail draws run i in l's cell: a label line, then the heatmap on
// the scale sc, or for --task relu the data plot with its kinks.
func (a *App) thumbnail(i int, l galleryLayout, sc heatScale) []string {
	st, tr := a.styles, a.trials
	g, k := tr.run(i)
	ln, v := g.lanes[k], g.runs[k].Verdict()
	prefix := ""
	if len(tr.groups) > 1 {
		prefix = g.name
	}
	label := fmt.Sprintf("%s%d %s", prefix, tr.seeds[k], verdictWord(v))
	style := tr.pal.text[rowName(v, g.tally.ByBasin)]
	if i == tr.sel {
		label, style = "▶"+label, st.Hot
	}
	label = ansi.Truncate(label, l.cellW-1, "")
	label += strings.Repeat(" ", l.cellW-1-ansi.StringWidth(label))
	out := []string{style.Render(label) + " "}
	if v.Config.Task == train.TaskReLU {
		for _, p := range plotLines(ln.plot, ln.surface, v.Neurons, v.Config.Data, l.cellW-1, l.heatRows, nil) {
			out = append(out, p+" ")
		}
		return out
	}
	pad := strings.Repeat(" ", l.cellW-l.heatCols)
	for _, h := range ln.heat.lines(ln.surface, a.mode.surface(), sc, v.Neurons, -1, nil) {
		out = append(out, h+pad)
	}
	return out
}

// thumb makes the lane's snapshot the verdict v and its surface nx×ny
// points of it, computing only what changed.
func (l *lane) thumb(v train.Snapshot, nx, ny int) {
	if l.snap.Params == nil || l.snap.Epoch != v.Epoch || l.snap.Status != v.Status {
		l.snap = v
		if l.surface != nil && l.surface.NX == nx && l.surface.NY == ny {
			l.surface.Compute(v)
		}
	}
	l.fit(nx, ny)
}

// trialsClick selects the run under the mouse in the gallery; a click on
// the selected run opens it.
func (a *App) trialsClick(x, y int) {
	tr := a.trials
	i, ok := tr.gallery.at(x, y)
	switch {
	case !ok || i >= tr.count():
		return
	case i == tr.sel:
		a.openRun(i)
		return
	}
	tr.sel = i
	a.render()
}
