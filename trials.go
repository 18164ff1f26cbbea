package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"relulab/cli"
	"relulab/train"
	"relulab/tui"
)

// trialsCommand is `relulab trials`: one configuration with a block of
// seeds, trained in lockstep, the spread of its outcomes live.
func trialsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trials",
		Short: "Train one configuration with many seeds at once and watch the outcomes spread",
		Long: fmt.Sprintf("Open the lab on repeated trials: the configuration of the flags with every seed of\n"+
			"--seeds (up to %d), trained in lockstep on every core. One chart holds every run's held-out\n"+
			"MSE, coloured by the basin it is in; the tally counts the basins with 95%% intervals; the\n"+
			"gallery shows each run's error heatmap, and enter opens one in the lab. v runs the same\n"+
			"seeds with a second configuration, --vs, and says whether the difference is significant.\n"+
			"The same seed is the same run as relulab train --seed N and as relulab sweep's record:\n\n"+
			"  relulab trials\n  relulab trials --seeds 101-228 --act elu\n  relulab trials --vs 'opt=lion revive=50'", tui.MaxTrials),
		Args: cobra.NoArgs,
	}
	flags := cli.Register(cmd.Flags(), cli.Options{NoSeed: true})
	seeds := cmd.Flags().String("seeds", fmt.Sprint(tui.DefaultTrials), "seeds: a count (32 is 1-32), a range (200-299) or a list (1,5,9)")
	vs := cmd.Flags().String("vs", "", "what v compares with: recipe=NAME or settings on top of the flags' ('opt=lion revive=50'), then compared from the start; default "+tui.DefaultVs)
	o := labFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		c, err := flags.Config()
		if err != nil {
			return usageError{err}
		}
		seedList, err := train.ParseSeeds(*seeds)
		if err != nil {
			return usageError{err}
		}
		app, err := tui.NewTrials(c, seedList, *vs, *o)
		if err != nil {
			return usageError{err}
		}
		return runLab(cmd.Context(), app, cmd.OutOrStdout())
	}
	return cmd
}
