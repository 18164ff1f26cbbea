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
	o := serve.DefaultOptions()
	flags := cli.Register(cmd.Flags(), cli.Options{})
	f := cmd.Flags()
	f.StringVar(&o.Addr, "addr", o.Addr, "address to listen on; --addr :2222 exposes the lab to the network")
	f.StringVar(&o.HostKey, "host-key", o.HostKey, "the server's ed25519 key, created with mode 0600 if missing")
	f.StringVar(&o.AuthorizedKeys, "authorized-keys", "", "admit only the public keys in this file (default: anyone; never passwords)")
	f.IntVar(&o.MaxSessions, "max-sessions", o.MaxSessions, "sessions at once")
	f.IntVar(&o.MaxPending, "max-pending", o.MaxPending, "connections at once that have not opened a session yet")
	f.DurationVar(&o.OpenTimeout, "open-timeout", o.OpenTimeout, "close connections that have opened no session by then, keep-alives or not")
	f.Float64Var(&o.IPRate, "ip-rate", o.IPRate, "new connections per second from one address")
	f.IntVar(&o.IPBurst, "ip-burst", o.IPBurst, "connections one address may open at once")
	f.DurationVar(&o.Idle, "idle-timeout", o.Idle, "pause a session after this long without a key press")
	f.DurationVar(&o.IdleGrace, "idle-grace", o.IdleGrace, "then close it after this long more")
	f.DurationVar(&o.MaxTimeout, "max-timeout", o.MaxTimeout, "close any session after this long, saying why")
	f.DurationVar(&o.HandshakeTimeout, "handshake-timeout", o.HandshakeTimeout, "drop connections that have not finished the SSH handshake")
	f.IntVar(&o.FPS, "fps", o.FPS, "frames per second of each session")
	f.BoolVar(&o.Paused, "paused", false, "start every session paused")
	f.Float64Var(&o.TrainCPU, "train-cpu", o.TrainCPU, "cores' worth of training all sessions may use together (drawing and SSH come on top)")
	f.Float64Var(&o.TrainCPU, "cpu", o.TrainCPU, "the old name of --train-cpu")
	f.MarkDeprecated("cpu", "use --train-cpu: it limits training, not drawing or SSH")
	f.IntVar(&o.MaxWeights, "max-weights", o.MaxWeights, "largest network a session may ask for, in weights, its first layer counted at 64 neurons")
	f.IntVar(&o.MaxSamples, "max-samples", o.MaxSamples, "largest training set a session may ask for")
	f.StringVar(&o.SaveDir, "save-dir", "", "let sessions save runs (w) and export histories (e) into this directory (default: saving off)")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		c, err := flags.Config()
		if err != nil {
			return usageError{err}
		}
		o.Config = c
		srv, err := serve.NewServer(o)
		if errors.As(err, new(serve.OptionError)) {
			return usageError{err}
		} else if err != nil {
			return err
		}
		l, err := net.Listen("tcp", o.Addr)
		if err != nil {
			return err
		}
		o.Log.Info("serving the lab", "addr", l.Addr(), "sessions", o.MaxSessions, "config", c.String())
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
