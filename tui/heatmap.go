package tui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"

	"relulab/train"
)

// heatMode is what the heatmap shows: the four maps below, the loss
// landscape and the radial profile (the lab's, for the abs task), then the
// activation of each first-layer neuron.
type heatMode int

const (
	modeError heatMode = iota // f(x,y) − |x+iy|
	modeOutput
	modeTarget
	modeAbsError
	modeLandscape // the held-out MSE on the PCA plane of the trajectory
	modeRadial    // f along six rays against |p|
	modeNeuron    // modeNeuron + j: neuron j's activation
)

// title names what mode m draws.
func (m heatMode) title() string {
	switch m {
	case modeError:
		return "error f(x,y) − |x+iy|"
	case modeOutput:
		return "output f(x,y)"
	case modeTarget:
		return "target |x+iy|"
	case modeAbsError:
		return "|error|"
	case modeLandscape:
		return "loss landscape"
	case modeRadial:
		return "f along six rays against |p|"
	}
	return fmt.Sprintf("neuron %d's activation", m-modeNeuron+1)
}

// next returns the mode after m for a network with n first-layer neurons;
// the landscape and the radial profile come only in the lab (lab true).
func (m heatMode) next(n int, lab bool) heatMode {
	switch {
	case m+1 >= modeNeuron+heatMode(n):
		return modeError
	case !lab && m+1 == modeLandscape:
		return modeNeuron
	}
	return m + 1
}

// surface returns the mode a heatmap of many runs draws for m: a
// comparison's columns and the trials' gallery draw the error where the
// lab draws the landscape or the radial profile.
func (m heatMode) surface() heatMode {
	if m == modeLandscape || m == modeRadial {
		return modeError
	}
	return m
}

// neuronGlyphs label boundary lines: neuron j is marked with neuronGlyphs[j].
const neuronGlyphs = "123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@#$%"

// cellKey identifies a rendered heatmap cell for the cache: either a half
// block with two palette colours, or a glyph over one.
type cellKey struct {
	glyph       rune
	fg          int16 // neuron colour, −1 for the half block's own, or pointInk
	top, bottom int16
	bold        bool
}

// heatmap renders surfaces as half-block cells, each cell two square
// pixels: the foreground colours the top one, the background the bottom
// one. Rendered cells are cached by their colours, so no style is built
// per cell once the cache is warm. Each pixel keeps its colour until its
// value leaves that colour's band by a margin (see hysteresis).
type heatmap struct {
	st    Styles
	plain bool // no colour: shade with glyphs instead
	cache map[cellKey]string
	// pix holds each pixel's palette index from the last drawing of the
	// same mode, scale and size; drawn names them.
	pix []int16
	// marks holds the boundary lines' cells of the last drawing, nx wide,
	// for a click to find a line.
	marks map[int]overlay
	nx    int
	drawn struct {
		mode  heatMode
		scale heatScale
		n     int
	}
}

func newHeatmap(st Styles, plain bool) *heatmap {
	return &heatmap{st: st, plain: plain, cache: map[cellKey]string{}}
}

// heatScale is the value range and palette of one drawing.
type heatScale struct {
	lo, hi    float64
	diverging bool
}

// level returns v's place on the palette, a fraction in [0, levels−1].
func (s heatScale) level(v float64) float64 {
	f := (v - s.lo) / (s.hi - s.lo)
	if math.IsNaN(f) {
		return levels / 2
	}
	return min(max(f, 0), 1) * (levels - 1)
}

// hysteresis is how far, in palette steps, a pixel's value must pass the
// edge of its colour's band before the pixel changes colour: values near
// an edge do not flicker, and a terminal is sent only real changes.
const hysteresis = 0.35

// values returns the pixel values of mode m.
func values(g *train.Surface, m heatMode) []float64 {
	v := make([]float64, len(g.Out))
	switch {
	case m == modeError:
		for k := range v {
			v[k] = g.Out[k] - g.Target[k]
		}
	case m == modeAbsError:
		for k := range v {
			v[k] = math.Abs(g.Out[k] - g.Target[k])
		}
	case m == modeOutput:
		copy(v, g.Out)
	case m == modeTarget:
		copy(v, g.Target)
	case int(m-modeNeuron) < len(g.Units):
		copy(v, g.Units[m-modeNeuron])
	}
	return v
}

