package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"relulab/model"
	"relulab/train"
)

// lossFloor is the lowest loss the landscape's log scale shows: the exact
// optimum is 0, which no log scale holds.
const lossFloor = 1e-4

// maxPath bounds the points of a trajectory; beyond it every other point
// is dropped.
const maxPath = 4096

// path records the single unit's (w, b) after each frame: the trajectory
// the landscape draws. The zero value is empty.
type path struct{ pts [][2]float64 }

// add appends p if it is finite and differs from the last point.
func (t *path) add(p [2]float64) {
	if math.IsNaN(p[0]+p[1]) || math.IsInf(p[0]+p[1], 0) || len(t.pts) > 0 && t.pts[len(t.pts)-1] == p {
		return
	}
	if len(t.pts) == maxPath {
		k := 0
		for i := 0; i < len(t.pts); i += 2 {
			t.pts[k] = t.pts[i]
			k++
		}
		t.pts = t.pts[:k]
	}
	t.pts = append(t.pts, p)
}

// span returns the range a landscape axis shows for coordinate k of the
// points: [−3, 3], widened to whole numbers half a unit beyond the
// points, so that it changes only when the trajectory leaves it.
func (t *path) span(k int) (lo, hi float64) {
	lo, hi = -3, 3
	for _, p := range t.pts {
		lo, hi = min(lo, -math.Ceil(-p[k]+0.5)), max(hi, math.Ceil(p[k]+0.5))
	}
	return lo, hi
}

// landKey is what a landscape's values depend on: the panel's size, the
// ranges, and the unit's activation, slope and data.
type landKey struct {
	w, rows            int
	wlo, whi, blo, bhi float64
	act                model.Activation
	slope              float64
	data               train.Data
	bias, exact        bool
}

// landView caches the landscape panel: the values over the grid, computed
// when the grid changes, and the lines of the plot, drawn again only when a
// marked cell (the trajectory's, the current point's) changes.
type landView struct {
	grid  landKey
	vals  []float64
	marks []int // the marked cells of the lines, the current point last
	lines []string
	heat  *heatmap
	cv    *canvas
}

// newLandView returns an empty landscape panel drawn with st.
func newLandView(st Styles, plain bool) *landView {
	return &landView{heat: newHeatmap(st, plain), cv: newCanvas(st, plain)}
}

// draw returns the lines of the landscape panel of snapshot s with
// trajectory p in w×h cells, and the panel's title; without a landscape
// (a network of more than one unit) the one line says why.
func (v *landView) draw(s train.Snapshot, p *path, w, h int) (lines []string, title string) {
	land, err := train.NewLandscape(s)
	if err != nil {
		return []string{err.Error()}, " loss landscape "
	}
	key := landKey{w: w, rows: h - 2, act: s.Config.Act, data: s.Config.Data, bias: land.HasBias(), exact: land.Exact}
	if key.bias {
		key.rows = h - 4 // the colour scale, the axes and the current point
	}
	key.wlo, key.whi = p.span(0)
	if key.bias {
		key.blo, key.bhi = p.span(1)
	}
	switch s.Config.Act {
	case model.LeakyReLU:
		key.slope = s.Config.Slope
	case model.PReLU: // learned: the grid follows it in steps of 0.01
		key.slope = math.Round(100*s.Neurons[0].Slope) / 100
	}
	title = " loss L(w) "
	if key.bias {
		title = " loss L(w, b) "
	}
	if land.Exact {
		title += "· exact: E over N(0,1) "
	} else {
		title += fmt.Sprintf("· MSE on the %d held-out samples ", train.HeldOutSize)
	}
	if key.rows < 2 || w < 8 {
		return nil, title
	}
	if key != v.grid {
		v.grid, v.lines = key, nil
		v.vals = landValues(land, key)
	}
	now := [2]float64{s.Neurons[0].W[0], s.Neurons[0].B}
	if key.bias {
		lines = append(slices.Clip(v.surface(now, p)), fmt.Sprintf("w %g … %g →  b %g … %g ↑  X optimum", key.wlo, key.whi, key.blo, key.bhi))
		return append(lines, fmt.Sprintf("● w %.3g b %.3g  L %s", now[0], now[1], sci(land.At(now[0], now[1])))), title
	}
	lo, hi := logRange(v.vals)
	lines = append(slices.Clip(v.curve(now, p)), fmt.Sprintf("w %g … %g →  L 1e%g … 1e%g, log", key.wlo, key.whi, lo, hi))
	return append(lines, fmt.Sprintf("● w %.3g  L %s", now[0], sci(land.At(now[0], 0)))), title
}

// landValues evaluates the landscape of key: at each column's w for a
// curve, at each pixel's (w, b) for a surface, w rising to the right and
// b upwards.
func landValues(l *train.Landscape, k landKey) []float64 {
	if !k.bias {
		vals := make([]float64, k.w)
		for i := range vals {
			vals[i] = l.At(k.wlo+(float64(i)+0.5)/float64(k.w)*(k.whi-k.wlo), 0)
		}
		return vals
	}
	ny := 2 * k.rows
	vals := make([]float64, k.w*ny)
	for j := range ny {
		b := k.bhi - (float64(j)+0.5)/float64(ny)*(k.bhi-k.blo)
		for i := range k.w {
			vals[j*k.w+i] = l.At(k.wlo+(float64(i)+0.5)/float64(k.w)*(k.whi-k.wlo), b)
		}
	}
	return vals
}

