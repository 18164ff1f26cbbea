package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"relulab/cli"
	"relulab/train"
)

// nudgeCommand is `relulab nudge`: how wide a run's basin is.
func nudgeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "nudge",
		Short: "Nudge a run by noise of each size and count how often it leaves its basin",
		Long: "Measure how wide a run's basin is: for each nudge size ε, --seeds copies of the run each get\n" +
			"Gaussian noise of size ε on every weight and bias (nudge k the same direction for every ε,\n" +
			"only farther), a fresh optimizer state, then --epochs more epochs, and are named by their\n" +
			"basin; the table says how many left the run's basin. The run is a file (--load, as w saves\n" +
			"it in the lab), or with --optimum the reference optimum of a configuration's shape, as P\n" +
			"puts it in the lab. The same flags give the same table, bit for bit, on one build.",
		Args: cobra.NoArgs,
	}
	flags := cli.Register(cmd.Flags(), cli.Options{})
	f := cmd.Flags()
	load := f.String("load", "", "nudge the run saved in this file (by --save, or w in the lab)")
	optimum := f.Bool("optimum", false, "nudge the reference optimum of the configuration's shape (P in the lab) instead of a file")
	seeds := f.Int("seeds", 100, "nudges of each size")
	epochs := f.Int("epochs", 2000, "epochs trained after each nudge")
	eps := f.Float64Slice("eps", train.Nudges, "nudge sizes ε, the standard deviation of the noise")
	ladder := make([]string, len(train.Nudges))
	for i, e := range train.Nudges {
		ladder[i] = strconv.FormatFloat(e, 'g', -1, 64)
	}
	f.Lookup("eps").DefValue = strings.Join(ladder, ",") // pflag's is [0.010000,…]
	workers := f.Int("workers", runtime.NumCPU(), "goroutines training at once")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if (*load == "") == !*optimum {
			return usageError{errors.New("nudge needs a run: --load FILE, or --optimum")}
		}
		t, _, err := startRun(flags, *load)
		if err != nil {
			return err
		}
		s := train.NudgeStudy{Epsilons: *eps, Seeds: *seeds, Epochs: *epochs, Workers: *workers}
		if err := s.Validate(); err != nil {
			return usageError{err}
		}
		from := *load
		if *optimum {
			params, _, err := train.ReferenceOptimum(cmd.Context(), t.Config())
			if err != nil {
				return usageError{err}
			}
			if err := t.SetParams(params); err != nil {
				return err
			}
			from = "the reference optimum of " + t.Config().String()
		}
		if s.Saved, err = t.Save(nil); err != nil {
			return err
		}
		r, err := s.Run(cmd.Context())
		if err != nil {
			return err
		}
		printNudges(cmd.OutOrStdout(), from, s, r)
		return nil
	}
	return cmd
}

// printNudges writes the study's table: a row per ε, how many nudged runs
// left the basin (with a 95% Wilson interval) and the basins they ended
// in.
func printNudges(w io.Writer, from string, s train.NudgeStudy, r train.NudgeResult) {
	basin := string(r.From)
	if basin == "" {
		basin = "no named basin"
	}
	fmt.Fprintf(w, "nudging %s at epoch %d: %s\n", from, r.Epoch, cmp.Or(r.Why, basin))
	fmt.Fprintf(w, "each nudge: Gaussian noise of size ε on every weight and bias, a fresh optimizer state, then %d epochs; %d nudges per ε\n\n", s.Epochs, s.Seeds)
	fmt.Fprintf(w, "%8s  %-22s  %-15s  %s\n", "ε", "left the "+basin, "95% CI", "ended in")
	for _, row := range r.Rows {
		ci := train.Wilson(row.Left, row.Runs)
		var ends []string
		for b, n := range row.Basins {
			name := string(b)
			if name == "" {
				name = "unnamed"
			}
			ends = append(ends, fmt.Sprintf("%s %d", name, n))
		}
		if row.Diverged > 0 {
			ends = append(ends, fmt.Sprintf("diverged %d", row.Diverged))
		}
		sort.Strings(ends)
		fmt.Fprintf(w, "%8g  %-22s  %-15s  %s\n", row.Eps,
			fmt.Sprintf("%d/%d (%.0f%%)", row.Left, row.Runs, 100*float64(row.Left)/float64(row.Runs)),
			fmt.Sprintf("%.0f%% – %.0f%%", 100*ci[0], 100*ci[1]), strings.Join(ends, ", "))
	}
}
