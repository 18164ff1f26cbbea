package tui

import (
	"fmt"

	"relulab/train"
)

// A lab keeps every event of its runs, for saves (w) and exports (e), up
// to maxEvents: at about 100 bytes an event, a megabyte a lab at most, 32
// MB for a full server. Beyond it, the oldest tenth goes at once (so that
// logging stays cheap) and is counted. The events line considers only the
// latest shownEvents.
const (
	maxEvents   = 10000
	shownEvents = 20
)

// keepEvents appends es to the lab's events and drops the oldest beyond
// maxEvents, counting them.
func (a *App) keepEvents(es ...train.Event) {
	a.events = append(a.events, es...)
	if n := len(a.events); n > maxEvents {
		drop := n - maxEvents + maxEvents/10
		a.events = append(a.events[:0], a.events[drop:]...)
		a.dropped += drop
	}
}

// savedEvents returns the events that w saves and e exports: every event
// kept, after a first one that counts those that were not.
func (a *App) savedEvents() []train.Event {
	if a.dropped == 0 {
		return a.events
	}
	note := train.Event{Epoch: a.events[0].Epoch,
		Text: fmt.Sprintf("%d earlier events not kept (a lab keeps the latest %d)", a.dropped, maxEvents)}
	return append([]train.Event{note}, a.events...)
}

// latestEvents returns the events the events line considers, oldest first.
func (a *App) latestEvents() []train.Event { return a.events[max(len(a.events)-shownEvents, 0):] }
