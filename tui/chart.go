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

// chartSeries is one line of the loss chart: an MSE per recorded epoch
// and its colour. A held series keeps its last finite value where one is
// missing, as the held-out MSE does between measurements; otherwise a
// missing value is a gap.
type chartSeries struct {
	epoch []int
	mse   []float64
	hold  bool
	color asciigraph.AnsiColor
}

// historySeries returns the train and held-out series of hist.
func historySeries(st Styles, hist train.History) []chartSeries {
	return []chartSeries{{hist.Epoch, hist.Train, false, st.Series[0]}, {hist.Epoch, hist.Test, true, st.Series[1]}}
}

// chartLines draws the series, and the reference optimum ref as a flat
// line, in w×h cells, on a log₁₀ scale unless linear.
//
// The chart keeps still while it grows: each column stands for a power of
// two of epochs, which doubles when the runs outgrow the width, and the y
// axis spans whole half-decades (log) or steps of 1, 2, 5 (linear), so a
// frame changes only the newest columns. asciigraph panics on an empty
// series and on ±Inf: non-finite values become gaps (NaN), and series
// without a finite value draw no plot.
func chartLines(st Styles, series []chartSeries, ref float64, linear bool, w, h int) []string {
	cols := w - chartGutter - 3
	last := 0
	for _, s := range series {
		if len(s.epoch) > 0 {
			last = max(last, s.epoch[len(s.epoch)-1])
		}
	}
	if last == 0 || cols < 8 || h < 6 {
		return []string{st.Dim.Render("  the chart starts after the first epoch"), chartScale(st, linear)}
	}
	per := 1 // epochs per column
	for (last+per-1)/per > cols {
		per *= 2
	}
	n := max((last+per-1)/per, 2) // asciigraph needs two points for a line
	lo, hi := math.Inf(1), math.Inf(-1)
	scale := func(v float64) float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 && !linear {
			return math.NaN()
		}
		if !linear {
			v = math.Log10(v)
		}
		lo, hi = min(lo, v), max(hi, v)
		return v
	}
	// Column c shows a series' last point recorded up to epoch (c+1)·per.
	var lines [][]float64
	var colors []asciigraph.AnsiColor
	for _, s := range series {
		ys := make([]float64, n)
		held, i := math.NaN(), 0
		for c := range ys {
			ys[c] = math.NaN()
			for ; i < len(s.epoch) && s.epoch[i] <= (c+1)*per; i++ {
				ys[c] = s.mse[i]
				if s.hold {
					if !math.IsNaN(s.mse[i]) {
						held = s.mse[i]
					}
					ys[c] = held
				}
			}
			ys[c] = scale(ys[c])
		}
		lines, colors = append(lines, ys), append(colors, s.color)
	}
	if math.IsInf(lo, 0) { // nothing finite to draw
		return []string{st.Bad.Render("  no finite loss to draw")}
	}
	if !math.IsNaN(ref) {
		r, opt := scale(ref), make([]float64, n)
		for c := range opt {
			opt[c] = r
		}
		lines, colors = append(lines, opt), append(colors, st.Series[2])
	}
	if linear {
		lo, hi = 0, niceCeil(hi)
	} else {
		lo, hi = math.Floor(2*lo)/2, math.Ceil(2*hi)/2
	}
	if hi-lo < 1e-9 {
		hi = lo + 1
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
		asciigraph.SeriesColors(colors...), asciigraph.LabelColor(st.Series[3]), asciigraph.AxisColor(st.Series[3]),
		asciigraph.YAxisValueFormatter(format),
		asciigraph.XAxisRange(float64(per), float64(n*per)), asciigraph.XAxisTickCount(min(5, max(2, n/16))),
		asciigraph.XAxisValueFormatter(func(v float64) string { return fmt.Sprintf("%.0f", v) }))
	out := strings.Split(plot, "\n")
	if len(out) > h-1 {
		out = out[len(out)-h+1:]
	}
	for len(out) < h-1 {
		out = append(out, "")
	}
	return append(out, chartScale(st, linear))
}

// chartTitle names the chart's series, in their colours and with their
// latest MSE.
func chartTitle(st Styles, s train.Snapshot) string {
	t := " " + st.Train.Render("━ train "+sci(s.TrainMSE)) + "  " + st.Test.Render("━ held-out "+sci(s.TestMSE))
	if !math.IsNaN(s.Reference) {
		t += "  " + st.Optimum.Render("━ optimum "+sci(s.Reference))
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
