package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"relulab/train"
	"relulab/train/optim"
)

// TestDivergencePausesWithAMessage runs SGD at lr 50 and checks that the
// lab pauses itself, says why, stays drawable, and that r recovers.
func TestDivergencePausesWithAMessage(t *testing.T) {
	c := train.DefaultConfig()
	c.Opt, _ = optim.Default("sgd")
	c.Opt.LR = 50
	a := newTestApp(t, c, 120, 40)
	press(a, "space") // run
	for range 10 {
		if _, cmd := a.Update(tickMsg{a.gen}); cmd == nil {
			break
		}
	}
	s := screen(a)
	if !a.paused || a.current.snap.Status != train.Diverged {
		t.Fatalf("paused %v, status %v", a.paused, a.current.snap.Status)
	}
	for _, want := range []string{"diverged at epoch", "(lr 50 too high)", "L lowers the lr", "✗ diverged", "r restarts at lr 20", "neurons"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q", want)
		}
	}
	press(a, "space")
	if a.paused == false {
		t.Error("space resumed a diverged run")
	}
	press(a, "L", "L", "L", "L", "L", "L", "L", "L", "L", "L", "r")
	if a.paused || a.current.snap.Status != train.Running || a.current.snap.Epoch != 0 {
		t.Errorf("after r: paused %v, status %v, epoch %d", a.paused, a.current.snap.Status, a.current.snap.Epoch)
	}
}

// TestAnySize draws at sizes from 1×1 to 500×200, says when the terminal
// is too small, and recovers when it grows.
func TestAnySize(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	for _, size := range [][2]int{{1, 1}, {0, 0}, {10, 5}, {63, 40}, {120, 19}, {64, 20}, {500, 200}, {120, 40}} {
		a.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		s := screen(a)
		small := size[0] < minWidth || size[1] < minHeight
		if small != strings.Contains(s, "64×20") && size[0] > 0 {
			t.Errorf("%v: too-small message shown = %v", size, !small)
		}
		if !small && !strings.Contains(s, "neurons") {
			t.Errorf("%v: no neuron table", size)
		}
		if n := len(strings.Split(s, "\n")); !small && n != size[1] {
			t.Errorf("%v: %d lines", size, n)
		}
	}
}

func TestManyNeuronsFit(t *testing.T) {
	c := train.DefaultConfig()
	c.Hidden = []int{40, 8}
	a := newTestApp(t, c, 120, 40)
	s := screen(a)
	if n := len(strings.Split(s, "\n")); n != 40 {
		t.Errorf("%d lines at 120×40", n)
	}
	if !strings.Contains(s, "more neurons") {
		t.Error("the table does not say that neurons are left out")
	}
}

func TestMouse(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	l := a.layout
	a.Update(tea.MouseMotionMsg{X: l.heat.x + 1 + l.heatCols/2, Y: l.heat.y + 1 + l.heatRows/2})
	if s := screen(a); !strings.Contains(s, "x +0.") || !strings.Contains(s, "err ") {
		t.Errorf("hovering the heatmap shows no values:\n%s", s)
	}
	a.Update(tea.MouseMotionMsg{X: 0, Y: 0})
	if strings.Contains(screen(a), "err ") {
		t.Error("the values stay after the mouse left")
	}
	a.Update(tea.MouseClickMsg{X: 5, Y: l.table.y + 3}) // the second neuron's row
	if a.selected != 1 || !strings.Contains(screen(a), "▶ 2") {
		t.Errorf("selected %d after clicking row 2", a.selected)
	}
	a.Update(tea.MouseClickMsg{X: 5, Y: l.table.y + 3})
	if a.selected != -1 {
		t.Error("a second click did not clear the selection")
	}
}

// TestPausedLabDoesNotTick checks that a paused lab asks for no frames and
// that stale ticks die.
func TestPausedLabDoesNotTick(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	if _, cmd := a.Update(tickMsg{a.gen}); cmd != nil {
		t.Error("a paused lab asked for another frame")
	}
	press(a, "space", "space", "space") // running again, two chains started and one dropped
	if _, cmd := a.Update(tickMsg{a.gen - 2}); cmd != nil {
		t.Error("a stale tick chain lived on")
	}
	e := a.current.snap.Epoch
	if _, cmd := a.Update(tickMsg{a.gen}); cmd == nil || a.current.snap.Epoch != e+speeds[defaultSpeed] {
		t.Errorf("a live tick trained %d epochs", a.current.snap.Epoch-e)
	}
}

func TestNoColor(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	a.Update(tea.ColorProfileMsg{})
	if strings.Contains(a.View().Content, "▀") {
		t.Error("half blocks drawn without colour")
	}
	if !strings.Contains(a.View().Content, "error f(x,y)") {
		t.Error("no heatmap without colour")
	}
}

// TestFrameTrainsInSlices gives a lab epochs of 100,000 samples and a
// clock that moves a millisecond at every look: a frame whose share is 3 ms
// trains a few slices of samples, not whole epochs, and the next frames go
// on where it stopped until the epochs are done, in lockstep.
func TestFrameTrainsInSlices(t *testing.T) {
	c := train.DefaultConfig()
	c.Samples = 100_000
	d := c
	d.Batch = 64
	clock := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	a, err := NewCompare([]train.Config{c, d}, Options{Paused: true, FPS: 15,
		Share: func() time.Duration { return 3 * time.Millisecond },
		Now:   func() time.Time { clock = clock.Add(time.Millisecond); return clock }})
	if err != nil {
		t.Fatal(err)
	}
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	press(a, "space")
	a.Update(tickMsg{a.gen})
	if a.epoch() != 0 {
		t.Fatalf("one frame of a 3 ms share trained %d epochs of 100,000 samples", a.epoch())
	}
	frames := 1
	for ; a.lanes[0].run.Epoch() < speeds[defaultSpeed] && frames < 1000; frames++ {
		a.Update(tickMsg{a.gen})
	}
	if e0, e1 := a.lanes[0].run.Epoch(), a.lanes[1].run.Epoch(); e0 != speeds[defaultSpeed] || e1 != e0 {
		t.Errorf("after %d frames the runs stand at epochs %d and %d, want both at %d", frames, e0, e1, speeds[defaultSpeed])
	}
}
