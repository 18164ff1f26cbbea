// Command relulab is a terminal lab in which a tiny network learns
// |x+iy| = √(x²+y²), and in which every way it fails is visible.
//
//	relulab [flags]         the lab: train live and watch why the network fails
//	relulab train [flags]   train one configuration headless
//	relulab compare [flags] race configurations side by side
//	relulab sweep [flags]   train many seeds and configurations; count how often each converges
//	relulab optimum [flags] search for the best network of one shape, the reference of "fitted"
//	relulab serve [flags]   the lab over SSH, a lab for every session
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"relulab/model"
	"relulab/train"
	"relulab/tui"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// usageError marks an error in the command line: exit status 2.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// run executes the command line args and returns the exit status: 0, 1 for
// a failure, 2 for a usage error. Errors are printed to stderr in one line.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := &cobra.Command{
		Use:   "relulab",
		Short: "Watch a tiny ReLU network learn |x+iy| and see why it fails",
		Long: "relulab trains 2 → 3 ReLU → 1 networks on |x+iy| = √(x²+y²) and shows how they\n" +
			"fail: dead neurons, collapsed neurons, and the named local minima (pyramid, diamond,\n" +
			"valley, corner, ramp, flat).",
		SilenceUsage: true,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.RunE = lab(root)
	root.AddCommand(trainCommand(), compareCommand(), sweepCommand(), optimumCommand(), serveCommand())
	err := fang.Execute(ctx, root,
		fang.WithNotifySignal(os.Interrupt, syscall.SIGTERM),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) {
			fmt.Fprintln(w, "relulab:", err)
		}))
	switch {
	case err == nil:
		return 0
	case errors.As(err, new(usageError)), strings.HasPrefix(err.Error(), "unknown command"):
		return 2
	}
	return 1
}

// lab adds the training flags to cmd and returns the action that opens
// the lab on the configuration they describe.
func lab(cmd *cobra.Command) func(*cobra.Command, []string) error {
	flags := train.RegisterFlags(cmd.Flags(), false, true)
	o := labFlags(cmd)
	load := cmd.Flags().String("load", "", "go on with the run saved in this file (by w, or train --save)")
	cmd.Args = cobra.NoArgs
	return func(cmd *cobra.Command, _ []string) error {
		if *load == "" {
			c, err := flags.Config()
			if err != nil {
				return usageError{err}
			}
			return openLab(cmd.Context(), []train.Config{c}, *o)
		}
		t, events, err := startRun(flags, *load)
		if err != nil {
			return err
		}
		return runLab(cmd.Context(), tui.Resume(t, events, *o))
	}
}

// labFlags adds the flags of the lab's own to cmd: start paused, and
// where w and e write.
func labFlags(cmd *cobra.Command) *tui.Options {
	var o tui.Options
	cmd.Flags().BoolVar(&o.Paused, "paused", false, "start paused: space runs, n steps one epoch")
	cmd.Flags().StringVar(&o.SaveDir, "save-dir", ".", "where w saves runs and e exports loss histories")
	return &o
}

// compareCommand is `relulab compare`: the lab with a column for each
// configuration of the flags' comma lists.
func compareCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "compare",
		Short: "Race configurations side by side on the same data and initial weights",
		Long: fmt.Sprintf("Open the lab with one column per configuration of the product of the flags' comma\n"+
			"lists (up to %d), trained in lockstep. Runs with the same seed share their training data,\n"+
			"and where shapes and initializers match, their initial weights:\n\n"+
			"  relulab compare --act relu,elu,leaky_relu,tanh\n  relulab compare --opt adam,sgd,rmsprop --seed 4", tui.MaxCompare),
		Args: cobra.NoArgs,
	}
	flags := train.RegisterFlags(cmd.Flags(), true, true)
	o := labFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cs, err := flags.Configs()
		if err != nil {
			return usageError{err}
		}
		if len(cs) > tui.MaxCompare {
			return usageError{fmt.Errorf("compare shows up to %d configurations; these flags make %d", tui.MaxCompare, len(cs))}
		}
		return openLab(cmd.Context(), cs, *o)
	}
	return cmd
}

// openLab runs the lab on cs until the user quits.
func openLab(ctx context.Context, cs []train.Config, o tui.Options) error {
	app, err := tui.NewCompare(cs, o)
	if err != nil {
		return usageError{err}
	}
	return runLab(ctx, app)
}

// runLab runs app in the terminal until the user quits.
func runLab(ctx context.Context, app *tui.App) error {
	_, err := tea.NewProgram(app, tea.WithContext(ctx)).Run()
	if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) {
		return nil
	}
	return err
}