// scaleOf returns the scale on which mode m draws g: errors and
// activations that go below zero on a diverging scale symmetric about 0,
// the rest from 0 up; the ends are rounded by niceCeil.
func scaleOf(g *train.Surface, m heatMode) heatScale {
	switch {
	case m == modeError || m == modeAbsError:
		peak := 0.0
		for k := range g.Out {
			peak = max(peak, math.Abs(g.Out[k]-g.Target[k]))
		}
		if m == modeAbsError {
			return heatScale{0, niceCeil(peak), false}
		}
		return heatScale{-niceCeil(peak), niceCeil(peak), true}
	case m == modeOutput || m == modeTarget:
		top := 0.0
		for _, t := range g.Target {
			top = max(top, t)
		}
		return heatScale{0, niceCeil(top), false}
	case int(m-modeNeuron) >= len(g.Units):
		return heatScale{0, 1, false}
	}
	lo, hi := 0.0, 0.0
	for _, x := range g.Units[m-modeNeuron] {
		lo, hi = min(lo, x), max(hi, x)
	}
	if lo < 0 {
		s := niceCeil(max(-lo, hi))
		return heatScale{-s, s, true}
	}
	return heatScale{0, niceCeil(hi), false}
}

// union returns the scale that covers both s and t: diverging if either
// is.
func (s heatScale) union(t heatScale) heatScale {
	if s.diverging || t.diverging {
		m := max(-s.lo, s.hi, -t.lo, t.hi)
		return heatScale{-m, m, true}
	}
	return heatScale{0, max(s.hi, t.hi), false}
}

// niceCeil rounds x up to 1, 1.5, 2, 3, 4, 5, 6 or 8 times a power of
// ten, so that the scale steps instead of flickering from frame to frame,
// yet the colours span at least two thirds of it: the heatmap's contrast.
func niceCeil(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, f := range []float64{1, 1.5, 2, 3, 4, 5, 6, 8, 10} {
		if x <= f*p*(1+1e-12) {
			return f * p
		}
	}
	return 10 * p
}

// overlay is a mark in one cell: a boundary line's, in its neuron's ink,
// or bold.
type overlay struct {
	glyph  rune
	neuron int
	bold   bool
}

// lines draws surface g in mode m on scale sc with the boundary lines of
// the first layer's neurons, the selected neuron's standing out, and a
// pointGlyph in each cell r*g.NX+i where dots is true (nil: none) that no
// line crosses.
func (h *heatmap) lines(g *train.Surface, m heatMode, sc heatScale, ns []train.Neuron, selected int, dots []bool) []string {
	h.quantize(values(g, m), m, sc)
	h.marks, h.nx = boundaryMarks(g, ns), g.NX
	return h.cells(g.NX, g.NY/2, sc, h.marks, selected, dots)
}

// cells draws the quantized pixels, nx wide and 2·rows high, as rows lines
// of half blocks, with the marks (by cell, r·nx + i) over them, those of
// neuron selected bold and its strokes solid █, and a pointGlyph in each unmarked cell
// where dots is true (nil: none).
func (h *heatmap) cells(nx, rows int, sc heatScale, marks map[int]overlay, selected int, dots []bool) []string {
	out := make([]string, rows)
	var b strings.Builder
	for r := range rows {
		b.Reset()
		b.Grow(40 * nx)
		for i := range nx {
			top, bottom := h.pix[2*r*nx+i], h.pix[(2*r+1)*nx+i]
			key := cellKey{glyph: '▀', fg: -1, top: top, bottom: bottom}
			if o, ok := marks[r*nx+i]; ok {
				lit := o.neuron == selected
				key = cellKey{glyph: o.glyph, fg: int16(o.neuron), top: (top + bottom) / 2, bold: o.bold || lit}
				if lit && strings.ContainsRune(lineStrokes, o.glyph) {
					key.glyph = '█'
				}
			} else if dots != nil && dots[r*nx+i] {
				key = cellKey{glyph: pointGlyph, fg: pointInk, top: (top + bottom) / 2}
			}
			b.WriteString(h.cell(key, sc.diverging))
		}
		out[r] = b.String()
	}
	return out
}

// quantize sets each pixel's palette index from its value v[k], keeping the
// last index while the value stays within hysteresis of its band; a new
// mode, scale or size starts afresh.
func (h *heatmap) quantize(v []float64, m heatMode, sc heatScale) {
	fresh := h.drawn.mode != m || h.drawn.scale != sc || h.drawn.n != len(v)
	if fresh {
		h.pix = make([]int16, len(v))
		h.drawn.mode, h.drawn.scale, h.drawn.n = m, sc, len(v)
	}
	for k, x := range v {
		f := sc.level(x)
		if fresh || math.Abs(f-float64(h.pix[k])) > 0.5+hysteresis {
			h.pix[k] = int16(math.Round(f))
		}
	}
}

