package tui

import (
	"fmt"
	"math"

	"relulab/train"
)

// tableHeading labels the columns of the neuron table; oneHeading those
// of a network of one input (--task relu), whose units have a kink at
// x = −b/w instead of a boundary line; wideHeading those of a network of
// more than two inputs (--task spectrum:N), whose units show the norms of
// their incoming and outgoing weights, their dominant bin and its share
// of the weight norm, and the angle and offset of the line in that bin's
// plane (see train.SpectralUnit).
const (
	tableHeading = "   #      w_x      w_y        b        v   angle  offset  active  state"
	oneHeading   = "   #        w        b        v     kink  active  state"
	wideHeading  = "   #      |w| bin share        b      |v|   angle  offset  active  state"
)

// neuronLines draws up to rows neurons, one per line: incoming weights,
// bias, outgoing weight, the normal angle and offset of the boundary line,
// the share of held-out inputs on which the neuron is active, and its
// state in colour; with one input, the kink x = −b/w instead of the line.
// Neurons in flash (just died) are drawn reversed, the selected one is
// marked. The rows start at neuron first (see tableFirst).
func neuronLines(st Styles, ns []train.Neuron, rows, first, selected int, flash map[int]bool) []string {
	one := len(ns) > 0 && len(ns[0].W) == 1
	wide := len(ns) > 0 && len(ns[0].W) > 2
	lines := []string{st.Dim.Render(tableHeading)}
	switch {
	case one:
		lines[0] = st.Dim.Render(oneHeading)
	case wide:
		lines[0] = st.Dim.Render(wideHeading)
	}
	var spectral []train.SpectralUnit
	if wide {
		spectral, _ = train.SpectralUnits(len(ns[0].W), ns) // nil for an odd number of inputs
	}
	for i := first; i < len(ns); i++ {
		n := ns[i]
		if i-first == rows-1 && len(ns) > rows {
			where := "the heatmap's neuron modes show them all"
			if wide { // no neuron modes: the selection scrolls the table
				where = "tab scrolls the table to them"
			}
			more := fmt.Sprintf("   … %d more neurons; %s", len(ns)-i, where)
			if first > 0 {
				more = fmt.Sprintf("   … %d neurons above, %d below; %s", first, len(ns)-i, where)
			}
			lines = append(lines, st.Dim.Render(more))
			break
		}
		mark := "  "
		if i == selected {
			mark = "▶ "
		}
		id := fmt.Sprint(n.Index + 1)
		if n.Layer > 0 {
			id = fmt.Sprintf("%d.%d", n.Layer+1, n.Index+1)
		}
		v := n.V[0]
		if len(n.V) > 1 { // several outgoing weights: their norm
			v = norm(n.V)
		}
		geom := "     –       –"
		if !math.IsNaN(n.Angle) {
			geom = fmt.Sprintf("%6.0f° %7.2f", n.Angle, n.Offset)
		}
		wx, wy := n.W[0], "       –"
		switch {
		case wide: // many incoming weights: their norm, and their bin
			wx, wy = norm(n.W), "        "
			if i < len(spectral) && spectral[i].Bin >= 0 {
				u := spectral[i]
				wy = fmt.Sprintf("%2d %4.0f%%", u.Bin, 100*u.Share)
				geom = fmt.Sprintf("%6.0f° %7.2f", u.Angle, u.Offset)
			}
		case len(n.W) > 1:
			wy = fmt.Sprintf("%8.3f", n.W[1])
		}
		state := n.State()
		label := state
		if state == "collapsed" {
			label = "collapsed with " + joinIDs(n.CollapsedWith)
		}
		if n.Slope != 0 {
			label += fmt.Sprintf("  α %.2f", n.Slope)
		}
		row := fmt.Sprintf("%s%-3s %8.3f %s %8.3f %8.3f %s %6.1f%%  ", mark, id, wx, wy, n.B, v, geom, 100*n.Active)
		if one {
			kink := "       –"
			if n.Layer == 0 && n.W[0] != 0 {
				kink = fmt.Sprintf("%8.3f", 0-n.B/n.W[0]) // 0 − (±0) is +0: no "-0.000"
			}
			row = fmt.Sprintf("%s%-3s %8.3f %8.3f %8.3f %s %6.1f%%  ", mark, id, n.W[0], n.B, v, kink, 100*n.Active)
		}
		switch {
		case flash[i]:
			lines = append(lines, st.Hot.Render(row+label))
		case i == selected:
			lines = append(lines, st.Title.Render(row)+st.State[state].Render(label))
		default:
			lines = append(lines, st.Text.Render(row)+st.State[state].Render(label))
		}
	}
	return lines
}

// tableFirst returns the first neuron the lab's table shows.
func (a *App) tableFirst() int {
	return tableFirst(len(a.current.snap.Neurons), a.layout.tableRows, a.selected)
}

// tableFirst returns the first of n neurons that a table of rows rows
// shows: 0, or when the selected neuron would be cut off, the one that
// puts it on the table's last neuron row (the row below says how many
// more there are).
func tableFirst(n, rows, selected int) int {
	if n <= rows || rows < 2 || selected < rows-1 {
		return 0
	}
	return min(selected, n-1) - (rows - 2)
}

func joinIDs(ids []int) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(id + 1)
	}
	return s
}

// norm returns the Euclidean norm of v.
func norm(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}
