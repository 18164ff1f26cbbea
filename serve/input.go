package serve

import (
	"context"
	"io"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"golang.org/x/time/rate"
)

// Bubble Tea v2.1.1 decodes input on a goroutine that hands each event to
// the program on an unbuffered channel without watching the program's end:
// a key that arrives while the lab is busy, just before the session drops,
// leaves that goroutine blocked for ever, holding the whole lab. The server
// therefore decodes a session's input itself (pumpInput) and gives Bubble
// Tea a reader that yields nothing (quietReader), so that Bubble Tea still
// sends its terminal queries and the replies arrive through the pump.

// quietReader is an input that yields nothing and reports io.EOF once done
// is closed.
type quietReader struct{ done <-chan struct{} }

// Read waits for done and returns io.EOF.
func (q quietReader) Read([]byte) (int, error) {
	<-q.done
	return 0, io.EOF
}

// Keys per second a session may press, and at once: a person types fewer,
// and a key may redraw the whole lab, so that a flood of keys (or of
// garbage that decodes as keys) is dropped rather than queued. A burst of
// 20 keys is taken whole.
const keyRate, keyBurst = 10, 20

// pumpInput decodes the terminal input read from r, of terminal type term,
// and sends the events to p until r ends, dropping the key presses beyond
// keyRate. Program.Send drops an event once p has stopped, so pumpInput
// never blocks on a finished program; ctx ends the decoding early, after
// which pumpInput returns when r does.
func pumpInput(ctx context.Context, r io.Reader, term string, p *tea.Program) {
	keys := rate.NewLimiter(keyRate, keyBurst)
	events := make(chan uv.Event)
	done := make(chan struct{})
	go func() { // owned by pumpInput, which waits for it
		defer close(done)
		_ = uv.NewTerminalReader(r, term).StreamEvents(ctx, events) // a read error ends the session anyway
	}()
	for {
		select {
		case ev := <-events:
			if _, key := ev.(uv.KeyPressEvent); !key || keys.Allow() {
				p.Send(ev)
			}
		case <-done:
			return
		}
	}
}
