package tui

import (
	"math"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"relulab/train"
)

// computePlane runs the commands that compute the current run's landscape
// to the end, as the program would: press drops the commands Update
// returns, so the first is asked for again.
func computePlane(t testing.TB, a *App) {
	t.Helper()
	a.current.plane.busy = false
	cmd := a.planeCmd()
	for i := 0; cmd != nil; i++ {
		if i > 1000 {
			t.Fatal("the landscape never completes")
		}
		_, cmd = a.Update(cmd())
	}
}

// landscapeApp returns the lab of seed 6 after 40 epochs, as
// TestGoldenViews draws it, showing the loss landscape.
func landscapeApp(t testing.TB, w, h int) *App {
	t.Helper()
	c := train.DefaultConfig()
	c.Seed = 6
	a := newTestApp(t, c, w, h)
	for range 40 {
		press(a, "n")
	}
	for a.mode != modeLandscape {
		press(a, "m")
	}
	computePlane(t, a)
	return a
}

// TestGoldenLandscape draws the loss landscape and the radial profile of
// seed 6 after 40 epochs at 80×24 and 120×40 in every colour profile.
func TestGoldenLandscape(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		a := landscapeApp(t, size[0], size[1])
		for _, view := range []string{"landscape", "radial"} {
			if view == "radial" {
				press(a, "m")
			}
			goldenProfiles(t, a, view, size[0], size[1])
		}
	}
}

// TestLandscapeCentreIsHeldOutMSE checks that the landscape the lab shows
// is a plane through the run's weights: its centre is the held-out MSE
// the header reports, bit for bit, and the current point is drawn there.
func TestLandscapeCentreIsHeldOutMSE(t *testing.T) {
	a := landscapeApp(t, 120, 40)
	p := a.current.plane.shown
	if p == nil || !p.PCA || p.N != maxPlanePoints {
		t.Fatalf("plane %+v", p)
	}
	if got, want := p.Vals[p.N/2*p.N+p.N/2], a.Snapshot().TestMSE; got != want {
		t.Errorf("centre %v, held-out MSE %v", got, want)
	}
	s := screen(a)
	if !strings.Contains(s, "loss landscape · PCA plane of the path") || !strings.Contains(s, "31×31 points · 10⁴ held-out") {
		t.Errorf("the panel does not say what it shows:\n%s", s)
	}
	l := a.layout
	rows := l.heatRows - 1
	lines := strings.Split(s, "\n")
	mid := []rune(lines[l.heat.y+1+rows/2])[l.heat.x+1+min(l.heatCols, 2*rows)/2]
	if mid != '●' {
		t.Errorf("the centre cell holds %q, not the current point", mid)
	}
}

// TestLandscapeRecomputedOnlyWhenMoved steps a run whose weights move by
// less than a pixel of the plane, then one whose weights move by more: only
// the second asks for a new plane.
func TestLandscapeRecomputedOnlyWhenMoved(t *testing.T) {
	a := landscapeApp(t, 80, 24)
	shown := a.current.plane.shown
	dist := func() float64 {
		d := 0.0
		for i, w := range a.Snapshot().Params {
			d += (w - shown.Origin[i]) * (w - shown.Origin[i])
		}
		return math.Sqrt(d)
	}
	if cmd := a.planeCmd(); cmd != nil {
		t.Fatal("a new plane asked for without a step")
	}
	if err := a.current.run.SetLearningRate(1e-6); err != nil {
		t.Fatal(err)
	}
	press(a, "n")
	if d := dist(); d == 0 || d > shown.Step() {
		t.Fatalf("a step at lr 1e-6 moved %v, the pixel is %v", d, shown.Step())
	}
	if a.current.plane.busy || a.planeCmd() != nil {
		t.Error("a move within a pixel asked for a new plane")
	}
	if err := a.current.run.SetLearningRate(0.1); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		press(a, "n")
	}
	if d := dist(); d <= shown.Step() {
		t.Fatalf("20 steps at lr 0.1 moved %v, the pixel is %v", d, shown.Step())
	}
	if !a.current.plane.busy {
		t.Error("a move beyond a pixel did not start a new plane")
	}
	computePlane(t, a)
	if p := a.current.plane.shown; p == shown || p.Vals[p.N/2*p.N+p.N/2] != a.Snapshot().TestMSE {
		t.Error("the new plane is not through the new weights")
	}
}

