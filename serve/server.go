package serve

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/ratelimiter"
	"github.com/spf13/pflag"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"relulab/cli"
	"relulab/train"
	"relulab/tui"
)

// Options configure the lab server. A zero field takes its value from
// DefaultOptions (a Config with no hidden layer is train.DefaultConfig(), a
// nil Log discards); NewServer refuses negative ones.
type Options struct {
	// Addr is the address to listen on.
	Addr string
	// HostKey is the path of the server's ed25519 key, created with mode
	// 0600 on first start.
	HostKey string
	// AuthorizedKeys, if set, admits only the public keys in that file;
	// otherwise anyone may connect. Passwords are never accepted.
	AuthorizedKeys string
	// MaxSessions is the most sessions at once.
	MaxSessions int
	// IPRate and IPBurst limit new connections per second from one address.
	IPRate  float64
	IPBurst int
	// Idle is how long a session may go without a key press before the lab
	// pauses and says so; IdleGrace how long after that it is closed.
	Idle, IdleGrace time.Duration
	// MaxTimeout ends any session after that long; HandshakeTimeout drops
	// a connection that has not finished the SSH handshake by then.
	MaxTimeout, HandshakeTimeout time.Duration
	// FPS is the frame rate of every session.
	FPS int
	// CPU is how many cores' worth of training all sessions together may
	// use; each session trains at most its share per frame.
	CPU float64
	// Config is the configuration every session starts from; a session's
	// own flags (ssh -t host -- --act elu) change it.
	Config train.Config
	// Paused starts every session paused.
	Paused bool
	// SaveDir, if set, is where sessions save runs and export histories;
	// empty turns saving off, so that sessions write nothing.
	SaveDir string
	// Log receives connections, disconnections and rejections.
	Log *log.Logger
}

// DefaultOptions returns the defaults: 127.0.0.1:2222, 32 sessions,
// 15 frames a second, a pause after 15 minutes without a key and a
// disconnect a minute later, at most 4 hours a session.
func DefaultOptions() Options {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return Options{
		Addr: "127.0.0.1:2222", HostKey: filepath.Join(dir, "relulab", "ssh_host_ed25519"),
		MaxSessions: 32, IPRate: 1, IPBurst: 32,
		Idle: 15 * time.Minute, IdleGrace: time.Minute,
		MaxTimeout: 4 * time.Hour, HandshakeTimeout: 10 * time.Second,
		FPS: 15, CPU: 1.2, Config: train.DefaultConfig(), Log: log.New(os.Stderr),
	}
}

// withDefaults returns o with its zero fields filled from DefaultOptions,
// or an error naming the first field out of range.
func (o Options) withDefaults() (Options, error) {
	d := DefaultOptions()
	switch {
	case o.MaxSessions < 0 || o.IPBurst < 0 || o.FPS < 0 || o.FPS > 120:
		return o, OptionError("max-sessions, ip-burst and fps must be ≥ 0 (0: the default), fps at most 120")
	case !(o.IPRate >= 0) || !(o.CPU >= 0) || math.IsInf(o.IPRate, 0) || math.IsInf(o.CPU, 0):
		return o, OptionError("ip-rate and cpu must be finite and ≥ 0 (0: the default)")
	case o.Idle < 0 || o.IdleGrace < 0 || o.MaxTimeout < 0 || o.HandshakeTimeout < 0:
		return o, OptionError("idle-timeout, idle-grace, max-timeout and handshake-timeout must be ≥ 0 (0: the default)")
	}
	fill(&o.Addr, d.Addr)
	fill(&o.HostKey, d.HostKey)
	fill(&o.MaxSessions, d.MaxSessions)
	fill(&o.IPBurst, d.IPBurst)
	fill(&o.FPS, d.FPS)
	fill(&o.IPRate, d.IPRate)
	fill(&o.CPU, d.CPU)
	fill(&o.Idle, d.Idle)
	fill(&o.IdleGrace, d.IdleGrace)
	fill(&o.MaxTimeout, d.MaxTimeout)
	fill(&o.HandshakeTimeout, d.HandshakeTimeout)
	if o.Log == nil {
		o.Log = log.New(io.Discard)
	}
	if len(o.Config.Hidden) == 0 {
		o.Config = d.Config
	}
	if err := o.Config.Validate(); err != nil {
		return o, OptionError(err.Error())
	}
	return o, nil
}

