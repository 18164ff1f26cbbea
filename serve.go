package main

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/spf13/cobra"

	"relulab/cli"
	"relulab/serve"
)

// serveCommand is `relulab serve`: the lab over SSH.
func serveCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the lab over SSH: every session gets a lab of its own",
		Long: "Serve the lab over SSH: `ssh -p 2222 host` opens a lab; `ssh -t -p 2222 host -- --act elu`\n" +
			"starts it with that session's own flags. The training flags below set every session's\n" +
			"starting configuration. No shell and no command is ever run.",
		Args: cobra.NoArgs,
	}
	d := serve.DefaultOptions()
	flags := cli.Register(cmd.Flags(), cli.Options{})
	f := cmd.Flags()
	addr := f.String("addr", d.Addr, "address to listen on; --addr :2222 exposes the lab to the network")
	hostKey := f.String("host-key", d.HostKey, "the server's ed25519 key, created with mode 0600 if missing")
	authorized := f.String("authorized-keys", "", "admit only the public keys in this file (default: anyone; never passwords)")
	maxSessions := f.Int("max-sessions", d.MaxSessions, "sessions at once")
	ipRate := f.Float64("ip-rate", d.IPRate, "new connections per second from one address")
	ipBurst := f.Int("ip-burst", d.IPBurst, "connections one address may open at once")
	idle := f.Duration("idle-timeout", d.Idle, "pause a session after this long without a key press")
	grace := f.Duration("idle-grace", d.IdleGrace, "then close it after this long more")
	maxTimeout := f.Duration("max-timeout", d.MaxTimeout, "close any session after this long")
	handshake := f.Duration("handshake-timeout", d.HandshakeTimeout, "drop connections that have not finished the SSH handshake")
	fps := f.Int("fps", d.FPS, "frames per second of each session")
	paused := f.Bool("paused", false, "start every session paused")
	cpu := f.Float64("cpu", d.CPU, "cores' worth of training all sessions may use together")
	saveDir := f.String("save-dir", "", "let sessions save runs (w) and export histories (e) into this directory (default: saving off)")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		c, err := flags.Config()
		if err != nil {
			return usageError{err}
		}
		o := serve.Options{Addr: *addr, HostKey: *hostKey, AuthorizedKeys: *authorized, MaxSessions: *maxSessions,
			IPRate: *ipRate, IPBurst: *ipBurst, Idle: *idle, IdleGrace: *grace, MaxTimeout: *maxTimeout,
			HandshakeTimeout: *handshake, FPS: *fps, CPU: *cpu, Config: c, Paused: *paused, SaveDir: *saveDir, Log: d.Log}
		srv, err := serve.NewServer(o)
		if errors.As(err, new(serve.OptionError)) {
			return usageError{err}
		} else if err != nil {
			return err
		}
		l, err := net.Listen("tcp", *addr)
		if err != nil {
			return err
		}
		o.Log.Info("serving the lab", "addr", l.Addr(), "sessions", *maxSessions, "config", c.String())
		done := make(chan error, 1)
		go func() { done <- srv.Serve(l) }() // owned here: Shutdown ends it
		select {
		case err := <-done:
			return err
		case <-cmd.Context().Done():
		}
		o.Log.Info("stopping: telling sessions", "sessions", srv.Sessions())
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			return err
		}
		<-done
		o.Log.Info("stopped")
		return nil
	}
	return cmd
}