// trainCommand is `relulab train`: one configuration, headless.
func trainCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "train",
		Short: "Train one configuration headless and print the result",
		Long: "Train one configuration without the lab and print a summary line, or a JSON object\n" +
			"with --json. The same flags and seed give the same numbers, bit for bit (the JSON's\n" +
			"seconds aside).\n\nOptimizers and their Keras 3 defaults:\n  " +
			strings.Join(train.OptimizerDefaults(), "\n  "),
		Args: cobra.NoArgs,
	}
	cmd.RunE = headless(cmd)
	return cmd
}

// headless adds the flags of a headless run to cmd and returns its action.
func headless(cmd *cobra.Command) func(*cobra.Command, []string) error {
	flags := train.RegisterFlags(cmd.Flags(), false, true)
	f := cmd.Flags()
	epochs := f.Int("epochs", train.DefaultEpochs, "epochs to train, in all: a loaded run goes on up to this epoch")
	logEvery := f.Int("log-every", 500, "print progress to stderr every N epochs (0: never)")
	asJSON := f.Bool("json", false, "print the result as one JSON object")
	load := f.String("load", "", "continue the run saved in this file (by --save, or w in the lab)")
	save := f.String("save", "", "write the final state of the run to this file, atomically, for --load")
	history := f.String("history", "", "write the loss history, every epoch, to this CSV file")
	weightsEvery := f.Int("weights-every", 0, "with --history: add the weights every N epochs (0: never)")
	return func(cmd *cobra.Command, _ []string) error {
		t, _, err := startRun(flags, *load)
		if err != nil {
			return err
		}
		switch {
		case *epochs < 0 || *logEvery < 0 || *weightsEvery < 0:
			return usageError{errors.New("epochs, log-every and weights-every must be ≥ 0")}
		case *weightsEvery > 0 && *history == "":
			return usageError{errors.New("--weights-every adds columns to --history: give --history FILE.csv")}
		}
		start := time.Now()
		chunk := max(*epochs, 1)
		if *logEvery > 0 {
			chunk = *logEvery
		}
		t.SetEvalEvery(*epochs + 1) // measured for the log lines and by the final snapshot
		var rec *train.Recorder
		if *history != "" {
			rec = &train.Recorder{WeightsEvery: *weightsEvery}
			t.SetEvalEvery(1)
			rec.Record(t)
			chunk = 1
		}
		for t.Epoch() < *epochs && t.Status() == train.Running {
			if err := cmd.Context().Err(); err != nil {
				return fmt.Errorf("interrupted at epoch %d", t.Epoch())
			}
			t.Run(min(chunk-t.Epoch()%chunk, *epochs-t.Epoch())) // to the next multiple of chunk
			if rec != nil {
				rec.Record(t)
			}
			if *logEvery > 0 && (t.Epoch()%*logEvery == 0 || t.Epoch() == *epochs) {
				fmt.Fprintf(cmd.ErrOrStderr(), "epoch %d  train %.4g  test %.4g\n", t.Epoch(), t.TrainMSE(), t.Evaluate())
			}
		}
		if err := writeRun(t, rec, *save, *history); err != nil {
			return err
		}
		s := t.Snapshot()
		if *asJSON {
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(train.NewReport(s, time.Since(start).Seconds()))
		}
		_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s\n%s  (%.2fs)\n", s.Config, s.Summary(), time.Since(start).Seconds())
		return err
	}
}

// startRun returns a new run of the flags' configuration, or the run saved
// in the file load and its events; the training flags then have nothing
// to say.
func startRun(flags *train.Flags, load string) (*train.Trainer, []train.Event, error) {
	if load == "" {
		c, err := flags.Config()
		if err != nil {
			return nil, nil, usageError{err}
		}
		t, err := train.New(c)
		if err != nil {
			return nil, nil, usageError{err}
		}
		return t, nil, nil
	}
	if name, ok := flags.AnyGiven(); ok {
		return nil, nil, usageError{fmt.Errorf("--load takes the configuration from the file; leave out --%s", name)}
	}
	return loadRun(load)
}

