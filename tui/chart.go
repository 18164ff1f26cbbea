package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/guptarohit/asciigraph"

	"relulab/train"
)

// chartGutter is the width asciigraph gives the y labels: seven characters
// of "%.1e", a space and the axis.
const chartGutter = 10

// chartSeries is one line of the loss chart: an MSE per recorded epoch,
// or a flat line at ref, drawn in color, or without colour in chars. A
// held series keeps its last finite value where one is missing, as the
// held-out MSE does between measurements; otherwise a missing value is a
// gap.
type chartSeries struct {
	epoch []int
	mse   []float64
	hold  bool
	flat  bool
	ref   float64
	color asciigraph.AnsiColor
	chars asciigraph.CharSet
	// diverged marks the series of a run whose loss blew up after epoch
	// sane (see train.Snapshot.WeightsEpoch): only its points up to sane
	// set the y axis, the later ones are drawn at its edge, and the x axis
	// marks the epoch after sane.
	diverged bool
	sane     int
}

// divergedAt marks the series of a run that diverged, its loss blowing up
// after epoch sane (see chartSeries.diverged).
func divergedAt(series []chartSeries, sane int) {
	for i := range series {
		series[i].diverged, series[i].sane = !series[i].flat, sane
	}
}

// Without colour the chart tells its lines apart by glyph: train in box
// lines, held-out in dots, the optimum in equals signs.
var (
	heldOutChars = asciigraph.CreateCharSet("•")
	optimumChars = asciigraph.CreateCharSet("=")
)

// historySeries returns the train and held-out series of hist, and the
// optimum ref as a flat line unless it is NaN.
func historySeries(st Styles, hist train.History, ref float64) []chartSeries {
	s := []chartSeries{
		{epoch: hist.Epoch, mse: hist.Train, color: st.Series[0], chars: asciigraph.DefaultCharSet},
		{epoch: hist.Epoch, mse: hist.Test, hold: true, color: st.Series[1], chars: heldOutChars},
	}
	if !math.IsNaN(ref) {
		s = append(s, chartSeries{flat: true, ref: ref, color: st.Series[2], chars: optimumChars})
	}
	return s
}

// chartStep returns how many epochs each of cols columns stands for when
// the runs are at epoch last: the least of 1, 9/8, 10/8, …, 15/8 times a
// power of two (down to 1/64: early on an epoch spans several columns)
// that fits them all. The steps are fine enough that the chart fills at
// least 8/9 of its width, and coarse enough that it keeps still while it
// grows.
func chartStep(last, cols int) float64 {
	for p := 1.0 / 64; ; p *= 2 {
		for j := 8; j < 16; j++ {
			if per := p * float64(j) / 8; math.Ceil(float64(last)/per) <= float64(cols) {
				return per
			}
		}
	}
}

