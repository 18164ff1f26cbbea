package tui

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/progress"
	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"

	"relulab/train"
)

// SweepTable draws the summaries of a sweep, best fitted rate first, in
// at most width cells (0: no limit). The configuration column shows only
// the settings that differ between the configurations, or all of them
// when there is one. What fits is drawn: the full table; the full table
// with the configuration column wrapped; a compact table (short headers,
// no padding, without decided, early and seconds) wrapped likewise; or, in
// a narrower width, a block of lines per configuration, which loses
// nothing.
func SweepTable(ss []train.Summary, dark bool, width int) string {
	st := NewStyles(dark)
	ss = slices.Clone(ss)
	slices.SortStableFunc(ss, func(a, b train.Summary) int { return cmp.Compare(b.FittedRate, a.FittedRate) })
	out, ok := fitTable(st, sweepColumns(ss, false), 1, width)
	if !ok {
		out, ok = fitTable(st, sweepColumns(ss, true), 0, width)
	}
	if !ok {
		out = sweepBlocks(st, ss, width)
	}
	out += sweepGeometries(st, ss, width)
	out += sweepSpectrum(st, ss, width)
	if len(ss) > 0 && ss[0].Partial {
		done := 0
		for _, s := range ss {
			done += s.Runs
		}
		out = st.Warn.Render(fmt.Sprintf("partial: stopped after %d runs; the rows count only the runs that finished", done)) + "\n" + out
	}
	return out
}

// sweepColumn is a column of the sweep table after the configuration.
type sweepColumn struct {
	head  string // its header
	short string // its header in the compact table; "" leaves it out
	cell  func(s train.Summary) string
	// part says the cell in words in a block (see sweepBlocks); nil is the
	// header then the cell.
	part func(s train.Summary, cell string) string
}

// sweepGroups returns the columns of the table of ss in the three groups
// of a block's lines: the runs, fitted rate and MSE; the counts by basin
// family where some configuration's task has basins, a cell of one whose
// task has none being "–", and by outcome other than fitted where some
// configuration's task has none (--task relu); then neurons, decision epoch, early stops
// and seconds.
func sweepGroups(ss []train.Summary) [3][]sweepColumn {
	var basins, outcomes bool
	for _, s := range ss {
		basins = basins || s.Config.Task.HasBasins()
		outcomes = outcomes || !s.Config.Task.HasBasins()
	}
	g := [3][]sweepColumn{{
		{head: "runs", short: "runs", cell: func(s train.Summary) string { return fmt.Sprint(s.Runs) },
			part: func(_ train.Summary, c string) string { return c + " runs" }},
		{head: "fitted [95% CI]", short: "fitted", cell: func(s train.Summary) string {
			return fmt.Sprintf("%.0f%% [%.0f–%.0f]", 100*s.FittedRate, 100*s.FittedCI[0], 100*s.FittedCI[1])
		}, part: func(_ train.Summary, c string) string { return "fitted " + c }},
		{head: "held-out MSE median (p10–p90)", short: "MSE median (p10–p90)", cell: func(s train.Summary) string {
			return fmt.Sprintf("%s (%s–%s)", sci(float64(s.MSE.Median)), sci(float64(s.MSE.P10)), sci(float64(s.MSE.P90)))
		}, part: func(s train.Summary, _ string) string {
			return fmt.Sprintf("held-out MSE median %s · p10–p90 %s–%s", sci(float64(s.MSE.Median)), sci(float64(s.MSE.P10)), sci(float64(s.MSE.P90)))
		}},
	}}
	short := []string{"pyr", "dia", "val", "cor", "ramp", "flat"}
	for i, b := range train.Basins {
		if basins {
			g[1] = append(g[1], sweepColumn{head: string(b), short: short[i], cell: func(s train.Summary) string {
				if !s.Config.Task.HasBasins() {
					return "–"
				}
				return fmt.Sprint(s.Basins[string(b)])
			}})
		}
	}
	shortOutcome := []string{"dead", "coll", "stuck", "div", "unj"}
	for i, o := range train.Outcomes[1:] { // fitted has its column
		if outcomes {
			name := o.String()
			g[1] = append(g[1], sweepColumn{head: name, short: shortOutcome[i],
				cell: func(s train.Summary) string { return fmt.Sprint(s.Outcomes[name]) }})
		}
	}
	// Beside the outcome dead, the mean of dead neurons needs its unit.
	dead, coll, shortDead, shortColl := "dead", "collapsed", "dead", "coll"
	if outcomes {
		dead, coll, shortDead, shortColl = "dead units", "collapsed pairs", "", ""
	}
	g[2] = []sweepColumn{
		{head: dead, short: shortDead, cell: func(s train.Summary) string { return fmt.Sprintf("%.2f", s.MeanDead) },
			part: func(_ train.Summary, c string) string { return dead + " " + c + " per run" }},
		{head: coll, short: shortColl, cell: func(s train.Summary) string { return fmt.Sprintf("%.2f", s.MeanCollapsed) },
			part: func(_ train.Summary, c string) string { return "collapsed pairs " + c }},
		{head: "decided", cell: func(s train.Summary) string {
			if math.IsNaN(float64(s.Decided)) { // no basin to decide
				return "–"
			}
			return fmt.Sprintf("%.0f", s.Decided)
		}, part: func(_ train.Summary, c string) string { return "decided at epoch " + c }},
		{head: "early", cell: func(s train.Summary) string { return fmt.Sprint(s.StoppedEarly) },
			part: func(_ train.Summary, c string) string { return "stopped early " + c }},
		{head: "seconds", cell: func(s train.Summary) string { return fmt.Sprintf("%.1f", s.Seconds) },
			part: func(_ train.Summary, c string) string { return c + " s" }},
	}
	return g
}

