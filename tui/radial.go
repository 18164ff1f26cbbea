package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/guptarohit/asciigraph"

	"relulab/train"
)

// radialGutter is the width asciigraph gives the radial chart's y labels:
// five characters of "%5.2f", a space and the axis.
const radialGutter = 8

// radialPoints returns the points along each ray for a chart w cells
// wide: one a column.
func radialPoints(w int) int { return max(w-radialGutter-1, 2) }

// rayChars draw the rays without colour: each its number, 1 for 0°.
var rayChars = func() []asciigraph.CharSet {
	cs := make([]asciigraph.CharSet, train.RayCount)
	for k := range cs {
		cs[k] = asciigraph.CreateCharSet(fmt.Sprint(k + 1))
	}
	return cs
}()

// radialLines draws the radial profile r in w×h cells (modeRadial): f
// along each ray in the colours of a comparison's columns, and the target
// |p| as the reference line, against |p| from 0 to the data's extent; the
// last line names the rays. Without colour (plain) ray k is drawn in
// the digit k+1 and the target in dots.
func radialLines(st Styles, r *train.Rays, plain bool, w, h int) []string {
	if h < 6 || w < radialGutter+8 {
		return []string{st.Dim.Render("no room for the rays at this size")}
	}
	series := [][]float64{r.R}
	colors := []asciigraph.AnsiColor{st.Series[3]}
	chars := []asciigraph.CharSet{heldOutChars}
	lo, hi := 0.0, r.Extent
	for k, f := range r.F {
		ys := make([]float64, len(f))
		for i, v := range f {
			ys[i] = math.NaN() // asciigraph panics on ±Inf: a diverged run's rays are gaps
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				ys[i], lo, hi = v, min(lo, v), max(hi, v)
			}
		}
		series = append(series, ys)
		colors = append(colors, st.LaneSeries[k%len(st.LaneSeries)])
		chars = append(chars, asciigraph.DefaultCharSet)
		if plain {
			chars[len(chars)-1] = rayChars[k]
		}
	}
	if !plain {
		chars[0] = asciigraph.DefaultCharSet
	}
	plot := asciigraph.PlotMany(series,
		asciigraph.Height(h-4), asciigraph.LowerBound(lo), asciigraph.UpperBound(hi),
		asciigraph.SeriesColors(colors...), asciigraph.SeriesChars(chars...),
		asciigraph.LabelColor(st.Series[3]), asciigraph.AxisColor(st.Series[3]),
		asciigraph.YAxisValueFormatter(func(v float64) string { return fmt.Sprintf("%5.2f", v) }),
		asciigraph.XAxisRange(0, r.Extent), asciigraph.XAxisTickCount(3),
		asciigraph.XAxisValueFormatter(func(v float64) string { return fmt.Sprintf("%.2g", v) }))
	out := strings.Split(plot, "\n")
	if len(out) > h-1 {
		out = out[len(out)-h+1:]
	}
	for len(out) < h-1 {
		out = append(out, "")
	}
	return append(out, rayLegend(st, r, plain, w))
}

// radialTitle is the radial profile's title for a panel w cells wide.
func radialTitle(w int) string {
	if t := " " + modeRadial.title() + " "; len([]rune(t))+2 <= w {
		return t
	}
	return " f on six rays "
}

// rayLegend names the rays by angle in their colours, or without colour
// by their digits, and the target's line, in w cells: without the degree
// signs when they do not fit, and only the first and last ray when even
// that does not.
func rayLegend(st Styles, r *train.Rays, plain bool, w int) string {
	mark := "━"
	if plain {
		mark = heldOutChars.Horizontal
	}
	ray := func(k int, deg string) (string, int) {
		s := fmt.Sprintf("━%d%s", r.Angle(k), deg)
		if plain {
			s = fmt.Sprintf("%d:%d%s", k+1, r.Angle(k), deg)
		}
		if plain {
			return s, len([]rune(s))
		}
		return st.Lane[k%len(st.Lane)].Render(s), len([]rune(s))
	}
	target := st.Dim.Render(mark + "|p|")
	for _, deg := range []string{"°", ""} {
		var b strings.Builder
		n := len([]rune(mark)) + 2
		for k := range r.F {
			s, sw := ray(k, deg)
			b.WriteString(s + " ")
			n += sw + 1
		}
		if n <= w {
			return b.String() + target
		}
	}
	first, _ := ray(0, "°")
	last, _ := ray(len(r.F)-1, "°")
	return first + "…" + last + " " + target
}
