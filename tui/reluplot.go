package tui

import (
	"fmt"
	"math"
	"strings"

	"relulab/train"
)

// The data plot of --task relu shows y from plotLow to plotHigh: the
// target max(0, x) up to x = 3, a little below 0 for leaky units and
// linear outputs. Values beyond are drawn on the edge with an arrow.
const plotLow, plotHigh = -0.75, 3.25

// plotRows returns the pixel rows of a data plot of rows rows: about
// plotLow to plotHigh, moved by less than half a pixel so that y = 0 lies
// in the middle of a pixel, where a unit's output of nearly 0 (a dead
// unit's, ±1e-8) is drawn on the target's 0, not a pixel off.
func plotRows(rows int) pixelRows {
	n := float64(2 * rows)
	z := plotHigh / (plotHigh - plotLow) * n // y = 0's pixel, from the top
	shift := (math.Floor(z) + 0.5 - z) / n * (plotHigh - plotLow)
	return pixelRows{plotLow + shift, plotHigh + shift, rows}
}

// shadeRamp shades the density without colour, lowest first.
const shadeRamp = " .:-=+*#"

// dataPlot draws the network's output f(x) and the target max(0, x) along
// the x axis of the data's extent, x from left to right, in w×h cells: the
// plot and its axis (see plotLines) over h−2 rows, then a legend.
func dataPlot(cv *canvas, g *train.Surface, ns []train.Neuron, d train.Data, w, h int, dots []bool) []string {
	out := plotLines(cv, g, ns, d, w, h-1, dots)
	if out == nil {
		return nil
	}
	legend := cv.cell(canvasCell{glyph: '━', fg: inkOut}) + " f(x) " + cv.cell(canvasCell{glyph: '━', fg: inkTarget}) +
		" max(0,x) " + cv.cell(canvasCell{glyph: '█', fg: inkShade + shadeLevels - 1}) + fmt.Sprintf(" %s  x ±%g", d, g.Extent)
	if cv.plain {
		legend = fmt.Sprintf("o f(x) . max(0,x) # both; axis: %s, x ±%g", d, g.Extent)
	}
	return append(out, legend)
}

// plotLines draws the data plot without its legend in w×h cells: h−1 rows
// of half-block pixels over the data's density as a background shade (the
// darkest third of the sequential palette, none where the density is under
// a fourteenth of its peak), then an axis row that marks each first-layer
// unit's kink x = −b/w with its number. Without colour the lines are 'o'
// (f), '.' (target) and '#' (both), and the axis row carries the density
// as a ramp of glyphs. A cell that dots (w×(h−1), or nil) marks holds a
// data point, drawn as a dot over the lines.
func plotLines(cv *canvas, g *train.Surface, ns []train.Neuron, d train.Data, w, h int, dots []bool) []string {
	rows := h - 1
	if rows < 1 || g.NX != w || g.NY != 1 {
		return nil
	}
	p := plotRows(rows)
	pix := make([]int8, w*2*rows)
	trace(pix, g.Target, p, inkTarget)
	clips := trace(pix, g.Out, p, inkOut)
	peak := d.Density(0)
	shade := make([]int8, w)
	for i, x := range g.X {
		shade[i] = int8(math.Round(d.Density(x) / peak * float64(shadeLevels)))
	}
	out := make([]string, 0, h)
	var b strings.Builder
	for r := range rows {
		b.Reset()
		for i := range w {
			top, bottom := pix[2*r*w+i], pix[(2*r+1)*w+i]
			bg := inkNone
			if shade[i] > 0 {
				bg = inkShade + shade[i] - 1
			}
			k := canvasCell{glyph: ' ', bg: bg}
			switch {
			case r == 0 && clips[i] > 0:
				k = canvasCell{glyph: '↑', fg: inkOut, bg: bg, bold: true}
			case r == rows-1 && clips[i] < 0:
				k = canvasCell{glyph: '↓', fg: inkOut, bg: bg, bold: true}
			case dots != nil && dots[r*w+i]:
				k = canvasCell{glyph: pointGlyph, fg: inkPath, bg: bg, bold: true}
			case cv.plain && top|bottom != 0:
				k.glyph = plainInk(top | bottom)
			case top != 0 && bottom != 0:
				k = canvasCell{glyph: '▀', fg: top, bg: bottom}
			case top != 0:
				k = canvasCell{glyph: '▀', fg: top, bg: bg}
			case bottom != 0:
				k = canvasCell{glyph: '▄', fg: bottom, bg: bg}
			}
			b.WriteString(cv.cell(k))
		}
		out = append(out, b.String())
	}
	return append(out, kinkAxis(cv, g, ns, shade))
}

// plotCell returns the cell (row r, column i) of a data plot of
// cols×rows cells (see plotLines) over [−e, e] that holds the point
// (x, max(0, x)) of the data: its column's, on the target as drawn there,
// at the column's centre; ok is false outside the plot.
func plotCell(x, e float64, cols, rows int) (r, i int, ok bool) {
	fi := math.Floor((x + e) / (2 * e) * float64(cols))
	if !(fi >= 0 && fi < float64(cols)) {
		return 0, 0, false
	}
	centre := -e + (fi+0.5)/float64(cols)*2*e
	pr, clip := plotRows(rows).row(max(0, centre))
	if clip != 0 || pr < 0 {
		return 0, 0, false
	}
	return pr / 2, int(fi), true
}

// plainInk is the glyph of a cell whose pixels hold the inks of bits.
func plainInk(bits int8) rune {
	switch bits {
	case inkTarget:
		return '.'
	case inkOut:
		return 'o'
	}
	return '#'
}

// kinkAxis draws the x axis under the data plot: each first-layer unit's
// number where its kink x = −b/w lies (a unit with w = 0 has none), and
// without colour the density as a ramp of glyphs.
func kinkAxis(cv *canvas, g *train.Surface, ns []train.Neuron, shade []int8) string {
	w := g.NX
	marks := map[int]int{}
	for j, n := range ns {
		if n.Layer != 0 || n.W[0] == 0 || j >= len(neuronGlyphs) {
			continue
		}
		x := -n.B / n.W[0]
		i := int(math.Floor((x + g.Extent) / (2 * g.Extent) * float64(w)))
		if i >= 0 && i < w {
			marks[i] = j
		}
	}
	var b strings.Builder
	for i := range w {
		k := canvasCell{glyph: '─', fg: inkAxis}
		if cv.plain {
			k.glyph = rune(shadeRamp[min(int(shade[i]), len(shadeRamp)-1)])
		}
		if j, ok := marks[i]; ok {
			k = canvasCell{glyph: rune(neuronGlyphs[j]), fg: inkNow, bold: true}
		}
		b.WriteString(cv.cell(k))
	}
	return b.String()
}
