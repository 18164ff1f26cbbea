package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"relulab/cli"
	"relulab/train"
	"relulab/train/optim"
)

// trainCommand is `relulab train`: one configuration, headless.
func trainCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "train",
		Short: "Train one configuration headless and print the result",
		Long: "Train one configuration without the lab and print a summary line, or a JSON object\n" +
			"with --json. The same flags and seed give the same numbers, bit for bit, from one build\n" +
			"on one machine, and everywhere for the configurations the README's Speed section lists\n" +
			"(the JSON's seconds aside).\n\nOptimizers and their Keras 3 defaults:\n  " +
			strings.Join(optim.Defaults(), "\n  "),
		Args: cobra.NoArgs,
	}
	cmd.RunE = headless(cmd)
	return cmd
}

// headless adds the flags of a headless run to cmd and returns its action.
func headless(cmd *cobra.Command) func(*cobra.Command, []string) error {
	flags := cli.Register(cmd.Flags(), cli.Options{})
	f := cmd.Flags()
	epochs := f.Int("epochs", train.DefaultEpochs, "epochs to train, in all: a loaded run goes on up to this epoch (--task relu: 20)")
	logEvery := f.Int("log-every", 500, "print progress to stderr every N epochs (0: never)")
	asJSON := f.Bool("json", false, "print the result as one JSON object")
	load := f.String("load", "", "continue the run saved in this file (by --save, or w in the lab)")
	save := f.String("save", "", "write the final state of the run to this file, atomically, for --load")
	history := f.String("history", "", "write the loss history, every epoch, to this CSV file")
	weightsEvery := f.Int("weights-every", 0, "with --history: add the weights every N epochs (0: never)")
	return func(cmd *cobra.Command, _ []string) error {
		t, events, err := startRun(flags, *load)
		if err != nil {
			return err
		}
		if *epochs, err = cli.Epochs(cmd.Flags(), t.Config()); err != nil {
			return usageError{err}
		}
		switch {
		case *epochs < 0 || *logEvery < 0 || *weightsEvery < 0:
			return usageError{errors.New("epochs, log-every and weights-every must be ≥ 0")}
		case *weightsEvery > 0 && *history == "":
			return usageError{errors.New("--weights-every adds columns to --history: give --history FILE.csv")}
		}
		start := time.Now()
		t.SetEvalEvery(*epochs + 1) // measured for the log lines and by the final snapshot
		var rec *train.Recorder
		if *history != "" {
			rec = &train.Recorder{WeightsEvery: *weightsEvery}
			t.SetEvalEvery(1)
			rec.Record(t)
		}
		for t.Epoch() < *epochs && t.Status() == train.Running {
			if err := cmd.Context().Err(); err != nil {
				return fmt.Errorf("interrupted at epoch %d", t.Epoch())
			}
			// To the next log line, record or check for an interrupt: where a
			// run stops between epochs does not change its numbers.
			n := min(*epochs-t.Epoch(), interruptEvery)
			if *logEvery > 0 {
				n = min(n, *logEvery-t.Epoch()%*logEvery)
			}
			if rec != nil {
				n = 1
			}
			t.Run(n)
			if rec != nil {
				rec.Record(t)
			}
			if *logEvery > 0 && (t.Epoch()%*logEvery == 0 || t.Epoch() == *epochs) {
				fmt.Fprintf(cmd.ErrOrStderr(), "epoch %d  train %.4g  test %.4g\n", t.Epoch(), t.TrainMSE(), t.Evaluate())
			}
		}
		if err := writeRun(t, events, rec, *save, *history); err != nil {
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
func startRun(flags *cli.Flags, load string) (*train.Trainer, []train.Event, error) {
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

// interruptEvery bounds, in epochs, how long a headless run goes without
// checking for Ctrl+C or SIGTERM.
const interruptEvery = 100

// loadRun reads the run saved in path. A file that is missing, unreadable
// or not a saved run is bad input: a usage error.
func loadRun(path string) (*train.Trainer, []train.Event, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("--load: %w", err)}
	}
	t, events, err := train.Load(data)
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("--load %s: %w", path, err)}
	}
	return t, events, nil
}

// writeRun writes, atomically, the final state of t with the events of the
// run it was loaded from to save, and the recorded history to history,
// where they are not empty.
func writeRun(t *train.Trainer, events []train.Event, rec *train.Recorder, save, history string) error {
	if save != "" {
		data, err := t.Save(events)
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
