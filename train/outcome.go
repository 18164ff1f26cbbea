package train

import (
	"fmt"
	"math"
)

// Outcome is the verdict on a run. The zero value is Fitted.
type Outcome int

// The outcomes. A diverged run is judged first, then one without a
// target (unjudged), then fitted, dead, collapsed and stuck in this order.
const (
	Fitted          Outcome = iota // held-out MSE within FitFactor of the reference optimum (or ≤ Target), whatever its neurons
	Dead                           // not fitted, and a neuron is dead
	Collapsed                      // not fitted, and two neurons duplicate each other
	Stuck                          // not fitted, with every neuron alive and distinct: a poor local minimum
	DivergedOutcome                // the loss became NaN or ±Inf
	Unjudged                       // no reference optimum is known and no target was given, whatever its neurons
)

// Outcomes lists every outcome, in order.
var Outcomes = []Outcome{Fitted, Dead, Collapsed, Stuck, DivergedOutcome, Unjudged}

var outcomeNames = [...]string{"fitted", "dead", "collapsed", "stuck", "diverged", "unjudged"}

func (o Outcome) String() string {
	if o < 0 || int(o) >= len(outcomeNames) {
		return fmt.Sprintf("Outcome(%d)", int(o))
	}
	return outcomeNames[o]
}

// MarshalText returns the name of o.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads the name of an outcome.
func (o *Outcome) UnmarshalText(b []byte) error {
	for i, name := range outcomeNames {
		if string(b) == name {
			*o = Outcome(i)
			return nil
		}
	}
	return fmt.Errorf("outcome %q: want one of %v", b, outcomeNames)
}

// judge returns the outcome of s.
func judge(s Snapshot) Outcome {
	if s.Status == Diverged {
		return DivergedOutcome
	}
	switch {
	case math.IsNaN(s.Target):
		return Unjudged // dead or collapsed neurons say nothing about a fit no target judges
	case s.TestMSE <= s.Target:
		return Fitted
	}
	for _, n := range s.Neurons {
		if n.Dead {
			return Dead
		}
	}
	if len(s.Collapsed) > 0 {
		return Collapsed
	}
	return Stuck
}