// TestLandscapeWithinShare checks that under a server's share a chunk
// works for half the share, and that the frame after it trains for what
// is left: nothing when the chunk took the whole share.
func TestLandscapeWithinShare(t *testing.T) {
	clock := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	share := 20 * time.Millisecond
	a, err := New(train.DefaultConfig(), Options{Paused: true, Now: func() time.Time { return clock }, Share: func() time.Duration { return share }})
	if err != nil {
		t.Fatal(err)
	}
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	for a.mode != modeLandscape {
		press(a, "m")
	}
	a.current.plane.busy = false
	msg, ok := a.planeCmd()().(planeMsg)
	if !ok || msg.spent < share/2 || msg.spent > share/2+20*time.Millisecond || msg.p.Done() {
		t.Fatalf("a chunk of %v, done %v; want half the share of %v", msg.spent, msg.p.Done(), share)
	}
	a.Update(msg)
	if a.planeCmd() != nil {
		t.Error("a second chunk started within the same frame")
	}
	a.planeSpent = share
	a.paused = false
	if a.frame(); a.epoch() != 0 {
		t.Errorf("a frame after a chunk that took the share trained to epoch %d", a.epoch())
	}
	if a.frame(); a.epoch() == 0 {
		t.Error("the next frame trained nothing")
	}
}

// TestLandscapeChunkAlongsideTraining computes chunks on goroutines of
// their own, as the program does, while the lab trains and draws: under
// go test -race, the chunks share nothing with the lab.
func TestLandscapeChunkAlongsideTraining(t *testing.T) {
	a := landscapeApp(t, 80, 24)
	if err := a.current.run.SetLearningRate(0.1); err != nil {
		t.Fatal(err)
	}
	press(a, "n", "n", "n")
	a.current.plane.busy = false
	cmd := a.planeCmd()
	for i := 0; cmd != nil && i < 100; i++ {
		done := make(chan tea.Msg)
		go func() { done <- cmd() }()
		press(a, "n")
		a.Update(tea.MouseMotionMsg{X: 70, Y: 8})
		_, cmd = a.Update(<-done)
	}
	if p := a.current.plane.shown; p == nil || !p.Done() {
		t.Fatal("no plane")
	}
}

// TestHelpNamesTheModes checks that the help page says what m shows, the
// landscape and the rays among them, wrapped to the width.
func TestHelpNamesTheModes(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 80, 24)
	all := strings.Join(a.helpContent(80), "\n")
	for _, s := range []string{"m: the error", "loss landscape", "plane of the run's path", "six rays"} {
		if !strings.Contains(all, s) {
			t.Errorf("the help does not say %q:\n%s", s, all)
		}
	}
}

// TestLandscapeClicksSelectNothing clicks every cell of the landscape and
// of the radial profile: no boundary line is drawn there, so no neuron is
// selected, as one is from the error map under them.
func TestLandscapeClicksSelectNothing(t *testing.T) {
	a := landscapeApp(t, 80, 24)
	l := a.layout
	for _, mode := range []heatMode{modeLandscape, modeRadial} {
		a.mode = mode
		a.render()
		for y := l.heat.y + 1; y < l.heat.y+l.heat.h-1; y++ {
			for x := l.heat.x + 1; x < l.heat.x+l.heat.w-1; x++ {
				a.Update(tea.MouseClickMsg{X: x, Y: y})
				if a.selected >= 0 {
					t.Fatalf("%s: a click at (%d, %d) selected neuron %d", mode.title(), x, y, a.selected+1)
				}
			}
		}
	}
	a.mode = modeError
	a.render()
	for y := l.heat.y + 1; y < l.heat.y+l.heat.h-1 && a.selected < 0; y++ {
		for x := l.heat.x + 1; x < l.heat.x+l.heat.w-1 && a.selected < 0; x++ {
			a.Update(tea.MouseClickMsg{X: x, Y: y})
		}
	}
	if a.selected < 0 {
		t.Error("no click on the error map selected a neuron: the test clicks in the wrong place")
	}
}