// column returns the column of a value x of [lo, hi] in n columns, clamped.
func column(x, lo, hi float64, n int) int {
	return min(max(int(math.Floor((x-lo)/(hi-lo)*float64(n))), 0), n-1)
}

// logRange returns whole powers of ten around the finite values of vals,
// no lower than lossFloor.
func logRange(vals []float64) (lo, hi float64) {
	lo, hi = math.Log10(lossFloor), math.Inf(-1)
	low := math.Inf(1)
	for _, x := range vals {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			hi, low = max(hi, math.Log10(max(x, lossFloor))), min(low, math.Log10(max(x, lossFloor)))
		}
	}
	if math.IsInf(hi, -1) {
		return lo, lo + 1
	}
	lo, hi = math.Floor(low), math.Ceil(hi)
	if hi <= lo {
		hi = lo + 1
	}
	return lo, hi
}

// cellsOf returns the cells of the trajectory p, each once in the order
// first visited, then the cell of the current point now: the marks of a
// drawing, which stay the same while no point enters a new cell.
func cellsOf(p *path, now [2]float64, cell func([2]float64) int) []int {
	seen := map[int]bool{}
	var cells []int
	for _, q := range p.pts {
		if c := cell(q); !seen[c] {
			seen[c] = true
			cells = append(cells, c)
		}
	}
	return append(cells, cell(now))
}

// curve draws the loss over w as a line on a log scale, the trajectory as
// dots on it and the current point as a disc.
func (v *landView) curve(now [2]float64, p *path) []string {
	k := v.grid
	lo, hi := logRange(v.vals)
	pr := pixelRows{lo, hi, k.rows}
	at := func(w float64) int { // on the curve as drawn, at w's column
		i := column(w, k.wlo, k.whi, k.w)
		r, _ := pr.row(math.Log10(max(v.vals[i], lossFloor)))
		return (r/2)*k.w + i
	}
	marks := cellsOf(p, now, func(q [2]float64) int { return at(q[0]) })
	if v.lines != nil && slices.Equal(marks, v.marks) {
		return v.lines
	}
	v.marks = marks
	ys := make([]float64, k.w)
	for i, x := range v.vals {
		ys[i] = math.Log10(max(x, lossFloor))
	}
	pix := make([]int8, k.w*2*k.rows)
	trace(pix, ys, pr, inkCurve)
	glyphs := map[int]canvasCell{}
	for _, m := range marks[:len(marks)-1] {
		glyphs[m] = canvasCell{glyph: '•', fg: inkPath, bold: true}
	}
	glyphs[marks[len(marks)-1]] = canvasCell{glyph: '●', fg: inkNow, bold: true}
	out := make([]string, 0, k.rows+2)
	var b strings.Builder
	for r := range k.rows {
		b.Reset()
		for i := range k.w {
			c, ok := glyphs[r*k.w+i]
			if !ok {
				top, bottom := pix[2*r*k.w+i], pix[(2*r+1)*k.w+i]
				switch {
				case top != 0 && v.cv.plain || bottom != 0 && v.cv.plain:
					c = canvasCell{glyph: '*'}
				case top != 0:
					c = canvasCell{glyph: '▀', fg: inkCurve}
					if bottom != 0 {
						c.glyph = '█'
					}
				case bottom != 0:
					c = canvasCell{glyph: '▄', fg: inkCurve}
				default:
					c = canvasCell{glyph: ' '}
				}
			}
			b.WriteString(v.cv.cell(c))
		}
		out = append(out, b.String())
	}
	v.lines = out
	return out
}

// surface draws the loss over (w, b) as a heatmap on a log colour scale
// (the sequential palette: darker is lower), the trajectory as dots, the
// optimum (1, 0) as an X and the current point as a disc, then the
// colour scale.
func (v *landView) surface(now [2]float64, p *path) []string {
	k := v.grid
	rows := k.rows
	cellOf := func(q [2]float64) int {
		r := column(-q[1], -k.bhi, -k.blo, rows) // b rises upwards
		return r*k.w + column(q[0], k.wlo, k.whi, k.w)
	}
	marks := cellsOf(p, now, cellOf)
	if v.lines != nil && slices.Equal(marks, v.marks) {
		return v.lines
	}
	v.marks = marks
	lo, hi := logRange(v.vals)
	logs := make([]float64, len(v.vals))
	for i, x := range v.vals {
		logs[i] = math.Log10(max(x, lossFloor))
	}
	sc := heatScale{lo, hi, false}
	v.heat.quantize(logs, -1, sc)
	over := map[int]overlay{}
	for _, m := range marks[:len(marks)-1] {
		over[m] = overlay{glyph: '•'}
	}
	if k.wlo < 1 && 1 < k.whi && k.blo < 0 && 0 < k.bhi {
		over[cellOf([2]float64{1, 0})] = overlay{glyph: 'X', neuron: 2}
	}
	over[marks[len(marks)-1]] = overlay{glyph: '●', neuron: 1, bold: true}
	out := v.heat.cells(k.w, rows, sc, over, -1, nil)
	v.lines = append(out, v.heat.scaleLine(sc, k.w, "log₁₀L "))
	return v.lines
}
