package tui

import (
	"fmt"
	"math"
)

// dragState is a boundary line held by the mouse: a click on it grabs it,
// a motion with the button held moves it through the pointer (w and v
// kept, b ← −w·p for the cell's centre p), and the release says on the
// events line where it went.
type dragState struct {
	l      *lane
	neuron int
	from   float64 // its offset when grabbed
	cell   int     // the last cell it was moved through, or −1
}

// grab holds neuron j's line, if the lab view can edit it.
func (a *App) grab(j int) {
	if a.editable() && a.form == nil && len(a.current.snap.Neurons[j].W) == 2 {
		a.drag = &dragState{a.current, j, a.current.snap.Neurons[j].Offset, -1}
	}
}

// dragTo moves the held line through the heatmap cell under (x, y) of the
// screen; outside the heatmap it stays where it is.
func (a *App) dragTo(x, y int) {
	d, in, g := a.drag, a.heatInside(), a.current.surface
	if d.l != a.current || g == nil || !in.contains(x, y) || math.IsNaN(d.from) {
		return
	}
	k := 2*(y-in.y)*g.NX + x - in.x // the cell's top pixel; its centre is between it and the one below
	if k == d.cell || k+g.NX >= len(g.Y) {
		return
	}
	d.cell = k
	n := a.current.snap.Neurons[d.neuron]
	if err := a.setNeuron(d.neuron, throughPoint(n, g.X[k], (g.Y[k]+g.Y[k+g.NX])/2)); err != nil {
		a.log(fmt.Sprintf("neuron %d: drag refused: %s", d.neuron+1, err))
		a.drag = nil
	}
	a.refresh()
}

// drop lets go of the held line and says where it went.
func (a *App) drop() {
	d := a.drag
	a.drag = nil
	if d.cell < 0 || d.l != a.current {
		return
	}
	n := a.current.snap.Neurons[d.neuron]
	a.log(fmt.Sprintf("neuron %d: line dragged through (%.2f, %.2f), %s: offset %.2f → %.2f (b %.3f); w, v kept",
		d.neuron+1, a.current.surface.X[d.cell], (a.current.surface.Y[d.cell]+a.current.surface.Y[d.cell+a.current.surface.NX])/2, stateKept, d.from, n.Offset, n.B))
	a.render()
}