// loadRun reads the run saved in path.
func loadRun(path string) (*train.Trainer, []train.Event, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	t, events, err := train.Load(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, events, nil
}

// writeRun writes, atomically, the final state of t to save and the
// recorded history to history, where they are not empty.
func writeRun(t *train.Trainer, rec *train.Recorder, save, history string) error {
	if save != "" {
		data, err := t.Save(nil)
		if err == nil {
			err = train.WriteFileAtomic(save, data, 0o644)
		}
		if err != nil {
			return err
		}
	}
	if history != "" {
		var b bytes.Buffer
		if err := train.WriteHistoryCSV(&b, rec.Rows, rec.Names(t)); err != nil {
			return err
		}
		return train.WriteFileAtomic(history, b.Bytes(), 0o644)
	}
	return nil
}

// sweepCommand is `relulab sweep`: every configuration of the flags'
// comma lists, every seed, spread over workers.
func sweepCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sweep",
		Short: "Train many seeds and configurations and count how often each converges",
		Long: "Train every configuration of the product of the flags' comma lists with every seed, and\n" +
			"report per configuration the fitted rate with its 95% interval, held-out MSE quantiles,\n" +
			"outcomes, basins, dead and collapsed neurons and the epoch the basin was decided.\n" +
			"Layers within one configuration are written 8x8: --hidden 3,4,8x8 is three configurations.",
		Args: cobra.NoArgs,
	}
	flags := train.RegisterFlags(cmd.Flags(), true, false)
	seeds := cmd.Flags().String("seeds", "100", "seeds: a count (100 is 1-100), a range (200-299) or a list (1,5,9)")
	epochs := cmd.Flags().Int("epochs", train.DefaultEpochs, "epochs per run")
	workers := cmd.Flags().Int("workers", runtime.NumCPU(), "goroutines training at once")
	format := cmd.Flags().String("format", "table", "output: table, csv or json")
	runs := cmd.Flags().Bool("runs", false, "add a record per run: seed, MSEs, outcome, basin, weights")
	out := cmd.Flags().String("out", "", "write the output to this file, atomically, instead of stdout")
	patience := cmd.Flags().Int("patience", 0, "stop a run once its held-out MSE has not improved by 0.1% for N epochs")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		configs, err := flags.Configs()
		if err != nil {
			return usageError{err}
		}
		seedList, err := train.ParseSeeds(*seeds)
		switch {
		case err != nil:
			return usageError{err}
		case *epochs < 1 || *workers < 1 || *patience < 0:
			return usageError{errors.New("epochs and workers must be ≥ 1, patience ≥ 0")}
		case !slices.Contains([]string{"table", "csv", "json"}, *format):
			return usageError{fmt.Errorf("format %q: want table, csv or json", *format)}
		}
		sw := train.Sweep{Configs: configs, Seeds: seedList, Epochs: *epochs, Workers: *workers, Patience: *patience,
			Progress: progressReporter(cmd.ErrOrStderr())}
		results, err := sw.Run(cmd.Context())
		partial := errors.Is(err, context.Canceled)
		if err != nil && !partial {
			return err
		}
		ss := train.Summarize(configs, results, *runs)
		for i := range ss {
			ss[i].Partial = partial
		}
		var b []byte
		switch *format {
		case "json":
			if b, err = train.JSON(ss); err != nil {
				return err
			}
		case "csv":
			b = train.CSV(ss)
		default:
			b = []byte(tui.SweepTable(ss, true) + "\n")
		}
		if *out != "" {
			err = train.WriteFileAtomic(*out, []byte(ansi.Strip(string(b))), 0o644)
		} else {
			_, err = colorprofile.NewWriter(cmd.OutOrStdout(), os.Environ()).Write(b)
		}
		if err == nil && partial {
			err = fmt.Errorf("interrupted: %d of %d runs finished", len(results), sw.Total())
		}
		return err
	}
	return cmd
}

// progressReporter returns the progress callback of a sweep: a bar
// redrawn in place on a terminal, a plain line every few seconds otherwise.
func progressReporter(w io.Writer) func(done, total int) {
	f, ok := w.(*os.File)
	tty := ok && term.IsTerminal(f.Fd())
	start, last := time.Now(), time.Time{}
	var bar *tui.Progress
	if tty {
		width, _, err := term.GetSize(f.Fd())
		if err != nil {
			width = 80
		}
		bar = tui.NewProgress(width, nil)
	}
	return func(done, total int) {
		now := time.Now()
		end := done == total
		switch {
		case tty && (end || now.Sub(last) >= 100*time.Millisecond):
			fmt.Fprint(w, "\r\x1b[K"+bar.Line(done, total))
			if end {
				fmt.Fprintln(w)
			}
		case !tty && (end || now.Sub(last) >= 5*time.Second):
			fmt.Fprintf(w, "sweep: %d/%d runs, %.1f runs/s\n", done, total, float64(done)/now.Sub(start).Seconds())
		default:
			return
		}
		last = now
	}
}

