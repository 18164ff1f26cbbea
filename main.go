// Command relulab is a terminal lab in which a tiny network learns
// |x+iy| = √(x²+y²), and in which every way it fails is visible.
//
//	relulab [flags]         the lab: train live and watch why the network fails
//	relulab train [flags]   train one configuration headless
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"github.com/spf13/cobra"

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
	root.AddCommand(trainCommand())
	err := fang.Execute(ctx, root,
		fang.WithNotifySignal(os.Interrupt),
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
	cmd.Args = cobra.NoArgs
	return func(cmd *cobra.Command, _ []string) error {
		c, err := flags.Config()
		if err != nil {
			return usageError{err}
		}
		app, err := tui.New(c, tui.Options{})
		if err != nil {
			return usageError{err}
		}
		_, err = tea.NewProgram(app, tea.WithContext(cmd.Context())).Run()
		if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) {
			return nil
		}
		return err
	}
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
	epochs := cmd.Flags().Int("epochs", train.DefaultEpochs, "epochs to train")
	logEvery := cmd.Flags().Int("log-every", 500, "print progress to stderr every N epochs (0: never)")
	asJSON := cmd.Flags().Bool("json", false, "print the result as one JSON object")
	return func(cmd *cobra.Command, _ []string) error {
		c, err := flags.Config()
		if err != nil {
			return usageError{err}
		}
		if *epochs < 0 || *logEvery < 0 {
			return usageError{errors.New("epochs and log-every must be ≥ 0")}
		}
		t, err := train.New(c)
		if err != nil {
			return usageError{err}
		}
		start := time.Now()
		chunk := max(*epochs, 1)
		if *logEvery > 0 {
			chunk = *logEvery
		}
		t.SetEvalEvery(chunk)
		for t.Epoch() < *epochs && t.Status() == train.Running {
			if err := cmd.Context().Err(); err != nil {
				return fmt.Errorf("interrupted at epoch %d", t.Epoch())
			}
			t.Run(min(chunk, *epochs-t.Epoch()))
			if *logEvery > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "epoch %d  train %.4g  test %.4g\n", t.Epoch(), t.TrainMSE(), t.TestMSE())
			}
		}
		s := t.Snapshot()
		if *asJSON {
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(train.NewReport(s, time.Since(start).Seconds()))
		}
		_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s\n%s  (%.2fs)\n", c, s.Summary(), time.Since(start).Seconds())
		return err
	}
}
