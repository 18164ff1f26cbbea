package tui

// The sizes of a comparison's columns: at least minColumnWidth cells wide,
// and each holding a heatmap of at least minColumnHeat rows.
const (
	minColumnWidth = 24
	minColumnHeat  = 2
	// maxColumnNeurons bounds a column's neuron table.
	maxColumnNeurons = 6
	// minChartHeight is the least height the shared chart is drawn in.
	minChartHeight = 6
)

// compareLayout places a comparison: the header, the shared loss chart,
// then rows of columns, one per run, then the events line and the help.
// When the columns do not all fit, the view pages through rows of them.
type compareLayout struct {
	tooSmall bool
	chart    rect // drawn when at least minChartHeight tall, else blank
	// perRow columns of a row, rows of them on a page, pages in all.
	perRow, rows, pages int
	// heatRows and tableRows size every column; cols holds the column of
	// each run that the page shows, by run index.
	heatRows, tableRows int
	cols                map[int]rect
}

// newCompareLayout places n runs, the largest with neurons neurons, on a
// w×h terminal whose help takes helpLines, showing page (clamped to the
// pages there are).
func newCompareLayout(w, h, n, neurons, helpLines, page int) compareLayout {
	l := compareLayout{cols: map[int]rect{}}
	body := h - 3 - helpLines // header (2) and events (1)
	if w < minWidth || h < minHeight || body < 1 {
		l.tooSmall = true
		return l
	}
	maxPerRow := max(1, w/minColumnWidth)
	need := (n + maxPerRow - 1) / maxPerRow // rows for every column
	l.perRow = (n + need - 1) / need
	colW := w / l.perRow
	l.tableRows = min(neurons, maxColumnNeurons)
	fixed := 2 + 2 + 1 + 1 + l.tableRows // border, verdict, scale, heading, neurons
	want := fixed + (colW-2)/2           // square heatmap pixels across the column
	for _, chartH := range []int{max(8, body/3), 0} {
		rows := need
		for rows > 1 && (body-chartH)/rows-fixed < minColumnHeat {
			rows--
		}
		colH := min(want, (body-chartH)/rows)
		if colH-fixed < minColumnHeat {
			continue
		}
		l.rows, l.heatRows = rows, colH-fixed
		l.chart = rect{0, 2, w, body - rows*colH} // drawn if tall enough
		l.pages = (need + rows - 1) / rows
		page = min(max(page, 0), l.pages-1)
		top := 2 + body - rows*colH
		first := page * rows * l.perRow
		for i := first; i < min(n, first+rows*l.perRow); i++ {
			k := i - first
			x := k % l.perRow * colW
			cw := colW
			if k%l.perRow == l.perRow-1 {
				cw = w - x // the last of a row takes what is left
			}
			l.cols[i] = rect{x, top + k/l.perRow*colH, cw, colH}
		}
		return l
	}
	l.tooSmall = true
	return l
}

// pageOf returns the page that shows run i.
func (l compareLayout) pageOf(i int) int {
	if l.rows*l.perRow == 0 {
		return 0
	}
	return i / (l.rows * l.perRow)
}
