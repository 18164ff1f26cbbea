package tui

import (
	"context"
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"relulab/train"
)

// optimumMsg brings the reference optimum that P asked for to the run of
// lane l, or why there is none.
type optimumMsg struct {
	l      *lane
	params []float64
	mse    float64
	err    error
}

// optimum puts the lab view's run on the reference optimum of its shape
// (train.ReferenceOptimum): found once per shape by a search of a fraction
// of a second off the UI goroutine, then at once.
func (a *App) optimum() tea.Cmd {
	l := a.current
	c := l.snap.Config
	if c.Task == train.TaskReLU { // exact, and at once
		params, err := train.ReLUOptimum(c)
		a.putOnOptimum(optimumMsg{l, params, 0, err})
		return nil
	}
	if l.seeking {
		a.logLane(l, "P: the reference optimum is still being searched; it comes once")
		a.render()
		return nil
	}
	l.seeking = true
	if !train.ReferenceOptimumKnown(c) {
		a.logLane(l, fmt.Sprintf("P: searching the reference optimum of %s %s neurons on %s data…", train.HiddenString(c.Hidden), c.Act, c.Data))
		a.render()
	}
	return func() tea.Msg {
		params, mse, err := train.ReferenceOptimum(context.Background(), c)
		return optimumMsg{l, params, mse, err}
	}
}

// putOnOptimum puts the run of m's lane on its optimum, if it is still the
// lab's and of the same shape.
func (a *App) putOnOptimum(m optimumMsg) {
	l := m.l
	l.seeking = false
	if !slices.Contains(a.lanes, l) {
		return // dropped, or the comparison ended
	}
	c := l.run.Config()
	what := fmt.Sprintf("P: on the reference optimum of %s %s neurons on %s data (population MSE %s): every weight set, fresh optimizer state (its moments were of other weights)",
		train.HiddenString(c.Hidden), c.Act, c.Data, sci(m.mse))
	if c.Task == train.TaskReLU {
		what = "P: on relu's exact optimum, w = 1, b = 0 (out = max(0, x), loss 0), fresh optimizer state (its moments were of other weights)"
	}
	switch {
	case m.err != nil:
		what = "P: " + m.err.Error()
	default:
		if err := l.run.SetParams(m.params); err != nil {
			what = "P refused: " + err.Error()
		} else {
			l.moved()
			l.nudged = nil
		}
	}
	a.logLane(l, what)
	a.refresh()
}
