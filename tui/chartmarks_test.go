package tui

import (
	"strings"
	"testing"

	"relulab/train"
)

// axisLine returns the x axis of the lab's loss chart as plain text from
// its corner └ on, and whether the screen has one.
func axisLine(a *App) (string, bool) {
	for _, l := range strings.Split(screen(a), "\n") {
		if i := strings.Index(l, "└"); i >= 0 {
			return strings.TrimRight(strings.SplitN(l[i:], "│", 2)[0], " "), true
		}
	}
	return "", false
}

// TestChartMarksConfigurationChanges switches the optimizer at epoch 30 of
// 60 and checks that the chart's x axis carries one mark, in the middle
// column; that keys that change no setting (step, speed) mark nothing; and
// that a restart clears the marks.
func TestChartMarksConfigurationChanges(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	steps := func(n int) {
		for range n {
			press(a, "n")
		}
	}
	steps(30)
	press(a, "+", "-")
	if axis, ok := axisLine(a); !ok || strings.Contains(axis, changeMark) {
		t.Fatalf("before any change: axis %q (found %v)", axis, ok)
	}
	press(a, "o")
	steps(30)
	axis, ok := axisLine(a)
	if !ok || strings.Count(axis, changeMark) != 1 {
		t.Fatalf("after o at epoch 30: axis %q", axis)
	}
	// The axis is └ and one cell per column; epoch 30 of 60 ends the first half.
	r := []rune(axis)
	at, n := strings.Index(string(r[1:]), changeMark), len(r)-1
	at = len([]rune(string(r[1:])[:at]))
	if 2*(at+1) != n && 2*(at+1) != n+1 {
		t.Errorf("mark in column %d of %d: %q", at, n, axis)
	}
	press(a, "r")
	steps(5)
	if axis, _ := axisLine(a); strings.Contains(axis, changeMark) {
		t.Errorf("after a restart: axis %q", axis)
	}
}
