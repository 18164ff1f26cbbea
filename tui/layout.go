package tui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The smallest terminal the lab draws in; below it the lab says so.
const minWidth, minHeight = 64, 20

// maxHeatCols bounds the heatmap, and so the work of a frame, on huge
// terminals; the chart takes the rest of the width.
const maxHeatCols = 160

// rect is a region of the screen in cells.
type rect struct{ x, y, w, h int }

func (r rect) contains(x, y int) bool { return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h }

// layout places the panels for a terminal of w×h cells.
type layout struct {
	w, h                int
	tooSmall            bool
	header, chart, heat rect
	table, events, help rect
	heatCols, heatRows  int // the heatmap's cells inside its box
	tableRows           int // neuron rows the table shows
	// panel is the network panel's box when N shows it (see withPanel),
	// thumbs the grid of its tiles; the chart then has the rest of its
	// column, or no height at all.
	panel  rect
	thumbs thumbGrid
}

// newLayout places the panels: the header on top, the loss chart and the
// heatmap side by side, the neuron table below them, then the events line
// and the help. The heatmap takes square pixels (two per cell, one above
// the other) and the chart the rest of the width.
func newLayout(w, h, neurons, helpLines int) layout {
	l := layout{w: w, h: h}
	if w < minWidth || h < minHeight {
		l.tooSmall = true
		return l
	}
	l.header = rect{0, 0, w, 2}
	l.help = rect{0, h - helpLines, w, helpLines}
	l.events = rect{0, l.help.y - 1, w, 1}
	body := l.events.y - 2
	// The table wants a row per neuron plus a border and a heading, but the
	// panels above keep at least 12 lines.
	l.tableRows = max(1, min(neurons, body-12-3))
	tableH := l.tableRows + 3
	top := body - tableH
	l.heatRows = top - 3 // border and the scale line
	l.heatCols = min(2*l.heatRows, w/2-2, maxHeatCols)
	l.heatRows = min(l.heatRows, (l.heatCols+1)/2)
	heatW := l.heatCols + 2
	l.chart = rect{0, 2, w - heatW, top}
	l.heat = rect{w - heatW, 2, heatW, top}
	l.table = rect{0, 2 + top, w, tableH}
	return l
}

// widen gives the right panel half the width, for the plots of --task relu
// and the bins of --task spectrum:N, which need not be square; the chart
// keeps the rest.
func (l *layout) widen() {
	if l.tooSmall {
		return
	}
	heatW := l.w / 2
	l.heatCols = heatW - 2
	l.chart = rect{0, 2, l.w - heatW, l.chart.h}
	l.heat = rect{l.w - heatW, 2, heatW, l.heat.h}
}

// box draws lines inside a rounded border of w×h cells with title in its
// top edge. Lines are cut or padded to the inner width, and missing lines
// are blank, so the box is always exactly w×h; the first exact lines are
// already as wide as the inside and are not measured again.
func box(st Styles, title string, lines []string, w, h, exact int) []string {
	inner := w - 2
	out := make([]string, 0, h)
	t := ansi.Truncate(title, max(inner-2, 0), "…")
	top := "╭─" + t + strings.Repeat("─", max(inner-1-ansi.StringWidth(t), 0)) + "╮"
	out = append(out, colorEdges(st, top, t))
	side := st.Border.Render("│")
	for i := range h - 2 {
		line := ""
		switch {
		case i < exact:
			line = lines[i]
		case i < len(lines):
			line = fit(lines[i], inner)
		default:
			line = strings.Repeat(" ", inner)
		}
		out = append(out, side+line+side)
	}
	out = append(out, st.Border.Render("╰"+strings.Repeat("─", inner)+"╯"))
	return out
}

// colorEdges styles a box's top edge: the border in the border colour, the
// title as it came.
func colorEdges(st Styles, top, title string) string {
	i := strings.Index(top, title)
	return st.Border.Render(top[:i]) + title + st.Border.Render(top[i+len(title):])
}

// fit cuts or pads a styled line to exactly w cells.
func fit(s string, w int) string {
	switch sw := ansi.StringWidth(s); {
	case sw < w:
		return s + strings.Repeat(" ", w-sw)
	case sw == w:
		return s
	}
	return ansi.Truncate(s, w, "")
}

// sideBySide joins blocks of lines left to right; every block must have
// the same number of lines.
func sideBySide(blocks ...[]string) []string {
	out := make([]string, len(blocks[0]))
	for i := range out {
		var b strings.Builder
		for _, bl := range blocks {
			b.WriteString(bl[i])
		}
		out[i] = b.String()
	}
	return out
}

// tooSmall is the whole screen when the terminal is below the minimum: the
// longest of the messages that fits w×h when wrapped at words, so that no
// sentence is cut.
func tooSmall(st Styles, w, h int) string {
	ww, hh := max(w, 1), max(h, 1)
	size := itoa(w) + "×" + itoa(h)
	msg := st.Warn.Render("64×20") // when nothing fits: the terminal cuts it
	for _, m := range [][2]string{
		{"relulab needs a terminal of at least 64×20;", "this one is " + size + ":\nmake it larger, or press q to quit"},
		{"needs 64×20, not " + size, "q quits"},
		{"64×20", "q quits"},
	} {
		wrapped := st.Warn.Render(ansi.Wrap(m[0], ww, "")) + "\n" + st.Dim.Render(ansi.Wrap(m[1], ww, ""))
		if lipgloss.Height(wrapped) <= hh && lipgloss.Width(wrapped) <= ww {
			msg = wrapped
			break
		}
	}
	return lipgloss.Place(ww, hh, lipgloss.Center, lipgloss.Center, msg)
}

func itoa(i int) string { return strconv.Itoa(i) }
