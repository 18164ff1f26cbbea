package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"relulab/train"
)

// mergeCommand is `relulab merge`: the summary of the runs files of the
// shards of one sweep, as the sweep in one process prints it.
func mergeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "merge FILE.jsonl…",
		Short: "Summarize the runs files of a sweep's shards as one sweep would",
		Long: "Read the runs files that `relulab sweep --shard k/n --runs-out FILE.jsonl` wrote and print\n" +
			"the summary of all their runs: byte for byte what one `relulab sweep` of the same\n" +
			"product prints, the seconds aside. Files of different sweeps are refused; runs found\n" +
			"twice are reported and counted once; missing (configuration, seed) pairs are listed\n" +
			"and make the exit status 1.\n\n" +
			"  relulab merge runs-*.jsonl --format csv --out sweep.csv",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("merge: give the runs files (FILE.jsonl…) of a sweep's shards")}
			}
			return nil
		},
	}
	format, runs, out := outputFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, paths []string) error {
		if err := formatError(*format); err != nil {
			return usageError{err}
		}
		var files []*train.RunsFile
		for _, path := range paths {
			f, err := train.ReadRunsFile(path)
			if err != nil {
				return err
			}
			if f.Torn > 0 {
				return fmt.Errorf("%s: the last line is cut short (a run in flight when its sweep was stopped): finish that shard with the same command and --resume", path)
			}
			files = append(files, f)
		}
		m, err := train.Merge(files)
		switch {
		case errors.Is(err, train.ErrOtherSweep):
			return usageError{err}
		case err != nil:
			return err
		}
		var builds []string
		for _, f := range files {
			if !slices.Contains(builds, f.Header.Build) {
				builds = append(builds, f.Header.Build)
			}
		}
		if len(builds) > 1 {
			fmt.Fprintf(cmd.ErrOrStderr(), "merge: the files come from %d builds (%s): they make one sweep only where these compute the same bits\n",
				len(builds), strings.Join(builds, "; "))
		}
		if n := len(m.Duplicates); n > 0 {

			fmt.Fprintf(cmd.ErrOrStderr(), "merge: %d runs found twice with the same results, counted once: %s%s\n",
				n, m.Duplicates[0], more(n))
		}
		ss := train.Summarize(m.Sweep.Configs, m.Results, *runs)
		for i := range ss {
			ss[i].Partial = len(m.Missing) > 0
		}
		if err := writeSummaries(cmd, ss, *format, *out); err != nil {
			return err
		}
		if n := len(m.Missing); n > 0 {
			var shards []string
			for _, sh := range m.Shards {
				shards = append(shards, sh.String())
			}
			why := ""
			if len(shards) > 0 {
				why = " (no file of shard " + strings.Join(shards, ", ") + ")"
			}
			config, seed := m.Pair(m.Missing[0])
			return fmt.Errorf("missing %d of %d runs%s: seed %d of %q%s", n, m.Sweep.Total(), why, seed, config, more(n))
		}
		return nil
	}
	return cmd
}

// more returns ", and n-1 more" for a list of n things of which one was
// named, or "".
func more(n int) string {
	if n < 2 {
		return ""
	}
	return fmt.Sprintf(", and %d more", n-1)
}
