package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"github.com/anmitsu/go-shlex"
	"github.com/spf13/pflag"

	"relulab/cli"
	"relulab/train"
	"relulab/tui"
)

// A session passes, in order: logSessions, limitSessions, arguments (so
// that -- --help answers without a terminal too), needPTY, and runLab.

// logSessions logs each session's start and end, the client's input
// quoted, and closes the connection once the session is over.
func (s *Server) logSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		c := connOf(sess.Context())
		if !c.begin() {
			return // closed for having waited too long
		}
		defer c.end()
		start := time.Now()
		pty, _, _ := sess.Pty()
		w, h, asked := c.size()
		kv := []any{"addr", sess.RemoteAddr(), "user", quote(sess.User()), "term", quote(pty.Term), "size", fmt.Sprintf("%dx%d", w, h)}
		if asked != "" {
			kv = append(kv, "asked", asked)
		}
		s.opts.Log.Info("connect", kv...)
		next(sess)
		s.opts.Log.Info("disconnect", "addr", sess.RemoteAddr(), "user", quote(sess.User()), "duration", time.Since(start).Round(time.Second))
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

type configKey struct{}

// usage is the first line of the session flags' help.
const usage = "usage: ssh -t host -- [--act elu] [--opt sgd] [--seed 7] … (the flags of relulab train)"

// arguments reads the session's own flags, `ssh -t host -- --act elu`, on
// top of the server's configuration: a bad one gets a message, not a
// silent disconnect, and --help gets the flags.
func (s *Server) arguments(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		c, help, err := s.sessionConfig(sess.RawCommand())
		switch {
		case errors.Is(err, pflag.ErrHelp):
			wish.Println(sess, usage+"\n\n"+help)
			return
		case err != nil:
			reason := "bad arguments"
			if errors.Is(err, errTooBig) {
				reason = "too big"
			}
			s.opts.Log.Warn("reject", "reason", reason, "addr", sess.RemoteAddr(), "err", quote(err.Error()))
			wish.Fatalln(sess, "relulab: "+err.Error()+"\n"+usage+"; -- --help lists them")
			return
		}
		sess.Context().SetValue(configKey{}, c)
		next(sess)
	}
}

// sessionConfig returns the configuration that the command raw, the
// session's flags, asks for, or the flags' help and pflag.ErrHelp, or an
// error that quotes the client's input at most 80 characters at a time. A
// command over MaxCommand bytes is refused before it is split.
func (s *Server) sessionConfig(raw string) (train.Config, string, error) {
	if len(raw) > MaxCommand {
		return train.Config{}, "", fmt.Errorf("the command is %d bytes long; this server reads %d at most", len(raw), MaxCommand)
	}
	args, err := shlex.Split(raw, true)
	if err != nil {
		return train.Config{}, "", fmt.Errorf("the command %q: %v", quote(raw), err)
	}
	fs := pflag.NewFlagSet("relulab", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	flags := cli.Register(fs, cli.Options{})
	if err := fs.Parse(args); err != nil {
		return train.Config{}, fs.FlagUsages(), quoted(err, args)
	}
	if fs.NArg() > 0 {
		return train.Config{}, "", fmt.Errorf("unexpected argument %q", quote(fs.Arg(0)))
	}
	c, err := flags.ConfigOn(s.opts.Config)
	if err != nil {
		return train.Config{}, "", quoted(err, args)
	}
	return c, "", s.opts.allows(c)
}

// quoted returns err with the arguments in args, and the values of
// --flag=value arguments, that its text repeats quoted, and at most
// 240 characters of it.
func quoted(err error, args []string) error {
	if errors.Is(err, pflag.ErrHelp) {
		return err
	}
	msg := err.Error()
	for _, a := range args {
		_, v, _ := strings.Cut(a, "=")
		for _, in := range []string{a, v} {
			if q := quote(in); q != in && in != "" {
				msg = strings.ReplaceAll(msg, in, q)
			}
		}
	}
	return errors.New(clip(msg, 3*quoteLen))
}

// runLab runs the session's lab until it quits or the client leaves, then
// tells the client why it quit if it quit on its own.
func (s *Server) runLab(sess ssh.Session) {
	c := sess.Context().Value(configKey{}).(train.Config)
	app, err := tui.New(c, tui.Options{FPS: s.opts.FPS, Paused: s.opts.Paused, Idle: s.opts.Idle, IdleGrace: s.opts.IdleGrace,
		Share: func() time.Duration { return s.gov.Share(s.opts.FPS) }, AllowTrials: s.opts.allowsTrials, SaveDir: s.opts.SaveDir})
	if err != nil { // validated by arguments
		wish.Fatalln(sess, "relulab: "+err.Error())
		return
	}
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	opts := append(bubbletea.MakeOptions(sess), tea.WithInput(quietReader{ctx.Done()}),
		tea.WithoutSignalHandler(), tea.WithFPS(s.opts.FPS))
	p := tea.NewProgram(app, opts...)
	pty, _, _ := sess.Pty()
	go pumpInput(ctx, sess, pty.Term, p)           // ends with the session's input
	go connOf(sess.Context()).forwardSizes(ctx, p) // ends with ctx
	go func() {                                    // ends with ctx
		<-ctx.Done()
		p.Quit()
	}()
	s.labs.Lock()
	s.programs[p] = true
	s.labs.Unlock()
	s.gov.Join()
	defer func() {
		s.gov.Leave()
		s.labs.Lock()
		delete(s.programs, p)
		s.labs.Unlock()
	}()
	limit := time.AfterFunc(s.opts.MaxTimeout, func() {
		p.Send(tui.CloseMsg{Reason: fmt.Sprintf("relulab: closed after %v, the longest a session lasts on this server", s.opts.MaxTimeout)})
	})
	defer limit.Stop()
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		s.opts.Log.Error("lab", "addr", sess.RemoteAddr(), "err", err)
	}
	p.Kill()
	if why := app.ExitReason(); why != "" {
		wish.Println(sess, why)
	}
}
