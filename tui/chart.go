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
// asciigraph panics on an empty series and on ±Inf, so non-finite values
// become gaps (NaN) and a history without a finite value draws no plot.
func chartLines(st Styles, hist train.History, ref float64, linear bool, w, h int) []string {
	if len(hist.Epoch) == 0 || w < chartGutter+8 || h < 6 {
		return []string{st.Dim.Render("  the chart starts after the first epoch"), chartScale(st, linear)}
	}
	tr := make([]float64, len(hist.Epoch))
	te := make([]float64, len(hist.Epoch))
	opt := make([]float64, len(hist.Epoch))
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
	held := math.NaN() // the held-out MSE is measured every epoch or, at full speed, every few
	for i := range hist.Epoch {
		if !math.IsNaN(hist.Test[i]) {
			held = hist.Test[i]
		}
		tr[i], te[i] = scale(hist.Train[i]), scale(held)
	}
	refOK := !math.IsNaN(ref)
	if math.IsInf(lo, 0) { // nothing finite to draw
		return []string{st.Bad.Render("  no finite loss to draw")}
	}
	if refOK {
		r := scale(ref)
		for i := range opt {
			opt[i] = r
		}
	}
	if hi-lo < 1e-9 {
		hi = lo + 1
	}
	series := [][]float64{tr, te}
	colors := []asciigraph.AnsiColor{st.Series[0], st.Series[1]}
	if refOK {
		series = append(series, opt)
		colors = append(colors, st.Series[2])
	}
	format := func(v float64) string {
		if !linear {
			v = math.Pow(10, v)
		}
		return fmt.Sprintf("%7.1e", v)
	}
	first, last := float64(hist.Epoch[0]), float64(hist.Epoch[len(hist.Epoch)-1])
	plot := asciigraph.PlotMany(series,
		asciigraph.Width(w-chartGutter-3), asciigraph.Height(h-4),
		asciigraph.LowerBound(lo), asciigraph.UpperBound(hi),
		asciigraph.SeriesColors(colors...), asciigraph.LabelColor(st.Series[3]), asciigraph.AxisColor(st.Series[3]),
		asciigraph.YAxisValueFormatter(format),
		asciigraph.XAxisRange(first, max(last, first+1)), asciigraph.XAxisTickCount(min(5, max(2, w/16))),
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
