package tui

import (
	"fmt"

	"relulab/train"
	"relulab/train/optim"
)

// lrRecord follows a run's learning rate so that r can restart a diverged
// run at one that did not diverge. A stretch is the epochs trained at one
// optimizer and learning rate; the zero value has seen none.
type lrRecord struct {
	at       optim.Config // the optimizer of the current stretch
	from     int          // the epoch the stretch began at
	safe     optim.Config // of the last stretch that trained without diverging; LR 0 if none
	diverged float64      // the learning rate the run diverged at; 0 if it has not
}

// note records the lane's latest snapshot: a new stretch if the optimizer
// or learning rate changed, the last stretch as safe if it trained an
// epoch or more without diverging, and the rate of a divergence.
func (r *lrRecord) note(s train.Snapshot, stopped bool) {
	opt := s.Config.Opt
	if opt != r.at {
		if r.at.LR > 0 && !stopped && s.Epoch > r.from {
			r.safe = r.at
		}
		r.at, r.from = opt, s.Epoch
	}
	if s.Status == train.Diverged && r.diverged == 0 {
		r.diverged = opt.LR
	}
}

// restarted begins the record of a new run, keeping what was safe.
func (r *lrRecord) restarted() { r.at, r.from, r.diverged = optim.Config{}, 0, 0 }

// recovery returns the learning rate r restarts the run of c at, and says
// why if it is not c's own: for a run that diverged at c's rate or a lower
// one, the last rate of the same optimizer that trained without diverging,
// or if there is none, one step down the ladder from c's.
func (r *lrRecord) recovery(c train.Config) (lr float64, why string) {
	lr = c.Opt.LR
	switch {
	case r.diverged == 0 || lr < r.diverged: // not diverged, or its rate already lowered (L)
		return lr, ""
	case r.safe.Name == c.Opt.Name && r.safe.LR > 0 && r.safe.LR < r.diverged:
		return r.safe.LR, fmt.Sprintf("lr %s → %s, the last that did not diverge", lrText(lr), lrText(r.safe.LR))
	}
	down := ladder(lr, false)
	return down, fmt.Sprintf("lr %s → %s, one step down (no other lr of this run trained without diverging)", lrText(lr), lrText(down))
}

// divergedText says that the run diverged and what to do.
func (l *lane) divergedText() string {
	lr, _ := l.lr.recovery(l.snap.Config)
	at := l.lr.diverged // the lr may have changed since
	if at == 0 {
		at = l.snap.Config.Opt.LR
	}
	return fmt.Sprintf("diverged at epoch %d (lr %s too high) · L lowers the lr · r restarts at lr %s",
		l.snap.Epoch, lrText(at), lrText(lr))
}
