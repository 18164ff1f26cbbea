package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"relulab/cli"
	"relulab/tui"
)

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
	flags := cli.Register(cmd.Flags(), cli.Options{Lists: true})
	o := labFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cs, err := flags.Configs()
		if err != nil {
			return usageError{err}
		}
		if len(cs) > tui.MaxCompare {
			return usageError{fmt.Errorf("compare shows up to %d configurations; these flags make %d", tui.MaxCompare, len(cs))}
		}
		return openLab(cmd.Context(), cs, *o, cmd.OutOrStdout())
	}
	return cmd
}
