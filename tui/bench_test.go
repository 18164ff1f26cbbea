package tui

import (
	"fmt"
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

// BenchmarkRenderReLU measures drawing --task relu at 160×50 with a bias:
// the data plot; the landscape as it is drawn frame after frame (its grid
// and picture cached); and the landscape whose grid is computed anew, as
// when the trajectory widens the axes, in closed form (N(0, 1)) and as the
// held-out MSE (uniform data).
func BenchmarkRenderReLU(b *testing.B) {
	for _, tc := range []struct {
		name, cfg string
		keys      []string
		fresh     bool
	}{
		{"plot", "", nil, false},
		{"landscape", "", []string{"m"}, false},
		{"landscape-new-grid-exact", "", []string{"m"}, true},
		{"landscape-new-grid-held-out", "data=uniform", []string{"m"}, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			a := newTestApp(b, reluConfig(b, "bias=true init-w=-0.5 init-b=0.5 lr=0.1 "+tc.cfg), 160, 50)
			press(a, "n", "n", "n")
			press(a, tc.keys...)
			for b.Loop() {
				if tc.fresh {
					a.current.land.grid = landKey{}
				}
				a.render()
			}
		})
	}
}

// BenchmarkNetwork measures the lab at 200×60 with the network panel on
// (N), for 3 and for 64 neurons. render: a redraw without a new snapshot
// (a key, the mouse), which reuses the thumbnails; step: n, an epoch, the
// snapshot, the thumbnails drawn anew and the render.
func BenchmarkNetwork(b *testing.B) {
	for _, n := range []int{3, 64} {
		a := netApp(b, n, 200, 60)
		b.Run(fmt.Sprintf("render/h=%d", n), func(b *testing.B) {
			for b.Loop() {
				a.render()
			}
		})
		b.Run(fmt.Sprintf("step/h=%d", n), func(b *testing.B) {
			for b.Loop() {
				press(a, "n")
			}
		})
	}
}
