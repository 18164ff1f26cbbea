package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"relulab/model"
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
