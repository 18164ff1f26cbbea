package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"relulab/train"
)

// BenchmarkEditKey measures one editing key at 160×50, from the key to the
// finished screen: the neuron set, the held-out MSE and the diagnostics
// measured anew, every panel drawn. A frame is 33 ms at 30 frames a
// second.
//
//	go test ./tui -run '^$' -bench 'Edit|Drag' -benchmem
func BenchmarkEditKey(b *testing.B) {
	a := newTestApp(b, train.DefaultConfig(), 160, 50)
	press(a, "n", "n", "n", "2")
	left, right := namedKeys["left"], namedKeys["right"]
	for b.Loop() {
		a.Update(left)
		a.Update(right)
	}
}

// BenchmarkDrag measures a drag of a line through two cells of the
// heatmap at 160×50, each motion the edit of BenchmarkEditKey.
func BenchmarkDrag(b *testing.B) {
	a := newTestApp(b, train.DefaultConfig(), 160, 50)
	press(a, "n", "n", "n")
	h, in := a.current.heat, a.heatInside()
	for k, o := range h.marks {
		if o.neuron == 0 {
			a.Update(tea.MouseClickMsg{X: in.x + k%h.nx, Y: in.y + k/h.nx, Button: tea.MouseLeft})
			break
		}
	}
	if a.drag == nil {
		b.Fatal("no line grabbed")
	}
	for b.Loop() {
		a.Update(tea.MouseMotionMsg{X: in.x + 3, Y: in.y + 3, Button: tea.MouseLeft})
		a.Update(tea.MouseMotionMsg{X: in.x + 4, Y: in.y + 3, Button: tea.MouseLeft})
	}
}