// cell renders one cell, from the cache when it can.
func (h *heatmap) cell(k cellKey, diverging bool) string {
	if diverging {
		k.top, k.bottom = -1-k.top, -1-k.bottom // keep the palettes apart in the cache
	}
	if s, ok := h.cache[k]; ok {
		return s
	}
	pal, top, bottom := h.st.Sequential, k.top, k.bottom
	if diverging {
		pal, top, bottom = h.st.Diverging, -1-k.top, -1-k.bottom
	}
	var s string
	switch {
	case h.plain && k.fg == -1:
		s = string(shade(top, bottom, diverging))
	case h.plain:
		s = string(k.glyph)
	case k.fg == -1:
		s = lipgloss.NewStyle().Foreground(pal[top]).Background(pal[bottom]).Render("▀")
	default:
		ink := h.st.Neuron.OnDark
		if lightness(pal[top]) > 55 {
			ink = h.st.Neuron.OnLight
		}
		if k.fg == pointInk {
			ink = pointInks[b2i(lightness(pal[top]) > 55)]
		}
		st := lipgloss.NewStyle().Foreground(ink[int(max(k.fg, 0))%len(ink)]).Background(pal[top]).Bold(k.bold)
		s = st.Render(string(k.glyph))
	}
	h.cache[k] = s
	return s
}

// shade draws two pixels with one glyph when there is no colour: a ramp
// from '=' (far below zero) through ' ' to '#' (far above) for diverging
// scales, from ' ' to '@' otherwise.
func shade(top, bottom int16, diverging bool) rune {
	f := float64(top+bottom) / 2 / (levels - 1)
	ramp := []rune(" .:-=+*#%@")
	if diverging {
		ramp = []rune("=-,  .+#")
	}
	return ramp[int(math.Round(f*float64(len(ramp)-1)))]
}

// boundaryMarks finds the cells that each first-layer neuron's line
// w·p + b = 0 crosses (its sign differs between two of the cell's
// corners), marks them with a stroke along the line, and puts the neuron's
// number on the crossed cell a fifth of the way along its visible segment.
func boundaryMarks(g *train.Surface, ns []train.Neuron) map[int]overlay {
	marks := map[int]overlay{}
	rows, e := g.NY/2, g.Extent
	dx, dy := 2*e/float64(g.NX), 2*e/float64(rows)
	above := make([]int8, g.NX+1) // the signs of w·p + b along a row of corners
	below := make([]int8, g.NX+1)
	signs := func(dst []int8, n train.Neuron, y float64) {
		for i := range dst {
			z := n.W[0]*(-e+float64(i)*dx) + n.W[1]*y + n.B
			dst[i] = int8(b2i(z > 0) - b2i(z < 0))
		}
	}
	for j, n := range ns {
		if n.Layer != 0 || math.IsNaN(n.Angle) || j >= len(neuronGlyphs) {
			continue
		}
		stroke := strokeFor(n.Angle)
		var crossed []int
		signs(above, n, e)
		for r := range rows {
			signs(below, n, e-float64(r+1)*dy)
			for i := range g.NX {
				lo := min(above[i], above[i+1], below[i], below[i+1])
				hi := max(above[i], above[i+1], below[i], below[i+1])
				if lo < 0 && hi > 0 {
					crossed = append(crossed, r*g.NX+i)
					marks[r*g.NX+i] = overlay{glyph: stroke, neuron: j}
				}
			}
			above, below = below, above
		}
		if len(crossed) > 0 { // a fifth along: lines through the origin all meet in the middle
			marks[crossed[len(crossed)/5]] = overlay{glyph: rune(neuronGlyphs[j]), neuron: j}
		}
	}
	return marks
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// lineStrokes are the glyphs strokeFor draws lines with.
const lineStrokes = "─╱│╲"

// strokeFor returns the box-drawing stroke along a line whose normal points
// at angle degrees.
func strokeFor(angle float64) rune {
	dir := math.Mod(angle+90+360, 180) // the line runs perpendicular to its normal
	switch {
	case dir < 22.5 || dir >= 157.5:
		return '─'
	case dir < 67.5:
		return '╱'
	case dir < 112.5:
		return '│'
	}
	return '╲'
}

// scaleLine draws the palette of sc between its end values in w cells,
// the low end after note.
func (h *heatmap) scaleLine(sc heatScale, w int, note string) string {
	lo, hi := fmt.Sprintf("%+.2g", sc.lo), fmt.Sprintf("%+.2g", sc.hi)
	if !sc.diverging {
		lo, hi = fmt.Sprintf("%.2g", sc.lo), fmt.Sprintf("%.2g", sc.hi)
	}
	lo = note + lo
	bar := w - len(lo) - len(hi) - 2
	if bar < 3 {
		return h.st.Dim.Render(lo + " … " + hi)
	}
	var b strings.Builder
	b.WriteString(h.st.Dim.Render(lo) + " ")
	for i := range bar {
		k := int16(math.Round(float64(i) / float64(bar-1) * (levels - 1)))
		b.WriteString(h.cell(cellKey{glyph: '▀', fg: -1, top: k, bottom: k}, sc.diverging))
	}
	b.WriteString(" " + h.st.Dim.Render(hi))
	return b.String()
}
