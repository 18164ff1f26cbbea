package tui

import (
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The lab's selected neuron is the first-layer neuron that the editing
// keys act on; its table row is marked ▶ and its boundary line stands out
// on the heatmap (its strokes drawn █ in its ink). App.selected holds it,
// counting from 0, or −1 when none is selected. It is chosen with 1–9,
// tab and shift+tab (in the lab view, where tab focuses no column), a
// click on its table row or on its line, or by selectNeuron from other
// panels.

// selectNeuron selects first-layer neuron i (counting from 0) of the run
// the lab view shows and redraws; −1, or a neuron the run does not have,
// clears the selection.
func (a *App) selectNeuron(i int) {
	if i < 0 || i >= a.selectable() {
		i = -1
	}
	a.selected = i
	a.render()
}

// selectedNeuron returns the selected neuron, counting from 0, or −1.
func (a *App) selectedNeuron() int { return a.selected }

// selectable returns how many neurons can be selected: the first hidden
// layer's of the run the lab view shows; none in a comparison's columns
// or the trials' gallery.
func (a *App) selectable() int {
	if a.comparing() || a.trials != nil && !a.full {
		return 0
	}
	return a.current.snap.Config.Hidden[0]
}

// keepSelection clears the selection when its neuron is gone (h dropped
// it, or the view changed).
func (a *App) keepSelection() {
	if a.selected >= a.selectable() {
		a.selected = -1
	}
}

// selectKey acts on the keys that select a neuron and reports whether msg
// was one: a digit selects that neuron or, if it is selected, clears the
// selection; tab and shift+tab step through the neurons and none.
func (a *App) selectKey(msg tea.KeyPressMsg) bool {
	k, n := a.keys, a.selectable()
	switch {
	case key.Matches(msg, k.Neuron):
		d, _ := strconv.Atoi(msg.String())
		switch {
		case d > n:
			a.log(fmt.Sprintf("no neuron %d: the first layer has %d (h adds one)", d, n))
			a.render()
		case d-1 == a.selected:
			a.selectNeuron(-1)
		default:
			a.selectNeuron(d - 1)
		}
	case key.Matches(msg, k.NextNeuron):
		a.selectNeuron((a.selected+2)%(n+1) - 1)
	case key.Matches(msg, k.PrevNeuron):
		a.selectNeuron((a.selected+n+1)%(n+1) - 1)
	default:
		return false
	}
	return true
}

// selectionTitle is the neuron table's title note: the selected neuron
// and what can be done with it, or how to select one.
func (a *App) selectionTitle() string {
	switch {
	case a.selectable() == 0:
		return ""
	case a.selected < 0:
		return " · 1–9 or tab selects a neuron"
	}
	if !a.editable() {
		return fmt.Sprintf(" · neuron %d selected", a.selected+1)
	}
	return fmt.Sprintf(" · neuron %d selected: ←→ turn, ↑↓ move, <> v, enter values, drag its line", a.selected+1)
}

// lineAt returns the neuron whose boundary line the heatmap draws in cell
// (i, r) of its inside or in a cell next to it, the nearest first; false
// if none.
func (h *heatmap) lineAt(i, r int) (int, bool) {
	best, found := 3, -1
	for dr := -1; dr <= 1; dr++ {
		for di := -1; di <= 1; di++ {
			ii, rr := i+di, r+dr
			if ii < 0 || ii >= h.nx || rr < 0 {
				continue
			}
			if o, ok := h.marks[rr*h.nx+ii]; ok && abs(di)+abs(dr) < best {
				best, found = abs(di)+abs(dr), o.neuron
			}
		}
	}
	return found, found >= 0
}

func abs(i int) int { return max(i, -i) }
