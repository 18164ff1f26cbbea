package tui

import (
	"math"
	"strconv"
	"strings"
)

// tick is a value on a heatmap's axis and the cell (column, or row)
// that holds it.
type tick struct {
	v  float64
	at int
}

// axisTicks returns the ticks of an axis of n cells spanning [−e, e]: at
// multiples of the finest of e/4, e/2 and e that leaves at least minGap
// cells between ticks, the ends included. Value v is in cell
// min(⌊(v+e)/2e · n⌋, n−1).
func axisTicks(e float64, n, minGap int) []tick {
	q := 4
	for q > 1 && float64(n)/float64(2*q) < float64(minGap) {
		q /= 2
	}
	ts := make([]tick, 0, 2*q+1)
	for k := -q; k <= q; k++ {
		v := e * float64(k) / float64(q)
		ts = append(ts, tick{v, min(int(math.Floor((v+e)/(2*e)*float64(n))), n-1)})
	}
	return ts
}

// withTicks marks the axes of a boxed heatmap of cols×rows cells of the
// square [−e, e]²: the bottom border carries x's values under their
// columns, the left border a ├ at each of y's ticks (the same values, from
// +e at the top). box is the heatmap's box, its first rows the heatmap's.
func withTicks(st Styles, box []string, e float64, cols, rows int) []string {
	out := withXTicks(st, box, e, cols)
	side, tee := st.Border.Render("│"), st.Border.Render("├")
	for _, t := range axisTicks(e, rows, 3) {
		r := rows - 1 - t.at // y runs up
		out[1+r] = tee + strings.TrimPrefix(out[1+r], side)
	}
	return out
}

// withPlotTicks marks the axes of a boxed data plot (see plotLines) of
// cols cells over x ∈ [−e, e] and rows rows: the bottom border carries x's
// values under their columns, the left border a ├ at each whole y the
// plot shows, from plotHigh at the top.
func withPlotTicks(st Styles, box []string, e float64, cols, rows int) []string {
	out := withXTicks(st, box, e, cols)
	side, tee := st.Border.Render("│"), st.Border.Render("├")
	p := plotRows(rows)
	for y := math.Ceil(plotLow); y <= plotHigh; y++ {
		if r, clip := p.row(y); clip == 0 {
			out[1+r/2] = tee + strings.TrimPrefix(out[1+r/2], side)
		}
	}
	return out
}

// withXTicks returns box with x's values over [−e, e] on its bottom
// border, under their columns of the cols inside it.
func withXTicks(st Styles, box []string, e float64, cols int) []string {
	bottom := []rune(strings.Repeat("─", cols))
	free := 0 // the first cell a label may take
	for _, t := range axisTicks(e, cols, 10) {
		s := strconv.FormatFloat(t.v, 'g', 3, 64)
		start := min(max(t.at-len(s)/2, free, 0), cols-len(s))
		if start < free {
			continue
		}
		copy(bottom[start:], []rune(s))
		free = start + len(s) + 1
	}
	out := append([]string(nil), box...)
	out[len(out)-1] = st.Border.Render("╰" + string(bottom) + "╯")
	return out
}