// chartLines draws the series in w×h cells, on a log₁₀ scale unless
// linear; without colour (plain) each series is drawn in its chars.
//
// The chart keeps still while it grows: each column stands for a step of
// epochs (chartStep) that grows when the runs outgrow the width, and the y
// axis spans whole half-decades (log) or steps of 1, 2, 5 (linear), so a
// frame changes only the newest columns. asciigraph panics on an empty
// series and on ±Inf: non-finite values become gaps (NaN), and series
// without a finite value draw no plot.
func chartLines(st Styles, series []chartSeries, linear, plain bool, w, h int) []string {
	cols := w - chartGutter - 3
	last := 0
	for _, s := range series {
		if len(s.epoch) > 0 {
			last = max(last, s.epoch[len(s.epoch)-1])
		}
	}
	switch {
	case cols < 8 || h < 6:
		return []string{st.Dim.Render("  no room for the chart at this size")}
	case last == 0:
		return []string{st.Dim.Render("  the chart starts after the first epoch"), chartScale(st, linear)}
	}
	per := chartStep(last, cols)
	n := max(int(math.Ceil(float64(last)/per)), 2) // asciigraph needs two points for a line
	scale := func(v float64) float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 && !linear {
			return math.NaN()
		}
		if !linear {
			v = math.Log10(v)
		}
		return v
	}
	// Column c shows a series' last point recorded up to epoch (c+1)·per;
	// when an epoch spans several columns (per < 1), each of them.
	var lines [][]float64
	var colors []asciigraph.AnsiColor
	var chars []asciigraph.CharSet
	for _, s := range series {
		ys := make([]float64, n)
		held, prev, i := math.NaN(), math.NaN(), 0
		for c := range ys {
			ys[c] = held // NaN unless the series holds: a column without points is a gap
			if per < 1 {
				ys[c] = prev
			}
			if s.flat {
				ys[c] = s.ref
			}
			for ; i < len(s.epoch) && float64(s.epoch[i]) <= float64(c+1)*per; i++ {
				ys[c] = s.mse[i]
				if s.hold {
					if !math.IsNaN(s.mse[i]) {
						held = s.mse[i]
					}
					ys[c] = held
				}
			}
			prev = ys[c]
			ys[c] = scale(ys[c])
		}
		lines, colors = append(lines, ys), append(colors, s.color)
		if chars = append(chars, asciigraph.DefaultCharSet); plain {
			chars[len(chars)-1] = s.chars
		}
	}
	lo, hi := yRange(series, lines, per, true)
	if math.IsInf(lo, 0) { // a run diverged before its first point: every point sets the range
		lo, hi = yRange(series, lines, per, false)
	}
	if math.IsInf(lo, 0) { // nothing finite to draw
		return []string{st.Bad.Render("  no finite loss to draw")}
	}
	if linear {
		lo, hi = 0, niceCeil(hi)
	} else {
		lo, hi = math.Floor(2*lo)/2, math.Ceil(2*hi)/2
	}
	if hi-lo < 1e-9 {
		hi = lo + 1
	}
	clipped := false // points of diverged runs drawn at the axis's edge
	for _, ys := range lines {
		for c, v := range ys {
			if v > hi || v < lo {
				ys[c], clipped = min(max(v, lo), hi), true
			}
		}
	}
	format := func(v float64) string {
		if !linear {
			v = math.Pow(10, v)
		}
		return fmt.Sprintf("%7.1e", v)
	}
	plot := asciigraph.PlotMany(lines,
		asciigraph.Height(h-4),
		asciigraph.LowerBound(lo), asciigraph.UpperBound(hi),
		asciigraph.SeriesColors(colors...), asciigraph.SeriesChars(chars...),
		asciigraph.LabelColor(st.Series[3]), asciigraph.AxisColor(st.Series[3]),
		asciigraph.YAxisValueFormatter(format),
		asciigraph.XAxisRange(per, float64(n)*per), asciigraph.XAxisTickCount(min(5, max(2, n/16))),
		asciigraph.XAxisValueFormatter(func(v float64) string { return fmt.Sprintf("%.0f", max(v, 1)) }))
	out := strings.Split(plot, "\n")
	if len(out) > h-1 {
		out = out[len(out)-h+1:]
	}
	for len(out) < h-1 {
		out = append(out, "")
	}
	legend := chartScale(st, linear)
	if clipped {
		legend += st.Bad.Render(" · " + divergedMark + " off the top")
	}
	return append(out, legend)
}

// yRange returns the least and greatest finite value of the columns ys of
// series, each per epochs wide; if beforeBlowUp, a diverged series counts
// only its columns up to its sane epoch. Both are ±Inf if there is none.
func yRange(series []chartSeries, ys [][]float64, per float64, beforeBlowUp bool) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for i, s := range series {
		cols := ys[i]
		if beforeBlowUp && s.diverged {
			// Column c shows the epochs up to (c+1)·per: sane is in column
			// ⌈sane/per⌉ − 1.
			cols = cols[:min(int(math.Ceil(float64(s.sane)/per)), len(cols))]
		}
		for _, v := range cols {
			if !math.IsNaN(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	return lo, hi
}

// legendMark is the mark that names a series in a chart's title: a bar in
// its colour, or without colour its glyph.
func legendMark(chars asciigraph.CharSet, plain bool) string {
	if plain {
		return chars.Horizontal
	}
	return "━"
}

// chartTitle names the chart's series, in their colours and with their
// latest MSE.
func chartTitle(st Styles, s train.Snapshot, plain bool) string {
	t := " " + st.Train.Render(legendMark(asciigraph.DefaultCharSet, plain)+" train "+sci(s.TrainMSE)) +
		"  " + st.Test.Render(legendMark(heldOutChars, plain)+" held-out "+sci(s.TestMSE))
	if !math.IsNaN(s.Reference) {
		bound := "" // a narrower net's optimum bounds this one's from above
		if s.ReferenceWidth < s.Config.Hidden[0] {
			bound = "≤"
		}
		t += "  " + st.Optimum.Render(legendMark(optimumChars, plain)+" optimum "+bound+sci(s.Reference))
	}
	return t + " "
}

// chartScale says how the chart's y axis is scaled, and how to change it.
func chartScale(st Styles, linear bool) string {
	if linear {
		return st.Dim.Render(" MSE on a linear scale · g: log")
	}
	return st.Dim.Render(" MSE on a log scale · g: linear")
}
