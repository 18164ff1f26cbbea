package tui

import (
	"strconv"
	"strings"
	"testing"

	"relulab/train"
)

// topLabel returns the y axis's top label of the first loss chart on the
// screen: the value of the first line with an axis tick.
func topLabel(t *testing.T, a *App) float64 {
	t.Helper()
	for _, l := range strings.Split(screen(a), "\n") {
		i := strings.IndexAny(l, "┤┼")
		if i < 0 {
			continue
		}
		f := strings.Fields(strings.TrimLeft(l[:i], "│ "))
		if len(f) == 0 {
			continue
		}
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err != nil {
			t.Fatalf("label %q: %v", f[len(f)-1], err)
		}
		return v
	}
	t.Fatal("no chart on the screen")
	return 0
}

// divergeAt40 trains 40 epochs, then switches the targets to sgd at lr 5,
// at which seed 6 blows up within a few epochs, and trains 20 more.
func divergeAt40(a *App) {
	for range 40 {
		press(a, "n")
	}
	press(a, "O", "O") // adam → rmsprop → sgd
	for range 8 {      // 0.01 → 5
		press(a, "l")
	}
	for range 20 {
		press(a, "n")
	}
}

// TestChartAfterDivergence drives a run into divergence after 40 epochs of
// training: the loss passes through absurd finite values (1e+300 and more)
// before it is Inf, yet the chart keeps the scale of the run before it
// blew up, marks the epoch it blew up at with ✗ and says that what is
// above is drawn at the top.
func TestChartAfterDivergence(t *testing.T) {
	c := train.DefaultConfig()
	c.Seed = 6
	a := newTestApp(t, c, 120, 40)
	divergeAt40(a)
	if a.current.snap.Status != train.Diverged {
		t.Fatal("sgd at lr 5 did not diverge")
	}
	if top := topLabel(t, a); top > 1 {
		t.Errorf("the y axis reaches %g: the blown-up loss sets the scale", top)
	}
	axis, _ := axisLine(a)
	if strings.Count(axis, divergedMark) != 1 || strings.Count(axis, changeMark) != 1 || strings.Index(axis, changeMark) > strings.Index(axis, divergedMark) {
		t.Errorf("axis %q: want the change's mark, then the divergence's", axis)
	}
	if !strings.Contains(screen(a), divergedMark+" off the top") {
		t.Error("the chart does not say that the blown-up loss is drawn at the top")
	}
	golden(t, "chart_diverged_120x40", screen(a))
}

// TestCompareChartAfterDivergence: one column of a comparison diverges,
// the other trains on; the shared chart keeps the scale of both before
// the blow-up.
func TestCompareChartAfterDivergence(t *testing.T) {
	a := newTestCompare(t, actConfigs(2), 160, 50)
	press(a, "tab") // the first column only
	divergeAt40(a)
	if a.lanes[0].snap.Status != train.Diverged || a.lanes[1].snap.Status != train.Running {
		t.Fatalf("statuses %v, %v", a.lanes[0].snap.Status, a.lanes[1].snap.Status)
	}
	if top := topLabel(t, a); top > 1 {
		t.Errorf("the shared y axis reaches %g", top)
	}
	if axis, _ := axisLine(a); !strings.Contains(axis, divergedMark) {
		t.Errorf("axis %q lacks %s", axis, divergedMark)
	}
}