// optimumCommand is `relulab optimum`: the reference optimum of one shape,
// or of every common configuration with --table.
func optimumCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "optimum",
		Short: "Search for the best network of one shape: the reference that fitted is judged against",
		Long: "Search for the population optimum of one hidden layer: many restarts from spread-out\n" +
			"starts, Adam full-batch with a decaying learning rate on a quadrature of the data\n" +
			"distribution, then L-BFGS on a finer one. --table computes every common configuration\n" +
			"and writes the table that train, sweep and the lab read (train/references.json).",
		Args: cobra.NoArgs,
	}
	flags := cmd.Flags()
	data := flags.String("data", "uniform", "input distribution: uniform, normal, disk")
	hidden := flags.Int("hidden", 3, "neurons in the one hidden layer, 1-64")
	act := flags.String("act", "relu", "activation")
	slope := flags.Float64("slope", train.DefaultSlope, "negative slope of leaky_relu")
	restarts := flags.Int("restarts", 64, "starts of the search")
	seed := flags.Uint64("seed", 1, "seed of the starts")
	workers := flags.Int("workers", runtime.NumCPU(), "goroutines searching at once")
	asJSON := flags.Bool("json", false, "print the result as one JSON object")
	table := flags.String("table", "", "search every common configuration and write the reference table to this file")
	config := flags.String("config", "", "a configuration string: its hidden layer, activation, slope and data; the flags given change them")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		c := train.DefaultConfig()
		var err error
		if *config != "" {
			if c, err = train.ParseConfig(*config); err != nil {
				return usageError{err}
			}
		}
		// The flags' defaults are DefaultConfig's: only those given change c.
		if flags.Changed("data") {
			if c.Data, err = train.ParseData(*data); err != nil {
				return usageError{err}
			}
		}
		if flags.Changed("act") {
			if c.Act, err = model.ParseActivation(*act); err != nil {
				return usageError{err}
			}
		}
		if flags.Changed("hidden") {
			c.Hidden = []int{*hidden}
		}
		if flags.Changed("slope") {
			c.Slope = *slope
		}
		if len(c.Hidden) != 1 {
			return usageError{fmt.Errorf("optimum searches one hidden layer, not %s", train.HiddenString(c.Hidden))}
		}
		c.Seed = *seed
		if err := c.Validate(); err != nil {
			return usageError{err}
		}
		if *restarts < 1 || *workers < 1 {
			return usageError{errors.New("restarts and workers must be ≥ 1")}
		}
		if *table != "" {
			return referenceTable(cmd, *table, *restarts, *workers)
		}
		r, err := train.Optimum{Config: c, Restarts: *restarts, Workers: *workers}.Run(cmd.Context())
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(train.NewOptimumReport(r))
		}
		fmt.Fprint(cmd.OutOrStdout(), r.Text())
		return nil
	}
	return cmd
}

// referenceTable searches every common configuration and writes the table,
// atomically, after each one, so that an interrupted run keeps what it did.
func referenceTable(cmd *cobra.Command, path string, restarts, workers int) error {
	t := train.ReferenceTable{Command: "go run . optimum --table " + path, Restarts: restarts}
	cs := train.CommonConfigs()
	for i, c := range cs {
		start := time.Now()
		r, err := train.Optimum{Config: c, Restarts: restarts, Workers: workers}.Run(cmd.Context())
		if err != nil {
			return err
		}
		e := train.ReferenceEntry{Data: c.Data, Act: c.Act, Hidden: c.Hidden[0], BestMSE: r.BestMSE, Found: r.Found}
		// A neuron more can always do as well (its outgoing weight 0): when
		// the search did worse, the narrower optimum is the better bound.
		if i > 0 {
			if p := t.Entries[i-1]; p.Data == e.Data && p.Act == e.Act && p.BestMSE < e.BestMSE {
				e.BestMSE, e.Found, e.Carried = p.BestMSE, 0, true
			}
		}
		t.Entries = append(t.Entries, e)
		fmt.Fprintf(cmd.ErrOrStderr(), "[%d/%d] %s %s h=%d: %.6g, found by %d of %d (%.1fs)\n",
			i+1, len(cs), c.Data, c.Act, c.Hidden[0], r.BestMSE, r.Found, restarts, time.Since(start).Seconds())
		b, err := json.MarshalIndent(t, "", " ")
		if err != nil {
			return err
		}
		if err := train.WriteFileAtomic(path, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

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
	d := tui.DefaultServerOptions()
	flags := train.RegisterFlags(cmd.Flags(), false, true)
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
		if *maxSessions < 1 || *ipRate <= 0 || *ipBurst < 1 || *idle <= 0 || *grace <= 0 || *maxTimeout <= 0 ||
			*handshake <= 0 || *fps < 1 || *fps > 120 || *cpu <= 0 {
			return usageError{errors.New("limits must be positive, and fps 1 to 120")}
		}
		o := tui.ServerOptions{Addr: *addr, HostKey: *hostKey, AuthorizedKeys: *authorized, MaxSessions: *maxSessions,
			IPRate: *ipRate, IPBurst: *ipBurst, Idle: *idle, IdleGrace: *grace, MaxTimeout: *maxTimeout,
			HandshakeTimeout: *handshake, FPS: *fps, CPU: *cpu, Config: c, Paused: *paused, SaveDir: *saveDir, Log: d.Log}
		srv, err := tui.NewServer(o)
		if err != nil {
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
