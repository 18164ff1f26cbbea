package tui

import (
	"image/color"
	"math"

	"charm.land/lipgloss/v2"
)

// Inks of a canvas, by number: the colours its plots draw with. inkNone
// is the terminal's own colour; the density shade takes the inks from
// inkShade on, the sequential palette's darkest colours, lightest last.
const (
	inkNone int8 = iota
	inkTarget
	inkOut
	inkBoth // the network's output on the target
	inkCurve
	inkPath
	inkNow
	inkAxis
	inkShade
)

// shadeLevels is the number of density shades, a third of the
// sequential palette: dark enough that lines stay readable over them.
const shadeLevels = levels / 3

// canvasCell is one rendered cell: a glyph in one ink over another.
type canvasCell struct {
	glyph  rune
	fg, bg int8
	bold   bool
}

// canvas renders cells in a few inks, each cell built once and cached: the
// relu view's data plot and loss curve. Without colour it draws the
// glyphs alone.
type canvas struct {
	inks  []color.Color
	plain bool
	cache map[canvasCell]string
}

func newCanvas(st Styles, plain bool) *canvas {
	inks := []color.Color{nil, st.Test.GetForeground(), st.Train.GetForeground(), st.Good.GetForeground(),
		st.Text.GetForeground(), st.Warn.GetForeground(), st.Bad.GetForeground(), st.Border.GetForeground()}
	inks = append(inks, st.Sequential[:shadeLevels]...)
	return &canvas{inks: inks, plain: plain, cache: map[canvasCell]string{}}
}

// cell renders k, from the cache when it can.
func (c *canvas) cell(k canvasCell) string {
	if s, ok := c.cache[k]; ok {
		return s
	}
	s := string(k.glyph)
	if !c.plain {
		st := lipgloss.NewStyle().Bold(k.bold)
		if k.fg != inkNone {
			st = st.Foreground(c.inks[k.fg])
		}
		if k.bg != inkNone {
			st = st.Background(c.inks[k.bg])
		}
		s = st.Render(s)
	}
	c.cache[k] = s
	return s
}

// pixelRows maps values to pixel rows of a plot 2·rows pixels high
// showing [lo, hi], row 0 at the top; clip is −1 below the plot and +1
// above it, where the value is drawn on the edge.
type pixelRows struct {
	lo, hi float64
	rows   int
}

func (p pixelRows) row(v float64) (row, clip int) {
	n := 2 * p.rows
	f := (p.hi - v) / (p.hi - p.lo) * float64(n)
	switch {
	case math.IsNaN(f):
		return -1, 0
	case f < 0:
		return 0, 1
	case f >= float64(n):
		return n - 1, -1
	}
	return int(f), 0
}

// trace sets the bit ink in pix (nx × 2·rows pixels) along the values ys,
// one per column, each column running vertically up to the pixel next to
// the previous column's, so that steep stretches stay connected; it
// returns the columns clipped above (+1) and below (−1) the plot.
func trace(pix []int8, ys []float64, p pixelRows, ink int8) []int {
	nx := len(ys)
	clips := make([]int, nx)
	prev := -1
	for i, y := range ys {
		r, clip := p.row(y)
		clips[i] = clip
		if r < 0 {
			prev = -1
			continue
		}
		lo, hi := r, r
		switch {
		case prev >= 0 && prev < r:
			lo = prev + 1
		case prev > r:
			hi = prev - 1
		}
		for q := lo; q <= hi; q++ {
			pix[q*nx+i] |= ink
		}
		prev = r
	}
	return clips
}
