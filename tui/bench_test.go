package tui

import (
	"testing"

	"relulab/train"
)

// BenchmarkView measures View at 160×50 mid-run. View returns the screen
// rendered when the data last changed, so this is the cost of every
// message, key presses included.
//
//	go test ./tui -run '^$' -bench . -benchmem
func BenchmarkView(b *testing.B) {
	a := newTestApp(b, train.DefaultConfig(), 160, 50)
	press(a, "n", "n", "n")
	for b.Loop() {
		_ = a.View()
	}
}

// BenchmarkRender measures drawing every panel at 160×50 from a snapshot:
// chart, heatmap with boundary lines, table, header and events.
func BenchmarkRender(b *testing.B) {
	a := newTestApp(b, train.DefaultConfig(), 160, 50)
	press(a, "n", "n", "n")
	for b.Loop() {
		a.render()
	}
}

// BenchmarkFrame measures one frame at the default speed at 160×50: two
// epochs, the held-out measurements, a snapshot, the surface and the
// render.
func BenchmarkFrame(b *testing.B) {
	a := newTestApp(b, train.DefaultConfig(), 160, 50)
	for b.Loop() {
		a.frame()
	}
}