// stopDelay is how long a session shows that the server is stopping.
const stopDelay = 2 * time.Second

// An OptionError says which option NewServer refused.
type OptionError string

func (e OptionError) Error() string { return string(e) }

// fill sets *v to d if *v is the zero value.
func fill[T comparable](v *T, d T) {
	var zero T
	if *v == zero {
		*v = d
	}
}

// Server serves the lab over SSH: every session gets a lab of its own.
type Server struct {
	opts     Options
	srv      *ssh.Server
	gov      *Governor
	sessions atomic.Int64
	mu       sync.Mutex
	programs map[*tea.Program]bool
}

// NewServer returns a server for o, with its zero fields filled from
// DefaultOptions, creating its host key if need be. It refuses negative
// limits, more than 120 frames a second and an invalid configuration.
func NewServer(o Options) (*Server, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	key, err := hostKey(o.HostKey)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", o.HostKey, err)
	}
	s := &Server{opts: o, gov: NewGovernor(o.CPU), programs: map[*tea.Program]bool{}}
	opts := []ssh.Option{
		wish.WithAddress(o.Addr), wish.WithHostKeyPEM(key),
		wish.WithIdleTimeout(o.Idle + o.IdleGrace + time.Minute), // a paused lab writes nothing
		wish.WithMaxTimeout(o.MaxTimeout),
		wish.WithMiddleware( // the last one runs first
			bubbletea.MiddlewareWithProgramHandler(s.program),
			s.arguments,
			s.needPTY,
			s.limitSessions,
			s.limitRate(ratelimiter.NewRateLimiter(rate.Limit(o.IPRate), o.IPBurst, 4096)),
			s.logSessions,
		),
	}
	if o.AuthorizedKeys != "" {
		if _, err := os.Stat(o.AuthorizedKeys); err != nil {
			return nil, fmt.Errorf("authorized keys: %w", err)
		}
		opts = append(opts, wish.WithAuthorizedKeys(o.AuthorizedKeys))
	}
	if s.srv, err = wish.NewServer(opts...); err != nil {
		return nil, err
	}
	s.srv.HandshakeTimeout = o.HandshakeTimeout
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
	s.mu.Lock()
	for p := range s.programs {
		p.Send(tui.StoppingMsg{In: stopDelay})
	}
	n := len(s.programs)
	s.mu.Unlock()
	if n > 0 {
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

// program builds the lab of one session.
func (s *Server) program(sess ssh.Session) *tea.Program {
	c := sess.Context().Value(configKey{}).(train.Config)
	app, err := tui.New(c, tui.Options{FPS: s.opts.FPS, Paused: s.opts.Paused, Idle: s.opts.Idle, IdleGrace: s.opts.IdleGrace,
		Share: func() time.Duration { return s.gov.Share(s.opts.FPS) }, SaveDir: s.opts.SaveDir})
	if err != nil { // validated by arguments
		wish.Fatalln(sess, "relulab: "+err.Error())
		return nil
	}
	sess.Context().SetValue(appKey{}, app)
	ctx := sess.Context()
	opts := append(bubbletea.MakeOptions(sess), tea.WithInput(quietReader{ctx.Done()}),
		tea.WithoutSignalHandler(), tea.WithFPS(s.opts.FPS))
	p := tea.NewProgram(app, opts...)
	pty, _, _ := sess.Pty()
	go pumpInput(ctx, sess, pty.Term, p) // ends with the session's input
	s.mu.Lock()
	s.programs[p] = true
	s.mu.Unlock()
	s.gov.Join()
	go func() { // owned by the session: ends with it
		<-sess.Context().Done()
		s.mu.Lock()
		delete(s.programs, p)
		s.mu.Unlock()
		s.gov.Leave()
	}()
	return p
}

type (
	configKey struct{}
	appKey    struct{}
)

// arguments reads the session's own flags, `ssh -t host -- --act elu`, on
// top of the server's configuration; a bad one gets a message, not a
// silent disconnect.
func (s *Server) arguments(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		fs := pflag.NewFlagSet("relulab", pflag.ContinueOnError)
		fs.SetOutput(io.Discard)
		flags := cli.Register(fs, cli.Options{})
		err := fs.Parse(sess.Command())
		c := s.opts.Config
		if err == nil {
			c, err = flags.ConfigOn(s.opts.Config)
		}
		if err == nil && fs.NArg() > 0 {
			err = fmt.Errorf("unexpected argument %q", fs.Arg(0))
		}
		if err != nil {
			s.opts.Log.Warn("reject", "reason", "bad arguments", "addr", sess.RemoteAddr(), "err", err)
			wish.Fatalln(sess, "relulab: "+err.Error()+"\r\nusage: ssh -t host -- [--act elu] [--opt sgd] [--seed 7] … (the flags of relulab train)")
			return
		}
		sess.Context().SetValue(configKey{}, c)
		next(sess)
		if app, ok := sess.Context().Value(appKey{}).(*tui.App); ok && app.ExitReason() != "" {
			wish.Println(sess, app.ExitReason()+"\r")
		}
	}
}

