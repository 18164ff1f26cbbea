package serve

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	lru "github.com/hashicorp/golang-lru/v2"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"relulab/tui"
)

// stopDelay is how long a session shows that the server is stopping.
const stopDelay = 2 * time.Second

// Server serves the lab over SSH: every session gets a lab of its own.
type Server struct {
	opts     Options
	srv      *ssh.Server
	gov      *Governor
	sessions atomic.Int64

	mu          sync.Mutex // guards the pending counts and limiters
	pending     int
	pendingFrom map[string]int // pending connections by address
	limiters    *lru.Cache[string, *rate.Limiter]

	labs     sync.Mutex // guards programs
	programs map[*tea.Program]bool
}

// NewServer returns a server for o, with its zero fields filled from
// DefaultOptions, creating its host key if need be. It refuses negative
// limits, more than 120 frames a second and a configuration that is
// invalid or more than the server allows a session, with an OptionError.
func NewServer(o Options) (*Server, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	key, err := hostKey(o.HostKey, o.Log)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: o, gov: NewGovernor(o.TrainCPU), programs: map[*tea.Program]bool{}, pendingFrom: map[string]int{}}
	s.limiters, _ = lru.New[string, *rate.Limiter](4096) // fails only for a size ≤ 0
	opts := []ssh.Option{
		wish.WithAddress(o.Addr), wish.WithHostKeyPEM(key),
		wish.WithIdleTimeout(o.Idle + o.IdleGrace + time.Minute), // a paused lab writes nothing
		// A backstop: the lab itself closes the session at MaxTimeout, with a word.
		wish.WithMaxTimeout(o.OpenTimeout + o.MaxTimeout + time.Minute),
	}
	if o.AuthorizedKeys != "" {
		opts = append(opts, wish.WithAuthorizedKeys(o.AuthorizedKeys))
	}
	if s.srv, err = wish.NewServer(opts...); err != nil {
		return nil, err
	}
	s.srv.Handler = s.logSessions(s.limitSessions(s.arguments(s.needPTY(s.runLab))))
	s.srv.HandshakeTimeout = o.HandshakeTimeout
	s.srv.ConnCallback = s.admit
	s.srv.ConnectionFailedCallback = func(nc net.Conn, err error) {
		o.Log.Warn("drop", "reason", "handshake failed", "addr", nc.RemoteAddr(), "err", quote(err.Error()))
	}
	s.srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	if check := s.srv.PublicKeyHandler; check != nil {
		s.srv.PublicKeyHandler = func(ctx ssh.Context, key ssh.PublicKey) bool {
			ok := check(ctx, key)
			if !ok {
				o.Log.Warn("refuse", "reason", "key not authorized", "addr", ctx.RemoteAddr(), "user", quote(ctx.User()),
					"key", gossh.FingerprintSHA256(key))
			}
			return ok
		}
	}
	return s, nil
}

// Serve accepts sessions on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	err := s.srv.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// ListenAndServe listens on the configured address and serves.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return err
	}
	return s.Serve(l)
}

// Shutdown tells every session that the server is stopping, gives them a
// moment to show it, closes the listener, waits a few seconds (or until
// ctx is done) for clients to hang up, and then closes what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.labs.Lock()
	labs := make([]*tea.Program, 0, len(s.programs))
	for p := range s.programs {
		labs = append(labs, p)
	}
	s.labs.Unlock()
	for _, p := range labs {
		p.Send(tui.StoppingMsg{In: stopDelay})
	}
	if len(labs) > 0 {
		select {
		case <-time.After(stopDelay + 500*time.Millisecond):
		case <-ctx.Done():
		}
	}
	wait, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(wait); errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return s.srv.Close()
	} else {
		return err
	}
}

// Sessions returns the number of sessions being served.
func (s *Server) Sessions() int { return int(s.sessions.Load()) }

// Pending returns the number of connections that have not opened a
// session yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending
}
