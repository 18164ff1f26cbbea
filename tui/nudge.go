package tui

import (
	"fmt"

	"relulab/train"
)

// defaultNudge is the nudge size the lab starts with: ε = 0.1, on
// train.Nudges.
const defaultNudge = 2

// nudgeWatch follows a run after a nudge until its basin is decided.
type nudgeWatch struct {
	eps   float64
	epoch int         // when the nudge came
	from  train.Basin // the basin it came in
}

// nudge nudges the lab view's run: every weight and bias gets Gaussian
// noise of size ε (train.Trainer.Nudge), and the run trains on; once its
// basin is decided, the events line says where it went (see decided).
func (a *App) nudge() {
	l := a.current
	eps := train.Nudges[a.nudgeAt]
	from := l.snap.Basin
	if err := l.run.Nudge(eps, train.NudgeRand(l.snap.Config.Seed, l.nudges)); err != nil {
		a.logLane(l, "refused: "+err.Error())
		a.render()
		return
	}
	l.nudges++
	l.moved()
	l.nudged = &nudgeWatch{eps, l.run.Epoch(), from}
	basin := "no named basin"
	if from != "" {
		basin = "the " + string(from)
	}
	a.logLane(l, fmt.Sprintf("nudge ε=%g: Gaussian noise of size ε on every weight and bias, from %s; fresh optimizer state (its moments were of other weights); the events line tells where it goes", eps, basin))
	a.refresh()
}

// decided reports whether the basin after a nudge at epoch from is
// decided: it has held, and the held-out MSE has not fallen by a fraction
// settleDrop, for max(settleMin, a quarter of the epochs since the nudge).
func (l *lane) decided(from int) bool {
	e := l.snap.Epoch
	p := max(settleMin, (e-from)/4)
	return e-from >= p && e-max(l.since, from) >= p && e-max(l.bestAt, from) >= p
}

// nudgeNews returns what became of the last nudge, once its basin is
// decided or the run diverged, and "" before.
func (l *lane) nudgeNews() string {
	w := l.nudged
	switch {
	case w == nil:
		return ""
	case l.snap.Status == train.Diverged:
		l.nudged = nil
		return fmt.Sprintf("nudge ε=%g at epoch %d: the run diverged", w.eps, w.epoch)
	case !l.decided(w.epoch):
		return ""
	}
	l.nudged = nil
	to := l.snap.Basin
	went := "fell into a " + string(to)
	switch {
	case to == w.from && to != "":
		went = "returned to the " + string(to)
	case to == "":
		went = "ended in no named basin: " + l.snap.Why
	}
	return fmt.Sprintf("nudge ε=%g at epoch %d: %s", w.eps, w.epoch, went)
}