// needPTY turns away sessions without a terminal.
func (s *Server) needPTY(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); !ok {
			s.opts.Log.Warn("reject", "reason", "no pty", "addr", sess.RemoteAddr())
			wish.Fatalln(sess, "relulab needs an interactive terminal: use ssh -t")
			return
		}
		next(sess)
	}
}

// limitSessions turns away sessions beyond MaxSessions.
func (s *Server) limitSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if s.sessions.Add(1) > int64(s.opts.MaxSessions) {
			s.sessions.Add(-1)
			s.opts.Log.Warn("reject", "reason", "server full", "addr", sess.RemoteAddr(), "sessions", s.opts.MaxSessions)
			wish.Fatalln(sess, "relulab: server full, try again later")
			return
		}
		defer s.sessions.Add(-1)
		next(sess)
	}
}

// limitRate turns away addresses that connect too often.
func (s *Server) limitRate(l ratelimiter.RateLimiter) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			if err := l.Allow(sess); err != nil {
				s.opts.Log.Warn("reject", "reason", "rate limit", "addr", sess.RemoteAddr())
				wish.Fatalln(sess, "relulab: too many connections from your address, try again in a minute")
				return
			}
			next(sess)
		}
	}
}

// logSessions logs each session's start and end.
func (s *Server) logSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		pty, _, _ := sess.Pty()
		s.opts.Log.Info("connect", "addr", sess.RemoteAddr(), "user", sess.User(), "term", pty.Term,
			"size", fmt.Sprintf("%dx%d", pty.Window.Width, pty.Window.Height))
		next(sess)
		s.opts.Log.Info("disconnect", "addr", sess.RemoteAddr(), "user", sess.User(), "duration", time.Since(start).Round(time.Second))
	}
}

// Sessions returns the number of sessions being served.
func (s *Server) Sessions() int { return int(s.sessions.Load()) }

// hostKey returns the PEM of the ed25519 key at path, creating it (mode
// 0600, written atomically, in a directory of mode 0700) if it does not
// exist.
func hostKey(path string) ([]byte, error) {
	if b, err := os.ReadFile(path); err == nil {
		return b, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "relulab host key")
	if err != nil {
		return nil, err
	}
	b := pem.EncodeToMemory(block)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	return b, train.WriteFileAtomic(path, b, 0o600)
}
