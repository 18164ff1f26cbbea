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

// BenchmarkRenderPoints is BenchmarkRender with the training points and
// the axes' ticks drawn (p).
func BenchmarkRenderPoints(b *testing.B) {
	a := newTestApp(b, train.DefaultConfig(), 160, 50)
	press(a, "n", "n", "n", "p")
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

// BenchmarkCompareView measures View of a comparison of four runs at
// 200×60 mid-run: the screen rendered when the data last changed.
func BenchmarkCompareView(b *testing.B) {
	a := newTestCompare(b, actConfigs(4), 200, 60)
	press(a, "n", "n", "n")
	for b.Loop() {
		_ = a.View()
	}
}

// BenchmarkCompareRender measures drawing a comparison of four runs at
// 200×60: the shared chart, four heatmaps with boundary lines, tables,
// header and leaderboard.
func BenchmarkCompareRender(b *testing.B) {
	a := newTestCompare(b, actConfigs(4), 200, 60)
	press(a, "n", "n", "n")
	for b.Loop() {
		a.render()
	}
}

// BenchmarkCompareFrame measures one frame of six runs at the default
// speed at 200×60: two epochs each, snapshots, surfaces and the render.
func BenchmarkCompareFrame(b *testing.B) {
	a := newTestCompare(b, actConfigs(6), 200, 60)
	for b.Loop() {
		a.frame()
	}
}
