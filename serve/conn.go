package serve

import (
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"
)

// A connection goes through three states: pending from its accept until
// it opens a session (or is closed), then in its session, then done. At
// most MaxPending are pending at once, and one that is still pending
// OpenTimeout after its accept is closed. A connection has one session:
// the lab's state of a client (its terminal size, its environment) lives
// on its connection.
const (
	pending = iota
	inSession
	done
)

// conn is an admitted connection and the state of its session.
type conn struct {
	net.Conn
	s      *Server
	host   string      // the remote address, without its port
	expire *time.Timer // closes a connection that opened no session in time

	mu       sync.Mutex
	phase    int
	channel  bool // a session channel was opened
	w, h     int  // the terminal, clamped
	asked    string
	env      int // environment requests accepted, and their bytes
	envBytes int
	envSaid  bool // the log has heard that the environment is full
	resized  chan struct{}
}

type connKey struct{}

// connOf returns the connection of ctx.
func connOf(ctx ssh.Context) *conn { return ctx.Value(connKey{}).(*conn) }

// maxPendingFrom is the most connections without a session one address
// may hold, so that one address cannot take every place of MaxPending.
const maxPendingFrom = 8

// admit is the server's ConnCallback: it turns away an address over its
// rate and a connection over MaxPending, or over 8 from its address,
// telling them in a line before the SSH banner, and starts the clock of
// OpenTimeout.
func (s *Server) admit(ctx ssh.Context, nc net.Conn) net.Conn {
	addr := nc.RemoteAddr()
	host := addr.String()
	if a, ok := addr.(*net.TCPAddr); ok {
		host = a.IP.String()
	}
	s.mu.Lock()
	lim, ok := s.limiters.Get(host)
	if !ok {
		lim = rate.NewLimiter(rate.Limit(s.opts.IPRate), s.opts.IPBurst)
		s.limiters.Add(host, lim)
	}
	allowed := lim.Allow()
	full := s.pending >= s.opts.MaxPending || s.pendingFrom[host] >= maxPendingFrom
	if allowed && !full {
		s.pending++
		s.pendingFrom[host]++
	}
	s.mu.Unlock()
	switch {
	case !allowed:
		s.refuse(nc, "rate limit", "too many connections from your address, try again in a minute")
		return nil
	case full:
		s.refuse(nc, "too many connections opening", "too many connections opening at once, try again in a minute")
		return nil
	}
	c := &conn{Conn: nc, s: s, host: host, resized: make(chan struct{}, 1)}
	// Set expire under c.mu: the timer's function may run before this
	// returns, and reads expire (in unpend) only after taking c.mu.
	c.mu.Lock()
	c.expire = time.AfterFunc(s.opts.OpenTimeout, func() {
		if c.phaseNow() == pending {
			s.opts.Log.Warn("close", "reason", "no session", "addr", addr, "after", s.opts.OpenTimeout)
			c.Close()
		}
	})
	c.mu.Unlock()
	ctx.SetValue(connKey{}, c)
	return c
}

// refuse logs why nc is turned away, tells it in a line that clients
// show or ignore, and closes it.
func (s *Server) refuse(nc net.Conn, reason, say string) {
	s.opts.Log.Warn("reject", "reason", reason, "addr", nc.RemoteAddr())
	nc.SetWriteDeadline(time.Now().Add(time.Second))
	nc.Write([]byte("relulab: " + say + "\r\n"))
	nc.Close()
}

// phaseNow returns the connection's state.
func (c *conn) phaseNow() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.phase
}

// Close closes the connection; the first call gives back its place among
// the pending ones if it held one.
func (c *conn) Close() error {
	c.mu.Lock()
	was := c.phase
	c.phase = done
	c.mu.Unlock()
	if was == pending {
		c.unpend()
	}
	return c.Conn.Close()
}

// begin marks the start of the connection's session and reports whether
// the connection is still open.
func (c *conn) begin() bool {
	c.mu.Lock()
	was := c.phase
	if was == pending {
		c.phase = inSession
	}
	c.mu.Unlock()
	if was != pending {
		return false
	}
	c.unpend()
	return true
}

// unpend gives back the connection's place among the pending ones.
func (c *conn) unpend() {
	c.expire.Stop()
	s := c.s
	s.mu.Lock()
	s.pending--
	if s.pendingFrom[c.host]--; s.pendingFrom[c.host] == 0 {
		delete(s.pendingFrom, c.host)
	}
	s.mu.Unlock()
}

