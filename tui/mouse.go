package tui

import "relulab/train"

// hoverCell is the heatmap cell under the mouse: column i, row r.
type hoverCell struct{ i, r int }

// mouseMove shows the values under the mouse when it is over the heatmap.
func (a *App) mouseMove(x, y int) {
	if a.comparing() || a.pick != nil || a.trials != nil && !a.full || a.showsPlaneOrRays() {
		return
	}
	l := a.layout
	inner := a.heatInside()
	switch {
	case !l.tooSmall && inner.contains(x, y):
		a.hover = &hoverCell{x - inner.x, y - inner.y}
	case a.hover == nil:
		return
	default:
		a.hover = nil
	}
	a.render()
}

// mouseClick selects the neuron whose table row or tile in the network
// panel was clicked, or clears the selection when it was already
// selected; a click on a neuron's boundary line on the heatmap selects it
// and grabs the line, for a drag to move it (see drag.go). The selected
// neuron's row and line stand out. In a comparison, a click focuses the
// column under it.
func (a *App) mouseClick(x, y int) {
	if a.pick != nil {
		return
	}
	if a.trials != nil && !a.full {
		a.trialsClick(x, y)
		return
	}
	if a.comparing() {
		for i, r := range a.columns.cols {
			if r.contains(x, y) {
				a.setFocus(i)
				a.render()
			}
		}
		return
	}
	l := a.layout
	if l.tooSmall {
		return
	}
	rows := rect{l.table.x + 1, l.table.y + 2, l.table.w - 2, l.tableRows}
	n := -1
	switch j, onTile := a.tileAt(x, y); {
	case onTile:
		n = j
	case rows.contains(x, y) && a.form == nil:
		n = a.tableFirst() + y - rows.y
	case a.heatInside().contains(x, y) && a.current.snap.Config.Task == train.TaskAbs && !a.showsPlaneOrRays():
		i, r := x-a.heatInside().x, y-a.heatInside().y
		if j, ok := a.current.heat.lineAt(i, r); ok && j < a.selectable() {
			a.selectNeuron(j)
			a.grab(j)
		}
		return
	}
	if n < 0 || n >= a.selectable() {
		return
	}
	if a.selected == n {
		n = -1
	}
	a.selectNeuron(n)
}

// heatInside is the heatmap's inside on the screen.
func (a *App) heatInside() rect {
	l := a.layout
	return rect{l.heat.x + 1, l.heat.y + 1, l.heatCols, l.heatRows}
}
