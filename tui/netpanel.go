package tui

import (
	"fmt"
	"math"
	"strings"

	"relulab/train"
)

// The network panel (N) is the network at a glance, as TensorFlow
// Playground draws it: one tile per first-layer neuron, its activation
// over the input square as a thumbnail heatmap, its number and state
// (dead, weak, collapsed with whom) below, and its outgoing weight v as a
// bar: red for v > 0 and blue for v < 0, as the error map's colours, its
// length |v| against the largest |v|. A click on a tile selects its
// neuron, whose line the heatmap and whose row the table then pick out.

// netTile is a tile's place on screen and the neuron it shows.
type netTile struct {
	at     rect
	neuron int
}

// planar reports whether the current run's neurons see the plane of two
// inputs, which the panel's thumbnails show.
func (a *App) planar() bool {
	ns := a.current.snap.Neurons
	return len(ns) > 0 && len(ns[0].W) == 2
}

// firstLayer returns the neurons of the first hidden layer of s.
func firstLayer(s train.Snapshot) []train.Neuron {
	n := 0
	for n < len(s.Neurons) && s.Neurons[n].Layer == 0 {
		n++
	}
	return s.Neurons[:n]
}

// networkPanel draws the panel in the box l.panel and notes where its
// tiles are for clicks. The page turns to the selected neuron when the
// selection changes.
func (a *App) networkPanel(l layout) []string {
	st, cur, g := a.styles, a.current, l.thumbs
	ns := firstLayer(cur.snap)
	t := cur.thumbnails(g.size, st, a.plain())
	if a.selectedNeuron() != a.netSel {
		a.netSel = a.selectedNeuron()
		if a.netSel >= 0 {
			a.netPage = a.netSel / g.perPage()
		}
	}
	a.netPage = min(a.netPage, g.pages-1)
	first := a.netPage * g.perPage()
	last := min(len(ns), first+g.perPage(), len(t.rows))
	vmax := 0.0
	for _, n := range ns {
		vmax = max(vmax, math.Abs(outWeight(n)))
	}
	inner, tw := l.panel.w-2, g.tileW()
	var lines []string
	a.netTiles = a.netTiles[:0]
	for r := first; r < last; r += g.perRow {
		row := make([]strings.Builder, g.tileH())
		end := min(r+g.perRow, last)
		for j := r; j < end; j++ {
			a.netTiles = append(a.netTiles, netTile{rect{l.panel.x + 1 + (j-r)*(tw+1), l.panel.y + 1 + len(lines), tw, g.tileH()}, j})
			sep := " "
			if j == end-1 { // the rest of the line: the tiles are exactly tw wide
				sep = strings.Repeat(" ", inner-(end-r)*(tw+1)+1)
			}
			for k, s := range t.rows[j] {
				row[k].WriteString(s + sep)
			}
			row[g.size/2].WriteString(fit(tileName(st, ns[j], j == a.netSel, tw), tw) + sep)
			row[g.size/2+1].WriteString(fit(tileWeight(st, outWeight(ns[j]), len(ns[j].V) > 1, vmax, tw), tw) + sep)
		}
		for k := range row {
			lines = append(lines, row[k].String())
		}
	}
	exact := len(lines)
	lines = append(lines, t.heats[0].scaleLine(t.scale, inner, "activation "))
	return box(st, a.netTitle(len(ns), first, last, g, l.chart.h == 0), lines, l.panel.w, l.panel.h, exact)
}

// netTitle is the panel's title: which neurons it shows, on which page,
// and first, when the panel took the chart's place, the held-out MSE.
func (a *App) netTitle(n, first, last int, g thumbGrid, alone bool) string {
	t := "each neuron's activation, v to the output"
	if g.pages > 1 {
		t = fmt.Sprintf("neurons %d–%d of %d · page %d/%d · ] [ turn", first+1, last, n, a.netPage+1, g.pages)
	}
	if alone {
		t = "held-out " + sci(a.current.snap.TestMSE) + " · " + t
	}
	return " network · " + t + " "
}

