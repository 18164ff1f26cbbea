package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"relulab/cli"
	"relulab/train"
	"relulab/tui"
)

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
	flags := cli.Register(cmd.Flags(), cli.Options{Lists: true, NoSeed: true})
	seeds := cmd.Flags().String("seeds", "100", "seeds: a count (100 is 1-100), a range (200-299) or a list (1,5,9)")
	epochs := cmd.Flags().Int("epochs", train.DefaultEpochs, "epochs per run (--task relu: 20)")
	workers := cmd.Flags().Int("workers", runtime.NumCPU(), "goroutines training at once")
	format, runs, out := outputFlags(cmd)
	patience := cmd.Flags().Int("patience", 0, "stop a run once its held-out MSE has not improved by 0.1% for N epochs")
	shard := cmd.Flags().String("shard", "", "run only slice k of n (0/4 … 3/4) of the (configuration × seed) product; default: from a Kubernetes Indexed Job's or Slurm array's environment, else all")
	runsOut := cmd.Flags().String("runs-out", "", "append each finished run to this JSON-lines file, for --resume and relulab merge")
	resume := cmd.Flags().Bool("resume", false, "with --runs-out: skip the runs the file already has")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		configs, err := flags.Configs()
		if err != nil {
			return usageError{err}
		}
		if *epochs, err = cli.Epochs(cmd.Flags(), configs...); err != nil {
			return usageError{err}
		}
		seedList, err := train.ParseSeeds(*seeds)
		switch {
		case err != nil:
			return usageError{err}
		case *epochs < 1 || *workers < 1 || *patience < 0:
			return usageError{errors.New("epochs and workers must be ≥ 1, patience ≥ 0")}
		case formatError(*format) != nil:
			return usageError{formatError(*format)}
		}
		sh, err := sweepShard(*shard, cmd.ErrOrStderr())
		if err != nil {
			return usageError{err}
		}
		sw := train.Sweep{Configs: configs, Seeds: seedList, Epochs: *epochs, Workers: *workers, Patience: *patience,
			Progress: progressReporter(cmd.ErrOrStderr())}
		prior, closeRuns, err := planRuns(&sw, sh, *runsOut, *resume, cmd.ErrOrStderr())
		if err != nil {
			return err
		}
		results, err := sw.Run(cmd.Context())
		if cerr := closeRuns(); err == nil {
			err = cerr
		}
		partial := errors.Is(err, context.Canceled)
		if err != nil && !partial {
			return err
		}
		results = append(results, prior...)
		train.SortRuns(results)
		ss := train.Summarize(configs, results, *runs)
		for i := range ss {
			ss[i].Partial = partial
		}
		err = writeSummaries(cmd, ss, *format, *out)
		if err == nil && partial {
			err = fmt.Errorf("interrupted: %d of %d runs finished", len(results), shardSize(sw, sh))
			if *runsOut != "" {
				err = fmt.Errorf("%w; the same command with --resume goes on", err)
			}
		}
		return err
	}
	return cmd
}

// outputFlags adds to cmd the flags of a sweep summary's output: --format,
// --runs and --out.
func outputFlags(cmd *cobra.Command) (format *string, runs *bool, out *string) {
	format = cmd.Flags().String("format", "table", "output: table, csv or json")
	runs = cmd.Flags().Bool("runs", false, "add a record per run: seed, MSEs, outcome, basin, weights")
	out = cmd.Flags().String("out", "", "write the output to this file, atomically, instead of stdout")
	cmd.Flags().Bool("wide", false, "table: every column at full width, however wide the terminal")
	return format, runs, out
}

// formatError says what is wrong with an output format, if anything.
func formatError(format string) error {
	if !slices.Contains([]string{"table", "csv", "json"}, format) {
		return fmt.Errorf("format %q: want table, csv or json", format)
	}
	return nil
}

// writeSummaries writes ss in format (table, csv or json) to stdout, or
// atomically to the file out if it is not empty: what relulab sweep and
// relulab merge print.
func writeSummaries(cmd *cobra.Command, ss []train.Summary, format, out string) error {
	var b []byte
	switch format {
	case "json":
		var err error
		if b, err = train.JSON(ss); err != nil {
			return err
		}
	case "csv":
		b = train.CSV(ss)
	default:
		b = []byte(tui.SweepTable(ss, true, tableWidth(cmd, out)) + "\n")
	}
	if out != "" {
		return train.WriteFileAtomic(out, []byte(ansi.Strip(string(b))), 0o644)
	}
	_, err := colorprofile.NewWriter(cmd.OutOrStdout(), os.Environ()).Write(b)
	return err
}

// tableWidth returns the width the table of writeSummaries fits: the
// terminal's, if stdout is one and neither --wide nor out is given; else
// 0, no limit, for files and pipes, which do not wrap.
func tableWidth(cmd *cobra.Command, out string) int {
	if wide, _ := cmd.Flags().GetBool("wide"); wide || out != "" {
		return 0
	}
	f, ok := cmd.OutOrStdout().(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0
	}
	w, _, err := term.GetSize(f.Fd())
	if err != nil {
		return 0
	}
	return w
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
