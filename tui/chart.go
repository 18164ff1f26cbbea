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

// chartLines draws the train and held-out MSE of hist, and the reference
// optimum ref as a flat line, in w×h cells, on a log₁₀ scale unless linear.
//
// The chart keeps still while it grows: each column stands for a power of
// two of epochs, which doubles when the run outgrows the width, and the y
// axis spans whole half-decades (log) or steps of 1, 2, 5 (linear), so a
// frame changes only the newest columns. asciigraph panics on an empty
// series and on ±Inf: non-finite values become gaps (NaN), and a history
// without a finite value draws no plot.
func chartLines(st Styles, hist train.History, ref float64, linear bool, w, h int) []string {
	cols := w - chartGutter - 3
	if len(hist.Epoch) == 0 || cols < 8 || h < 6 {
		return []string{st.Dim.Render("  the chart starts after the first epoch"), chartScale(st, linear)}
	}
	last := hist.Epoch[len(hist.Epoch)-1]
	per := 1 // epochs per column
	for (last+per-1)/per > cols {
		per *= 2
	}
	n := max((last+per-1)/per, 2) // asciigraph needs two points for a line
	tr, te, opt := make([]float64, n), make([]float64, n), make([]float64, n)
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
	// Column c shows the last point recorded up to epoch (c+1)·per; the
	// held-out MSE holds its last measurement where none was taken.
	held, i := math.NaN(), 0
	for c := range n {
		tr[c], te[c] = math.NaN(), math.NaN()
		for ; i < len(hist.Epoch) && hist.Epoch[i] <= (c+1)*per; i++ {
			if !math.IsNaN(hist.Test[i]) {
				held = hist.Test[i]
			}
			tr[c], te[c] = hist.Train[i], held
		}
		tr[c], te[c] = scale(tr[c]), scale(te[c])
	}
	if math.IsInf(lo, 0) { // nothing finite to draw
		return []string{st.Bad.Render("  no finite loss to draw")}
	}
	series := [][]float64{tr, te}
	colors := []asciigraph.AnsiColor{st.Series[0], st.Series[1]}
	if !math.IsNaN(ref) {
		r := scale(ref)
		for c := range opt {
			opt[c] = r
		}
		series = append(series, opt)
		colors = append(colors, st.Series[2])
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
	plot := asciigraph.PlotMany(series,
		asciigraph.Height(h-4),
		asciigraph.LowerBound(lo), asciigraph.UpperBound(hi),
		asciigraph.SeriesColors(colors...), asciigraph.LabelColor(st.Series[3]), asciigraph.AxisColor(st.Series[3]),
		asciigraph.YAxisValueFormatter(format),
		asciigraph.XAxisRange(float64(per), float64(n*per)), asciigraph.XAxisTickCount(min(5, max(2, n/16))),
		asciigraph.XAxisValueFormatter(func(v float64) string { return fmt.Sprintf("%.0f", v) }))
	lines := strings.Split(plot, "\n")
	if len(lines) > h-1 {
		lines = lines[len(lines)-h+1:]
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	return append(lines, chartScale(st, linear))
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
