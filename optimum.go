package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"relulab/cli"
	"relulab/train"
)

// optimumCommand is `relulab optimum`: the reference optimum of one shape,
// or of every common configuration with --table.
func optimumCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "optimum",
		Short: "Search for the best network of one shape: the reference that fitted is judged against",
		Long: "Search for the population optimum of one hidden layer: many restarts from spread-out\n" +
			"starts, Adam full-batch with a decaying learning rate on a quadrature of the data\n" +
			"distribution, then L-BFGS on a finer one. --table computes every common configuration\n" +
			"and writes the table that train, sweep and the lab read (train/references.json); with\n" +
			"--task spectrum:N it searches that task's widths on random samples and puts them in place\n" +
			"of the task's entries in the table, keeping the rest.\n" +
			"Of a configuration, optimum takes the layer, activation, slope and data; --seed seeds the starts.",
		Args: cobra.NoArgs,
	}
	shape := cli.Register(cmd.Flags(), cli.Options{Shape: true})
	flags := cmd.Flags()
	restarts := flags.Int("restarts", 64, "starts of the search")
	workers := flags.Int("workers", runtime.NumCPU(), "goroutines searching at once")
	asJSON := flags.Bool("json", false, "print the result as one JSON object")
	table := flags.String("table", "", "search every common configuration and write the reference table to this file")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		c, err := shape.Config()
		if err != nil {
			return usageError{err}
		}
		switch {
		case c.Task == train.TaskReLU:
			return usageError{errors.New("--task relu needs no search: max(0, x) is one ReLU unit, w = 1 and b = 0, at loss 0")}
		case len(c.Hidden) != 1:
			return usageError{fmt.Errorf("optimum searches one hidden layer, not %s", train.HiddenString(c.Hidden))}
		}
		if *restarts < 1 || *workers < 1 {
			return usageError{errors.New("restarts and workers must be ≥ 1")}
		}
		if *table != "" {
			return referenceTable(cmd, *table, *restarts, *workers, c.Task)
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

// referenceTable searches every common configuration of |x+iy| and writes
// the table, atomically, after each one, so that an interrupted run keeps
// what it did. For the amplitude spectrum it searches the configurations
// of that task (see train.SpectrumConfigs) and puts them in place of the
// task's entries in the table at path, keeping the rest.
func referenceTable(cmd *cobra.Command, path string, restarts, workers int, task train.Task) error {
	t := train.ReferenceTable{Command: "go run . optimum --table " + path, Restarts: restarts}
	cs := train.CommonConfigs()
	if task.Spectrum() > 0 {
		var err error
		if t, err = train.ReadReferenceTable(path); err != nil {
			return err
		}
		t = t.Without(task, fmt.Sprintf("go run . optimum --task %s --restarts %d --table %s", task, restarts, path))
		cs = train.SpectrumConfigs(task)
	}
	for i, c := range cs {
		start := time.Now()
		r, err := train.Optimum{Config: c, Restarts: restarts, Workers: workers}.Run(cmd.Context())
		if err != nil {
			return err
		}
		e := train.ReferenceEntry{Task: c.Task, Data: c.Data, Act: c.Act, Hidden: c.Hidden[0], BestMSE: r.BestMSE, Found: r.Found}
		if c.Task != train.TaskAbs {
			e.Restarts = restarts
		}
		// A neuron more can always do as well (its outgoing weight 0): when
		// the search did worse, the narrower optimum is the better bound.
		if n := len(t.Entries); i > 0 && n > 0 {
			if p := t.Entries[n-1]; p.Task == e.Task && p.Data == e.Data && p.Act == e.Act && p.BestMSE < e.BestMSE {
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
