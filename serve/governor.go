package serve

import (
	"sync/atomic"
	"time"
)

// Governor shares the machine between the labs of one server: each lab
// may train for an equal share of Cores seconds of CPU per second. A
// paused lab trains nothing, so its share goes unused. The zero value
// shares nothing; use NewGovernor.
type Governor struct {
	cores float64
	labs  atomic.Int64
}

// NewGovernor returns a governor for cores seconds of training per second.
func NewGovernor(cores float64) *Governor { return &Governor{cores: cores} }

// Join counts a new lab; Leave counts one gone.
func (g *Governor) Join()  { g.labs.Add(1) }
func (g *Governor) Leave() { g.labs.Add(-1) }

// Share returns how long one lab may train in one of fps frames a second.
func (g *Governor) Share(fps int) time.Duration {
	n := max(g.labs.Load(), 1)
	return time.Duration(g.cores / float64(n) / float64(fps) * float64(time.Second))
}