// sweepColumns returns the header and rows of the table of ss; compact
// ones have short headers and leave out what has none (decided, early and
// seconds, and the neurons beside outcomes).
func sweepColumns(ss []train.Summary, compact bool) [][]string {
	names := configNames(ss)
	head := []string{"configuration"}
	var cols []sweepColumn
	for _, g := range sweepGroups(ss) {
		for _, c := range g {
			switch {
			case !compact:
				head = append(head, c.head)
			case c.short == "":
				continue
			default:
				head = append(head, c.short)
			}
			cols = append(cols, c)
		}
	}
	rows := [][]string{head}
	for i, s := range ss {
		row := []string{names[i]}
		for _, c := range cols {
			row = append(row, c.cell(s))
		}
		rows = append(rows, row)
	}
	return rows
}

// sweepGeometries lists, under the table, each configuration's runs in
// basins whose names say more than their family, such as "pyramid of 3
// lines + 1 unused", most first, wrapped to width (0: no limit); or
// nothing if there are none.
func sweepGeometries(st Styles, ss []train.Summary, width int) string {
	if width <= 0 {
		width = math.MaxInt
	}
	names := configNames(ss)
	var b strings.Builder
	for i, s := range ss {
		gs := slices.DeleteFunc(s.GeometryNames(), func(g string) bool { return train.Basin(g).Family() == train.Basin(g) })
		if len(gs) == 0 {
			continue
		}
		parts := make([]string, len(gs))
		for k, g := range gs {
			parts[k] = fmt.Sprintf("%s: %d", g, s.Geometries[g])
		}
		b.WriteString("\n" + st.Title.Render(wrapWords("geometries of "+names[i], width)) + "\n" + wrapParts(parts, width))
	}
	return b.String()
}

// minConfigWidth is the narrowest the configuration column is wrapped to.
const minConfigWidth = 16

// fitTable draws the table of rows (the header first) with pad cells each
// side of a cell, and reports whether it fits in width cells (0: no limit),
// wrapping the configuration column at spaces if that makes it fit.
func fitTable(st Styles, rows [][]string, pad, width int) (string, bool) {
	out := drawTable(st, rows, pad)
	w := lipgloss.Width(out)
	if width <= 0 || w <= width {
		return out, true
	}
	config := 0
	for _, r := range rows {
		config = max(config, lipgloss.Width(r[0]))
	}
	avail := width - (w - config)
	if avail < minConfigWidth {
		return "", false
	}
	wrapped := make([][]string, len(rows))
	for i, r := range rows {
		wrapped[i] = append([]string{wrapWords(r[0], avail)}, r[1:]...)
	}
	out = drawTable(st, wrapped, pad)
	return out, lipgloss.Width(out) <= width
}