// end closes the connection a moment after its session has ended, time
// enough for the session's last words and exit status to leave: a client
// that keeps the connection open gets no second session.
func (c *conn) end() { time.AfterFunc(time.Second, func() { c.Close() }) }

// sessionChannel is the server's handler of "session" channels: one per
// connection, whose requests pass through filter.
func (s *Server) sessionChannel(srv *ssh.Server, sc *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	c := connOf(ctx)
	c.mu.Lock()
	first := !c.channel
	c.channel = true
	c.mu.Unlock()
	if !first {
		nc.Reject(gossh.Prohibited, "relulab: one session per connection")
		return
	}
	ssh.DefaultSessionHandler(srv, sc, filteredChannel{nc, c}, ctx)
}

// filteredChannel is a session channel whose requests go through the
// connection's filter.
type filteredChannel struct {
	gossh.NewChannel
	c *conn
}

// Accept accepts the channel and starts the filter of its requests, which
// ends when they do.
func (f filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := f.NewChannel.Accept()
	if err != nil {
		return ch, in, err
	}
	out := make(chan *gossh.Request)
	go f.c.filter(in, out) // owned by the channel: ends with its requests
	return ch, out, nil
}

// filter passes a session's requests from in to out, the session's own
// handling, but for what a client could abuse: it clamps the terminal size
// of the pty request, answers window changes itself (clamped, and only the
// latest reaches the lab), caps the environment requests, and refuses
// agent and X11 forwarding. It closes out when in closes.
func (c *conn) filter(in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	for req := range in {
		switch req.Type {
		case "pty-req":
			c.clampPty(req.Payload)
		case "window-change":
			var win struct{ W, H, PW, PH uint32 }
			err := gossh.Unmarshal(req.Payload, &win)
			if err == nil {
				c.resize(win.W, win.H)
			}
			req.Reply(err == nil, nil)
			continue
		case "env":
			if !c.allowEnv(len(req.Payload)) {
				req.Reply(false, nil)
				continue
			}
		case "auth-agent-req@openssh.com", "x11-req":
			req.Reply(false, nil)
			continue
		}
		out <- req
	}
}

// clampPty clamps, in place, the terminal size of a pty request's payload
// (string term, uint32 columns, rows, width and height in pixels, string
// modes); a malformed payload is left to be refused.
func (c *conn) clampPty(p []byte) {
	if len(p) < 4 {
		return
	}
	off := 4 + uint64(binary.BigEndian.Uint32(p))
	if uint64(len(p)) < off+8 {
		return
	}
	w, h := binary.BigEndian.Uint32(p[off:]), binary.BigEndian.Uint32(p[off+4:])
	cw, ch := c.resize(w, h)
	binary.BigEndian.PutUint32(p[off:], uint32(cw))
	binary.BigEndian.PutUint32(p[off+4:], uint32(ch))
}

// resize notes the client's terminal size, w×h, clamped to MaxWidth ×
// MaxHeight, wakes the session's forwardSizes, and returns the clamped
// size.
func (c *conn) resize(w, h uint32) (int, int) {
	cw, ch := int(min(w, MaxWidth)), int(min(h, MaxHeight))
	c.mu.Lock()
	c.w, c.h = cw, ch
	if cw != int(w) || ch != int(h) {
		c.asked = fmt.Sprintf("%dx%d", w, h)
	}
	c.mu.Unlock()
	select {
	case c.resized <- struct{}{}:
	default: // a wake-up is pending; it will read the latest size
	}
	return cw, ch
}

// size returns the terminal's size, clamped, and the size the client asked
// for if it was larger, or "".
func (c *conn) size() (w, h int, asked string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.w, c.h, c.asked
}

// forwardSizes sends p the terminal's latest size each time it changes,
// until ctx is done: a burst of window changes costs the lab one redraw
// per frame it can take, not one per change.
func (c *conn) forwardSizes(ctx context.Context, p *tea.Program) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.resized:
			w, h, _ := c.size()
			p.Send(tea.WindowSizeMsg{Width: w, Height: h})
		}
	}
}

// allowEnv counts an environment request of n bytes and reports whether
// it is within MaxEnv and MaxEnvBytes; the first refused is logged.
func (c *conn) allowEnv(n int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.env < MaxEnv && c.envBytes+n <= MaxEnvBytes {
		c.env++
		c.envBytes += n
		return true
	}
	if !c.envSaid {
		c.envSaid = true
		c.s.opts.Log.Warn("refuse", "reason", "environment full", "addr", c.RemoteAddr(), "requests", c.env, "bytes", c.envBytes)
	}
	return false
}