// outWeight returns n's outgoing weight, or with several outputs their
// norm.
func outWeight(n train.Neuron) float64 {
	if len(n.V) == 1 {
		return n.V[0]
	}
	s := 0.0
	for _, v := range n.V {
		s += v * v
	}
	return math.Sqrt(s)
}

// tileName is a tile's first caption line: ▶ if selected, the neuron's
// number, and its state unless alive, in the longest words that fit w.
func tileName(st Styles, n train.Neuron, selected bool, w int) string {
	mark, id := " ", itoa(n.Index+1)
	if selected {
		mark = "▶"
	}
	state := n.State()
	name := st.Text.Render(mark + id)
	if selected {
		name = st.Hot.Render(mark + id)
	}
	if state == "alive" {
		return name
	}
	room := w - 1 - len([]rune(mark+id))
	words := []string{state, state[:1]}
	if state == "collapsed" {
		with := joinIDs(n.CollapsedWith)
		words = []string{"collapsed with " + with, "≡ " + with, "≡" + with, "≡"}
	}
	for _, s := range words {
		if len([]rune(s)) <= room {
			return name + " " + st.State[state].Render(s)
		}
	}
	return name
}

// tileWeight is a tile's second caption line: the outgoing weight v as a
// bar of ━ whose length is |v|/vmax of the room, at least one cell unless
// v is 0, after v's value where w allows, else its sign; red for v > 0,
// blue for v < 0 (norm: the text colour, no sign).
func tileWeight(st Styles, v float64, norm bool, vmax float64, w int) string {
	text := fmt.Sprintf("%+.2f ", v)
	if norm {
		text = fmt.Sprintf("‖v‖%.2f ", v)
	}
	if w < len([]rune(text))+4 {
		text = map[bool]string{true: "+", false: "−"}[v >= 0]
		if norm {
			text = "‖"
		}
	}
	room := w - len([]rune(text))
	n := 0
	if vmax > 0 {
		n = int(math.Round(math.Abs(v) / vmax * float64(room)))
	}
	if v != 0 {
		n = max(n, 1)
	}
	ink := st.Text
	switch {
	case norm:
	case v > 0:
		ink = ink.Foreground(st.Diverging[levels-5])
	case v < 0:
		ink = ink.Foreground(st.Diverging[4])
	}
	return ink.Render(text + strings.Repeat("━", min(n, room)))
}

// networkText says what N turned on or off.
func (a *App) networkText() string {
	switch {
	case !a.network:
		return "network panel off"
	case !a.planar():
		return "network panel: this run's neurons do not see the plane of two inputs; the neuron table lists them"
	case a.comparing():
		return "network panel on: it shows in the lab view (enter opens a column)"
	case a.trials != nil && !a.full:
		return "network panel on: it shows in a run's lab view (enter opens the selected run)"
	}
	s := "network panel on: "
	if g := a.layout.thumbs; g.pages > 1 {
		s += fmt.Sprintf("%d neurons on %d pages (] and [ turn them); ", len(firstLayer(a.current.snap)), g.pages)
	}
	return s + "each neuron's activation over the square on one scale, its outgoing weight v (red +, blue −, length |v|); a click selects a neuron"
}

// netPaged reports whether the lab view shows the network panel on more
// than one page, which ] and [ then turn.
func (a *App) netPaged() bool {
	return !a.comparing() && a.pick == nil && !a.helpOpen && (a.trials == nil || a.full) && len(a.netTiles) > 0 && a.layout.thumbs.pages > 1
}

// tileAt returns the neuron whose tile holds cell (x, y), if the panel
// shows one there.
func (a *App) tileAt(x, y int) (int, bool) {
	for _, t := range a.netTiles {
		if t.at.contains(x, y) {
			return t.neuron, true
		}
	}
	return 0, false
}