// drawTable draws rows, the header first, with pad cells each side of a
// cell: the configuration left-aligned, numbers right-aligned.
func drawTable(st Styles, rows [][]string, pad int) string {
	t := table.New().Headers(rows[0]...).Rows(rows[1:]...).Border(lipgloss.RoundedBorder()).BorderStyle(st.Border).
		StyleFunc(func(row, col int) lipgloss.Style {
			s := lipgloss.NewStyle().Padding(0, pad)
			switch {
			case row == table.HeaderRow:
				return s.Inherit(st.Title)
			case col > 0:
				return s.Align(lipgloss.Right)
			}
			return s
		})
	return t.String()
}

// wrapWords breaks s at spaces into lines of at most w cells; a word
// longer than w stands on a line of its own.
func wrapWords(s string, w int) string {
	var lines []string
	line := ""
	for _, f := range strings.Fields(s) {
		switch {
		case line == "":
			line = f
		case lipgloss.Width(line)+1+lipgloss.Width(f) <= w:
			line += " " + f
		default:
			lines = append(lines, line)
			line = f
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// sweepBlocks draws each summary as a block of lines, wrapped at " · " to
// width: its configuration, then a line per group of sweepGroups: its
// runs, fitted rate and MSE; its basins or outcomes; and its neurons,
// decision epoch, early stops and seconds.
func sweepBlocks(st Styles, ss []train.Summary, width int) string {
	names := configNames(ss)
	groups := sweepGroups(ss)
	var b strings.Builder
	for i, s := range ss {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(st.Title.Render(wrapWords(names[i], width)) + "\n")
		for _, g := range groups {
			var parts []string
			for _, c := range g {
				part := c.head + " " + c.cell(s)
				if c.part != nil {
					part = c.part(s, c.cell(s))
				}
				parts = append(parts, strings.Split(part, " · ")...)
			}
			b.WriteString(wrapParts(parts, width) + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// wrapParts joins parts with " · " into indented lines of at most width
// cells.
func wrapParts(parts []string, width int) string {
	const indent, sep = "  ", " · "
	var lines []string
	line := indent
	for _, p := range parts {
		switch {
		case line == indent:
			line += p
		case lipgloss.Width(line+sep+p) <= width:
			line += sep + p
		default:
			lines = append(lines, line)
			line = indent + p
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// configNames returns, for each summary, the settings in which its
// configuration differs from the others, without the seed.
func configNames(ss []train.Summary) []string {
	lines := make([]string, len(ss))
	for i, s := range ss {
		lines[i] = s.Line
	}
	return distinct(lines, "seed=")
}

// distinct returns, for each configuration string, the settings (fields
// key=value) in which it differs from the others, leaving out the fields
// that start with drop (if not empty); all of them when there is one, or
// when it differs in nothing.
func distinct(lines []string, drop string) []string {
	fields := make([][]string, len(lines))
	for i, line := range lines {
		for _, f := range strings.Fields(line) {
			if drop == "" || !strings.HasPrefix(f, drop) {
				fields[i] = append(fields[i], f)
			}
		}
	}
	names := make([]string, len(lines))
	for i, fs := range fields {
		var keep []string
		for _, f := range fs {
			if len(lines) == 1 || !everywhere(fields, f) {
				keep = append(keep, f)
			}
		}
		if len(keep) == 0 {
			keep = fs
		}
		names[i] = strings.Join(keep, " ")
	}
	return names
}

func everywhere(fields [][]string, f string) bool {
	for _, fs := range fields {
		if !slices.Contains(fs, f) {
			return false
		}
	}
	return true
}

// Progress draws a sweep's progress on one line: a bar, the runs done, the
// runs per second and the time left.
type Progress struct {
	bar   progress.Model
	start time.Time
	now   func() time.Time
}

// NewProgress returns a progress line of width cells that starts timing
// now; clock nil means time.Now.
func NewProgress(width int, clock func() time.Time) *Progress {
	if clock == nil {
		clock = time.Now
	}
	bar := progress.New(progress.WithDefaultBlend(), progress.WithWidth(max(width-40, 10)))
	return &Progress{bar: bar, start: clock(), now: clock}
}

// Line returns the progress line for done of total runs.
func (p *Progress) Line(done, total int) string {
	el := p.now().Sub(p.start).Seconds()
	rate, left := 0.0, "–"
	if el > 0 && done > 0 {
		rate = float64(done) / el
		left = (time.Duration(float64(total-done) / rate * float64(time.Second))).Round(time.Second).String()
	}
	return fmt.Sprintf("%s %d/%d runs · %.1f runs/s · %s left", p.bar.ViewAs(float64(done)/float64(max(total, 1))), done, total, rate, left)
}
