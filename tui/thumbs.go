package tui

import (
	"relulab/train"
)

// thumbs holds a lane's thumbnails for the network panel: the activation
// of each first-layer neuron on a grid of size×size pixels over the input
// square, quantized by a heatmap of its own (all sharing one cache of
// rendered cells) on one scale shared by every neuron, so that a neuron's
// colours say how strongly it fires compared with the others. The
// thumbnails are drawn again only when the lane has a new snapshot or the
// size changes; the zero value draws nothing.
type thumbs struct {
	surface *train.Surface
	heats   []*heatmap
	cache   map[cellKey]string
	// rows[j] holds neuron j's thumbnail, size/2 lines of size cells each,
	// drawn on scale from the snapshot of the lane's version drawn.
	rows  [][]string
	scale heatScale
	drawn int
}

// thumbnails returns l's thumbnails size cells wide, drawing them again if
// the snapshot or the size changed since the last call.
func (l *lane) thumbnails(size int, st Styles, plain bool) *thumbs {
	t := l.thumbs
	if t == nil || t.surface.NX != size {
		t = &thumbs{surface: train.NewSurface(size, size), cache: map[cellKey]string{}, drawn: -1}
		l.thumbs = t
	}
	if t.drawn == l.version {
		return t
	}
	g := t.surface
	g.Compute(l.snap)
	n := len(g.Units)
	sc := heatScale{0, 0, false}
	for j := range n {
		sc = sc.union(scaleOf(g, modeNeuron+heatMode(j)))
	}
	if sc.hi == 0 { // every neuron silent: a scale from 0 to 1, as scaleOf's
		sc.hi = 1
	}
	for len(t.heats) < n {
		t.heats = append(t.heats, &heatmap{st: st, plain: plain, cache: t.cache})
	}
	t.rows = t.rows[:0]
	for j := range n {
		h, m := t.heats[j], modeNeuron+heatMode(j)
		h.quantize(values(g, m), m, sc)
		t.rows = append(t.rows, h.cells(size, size/2, sc, nil, -1, nil))
	}
	t.scale, t.drawn = sc, l.version
	return t
}
