package tui

// The network panel (N) shows each first-layer neuron as a tile: a
// thumbnail heatmap of its activation over the input square, s cells wide
// and s/2 rows high (two square pixels a cell), and two caption lines
// below it: the neuron's number and state, then its outgoing weight.

// thumbSizes are the thumbnail widths the panel tries, in cells, largest
// first: the thumbnails shrink until every neuron fits, and below the
// smallest the panel pages.
var thumbSizes = []int{32, 28, 24, 20, 16, 12, 10, 8, 6}

// captionRows are the lines under each thumbnail; minTileW is the width of
// a tile whose thumbnail is narrower, so that its caption fits.
const (
	captionRows = 2
	minTileW    = 6
)

// netTableRows bounds the neuron table's rows while the panel shows every
// neuron, so that the panel has room.
const netTableRows = 8

// minChartRows is the height the loss chart keeps beside the panel; with
// less room the panel takes the chart's place.
const minChartRows = 10

// thumbGrid places n tiles: thumbnails size cells wide, perRow tiles in a
// row (a blank cell between neighbours), rows rows of tiles a page, and
// pages pages. The zero value places none.
type thumbGrid struct {
	size, perRow, rows, pages int
}

// tileW and tileH are a tile's size in cells.
func (g thumbGrid) tileW() int { return max(g.size, minTileW) }
func (g thumbGrid) tileH() int { return g.size/2 + captionRows }

// perPage is the number of tiles a page holds.
func (g thumbGrid) perPage() int { return g.perRow * g.rows }

// height is the number of lines the tiles of a page take when n tiles are
// shown in all.
func (g thumbGrid) height(n int) int {
	shown := min(n, g.perPage())
	return (shown + g.perRow - 1) / g.perRow * g.tileH()
}

// fitThumbs returns the grid of the largest thumbnails that place all n
// tiles in w×h cells, or else the smallest thumbnails on as many pages as
// they need. ok is false if not even one smallest tile fits.
func fitThumbs(n, w, h int) (g thumbGrid, ok bool) {
	for i, s := range thumbSizes {
		g = thumbGrid{size: s}
		g.perRow = (w + 1) / (g.tileW() + 1)
		g.rows = h / g.tileH()
		if g.perRow == 0 || g.rows == 0 {
			continue
		}
		if g.perPage() >= n || i == len(thumbSizes)-1 {
			g.rows = min(g.rows, (n+g.perRow-1)/g.perRow)
			g.pages = max(1, (n+g.perPage()-1)/g.perPage())
			return g, true
		}
	}
	return thumbGrid{}, false
}

// withPanel places the network panel of n neurons in the chart's column:
// below the chart, taking the height its tiles need (paged if they need
// more) as long as the chart keeps minChartRows, or else, in a short
// terminal, in the chart's place. The panel's box has a border and a line
// for the colour scale.
func (l *layout) withPanel(n int) {
	if l.tooSmall || n == 0 {
		return
	}
	const frame = 3 // the border and the scale line
	inner := l.chart.w - 2
	if g, ok := fitThumbs(n, inner, l.chart.h-minChartRows-frame); ok {
		h := g.height(n) + frame
		l.panel = rect{l.chart.x, l.chart.y + l.chart.h - h, l.chart.w, h}
		l.chart.h -= h
		l.thumbs = g
		return
	}
	if g, ok := fitThumbs(n, inner, l.chart.h-frame); ok {
		l.panel, l.thumbs = l.chart, g
		l.chart.h = 0
	}
}
