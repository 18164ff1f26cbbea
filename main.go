// Command relulab is a terminal lab in which a tiny network learns
// |x+iy| = √(x²+y²), and in which every way it fails is visible.
//
//	relulab [flags]         the lab: train live and watch why the network fails
//	relulab train [flags]   train one configuration headless
//	relulab compare [flags] race configurations side by side
//	relulab trials [flags]  one configuration, many seeds at once: how often it converges, live
//	relulab sweep [flags]   train many seeds and configurations; count how often each converges
//	relulab merge FILE…     summarize the runs files of a sweep's shards as one sweep would
//	relulab optimum [flags] search for the best network of one shape, the reference of "fitted"
//	relulab serve [flags]   the lab over SSH, a lab for every session
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"
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
	root.AddCommand(trainCommand(), compareCommand(), trialsCommand(), sweepCommand(), mergeCommand(), optimumCommand(), nudgeCommand(), serveCommand())
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
