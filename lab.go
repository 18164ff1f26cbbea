package main

import (
	"context"
	"errors"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"relulab/cli"
	"relulab/train"
	"relulab/tui"
)

// lab adds the training flags to cmd and returns the action that opens
// the lab on the configuration they describe.
func lab(cmd *cobra.Command) func(*cobra.Command, []string) error {
	flags := cli.Register(cmd.Flags(), cli.Options{})
	o := labFlags(cmd)
	load := cmd.Flags().String("load", "", "go on with the run saved in this file (by w, or train --save)")
	cmd.Args = cobra.NoArgs
	return func(cmd *cobra.Command, _ []string) error {
		if *load == "" {
			c, err := flags.Config()
			if err != nil {
				return usageError{err}
			}
			return openLab(cmd.Context(), []train.Config{c}, *o, cmd.OutOrStdout())
		}
		t, events, err := startRun(flags, *load)
		if err != nil {
			return err
		}
		return runLab(cmd.Context(), tui.Resume(t, events, *o), cmd.OutOrStdout())
	}
}

// labFlags adds the flags of the lab's own to cmd: start paused, and
// where w and e write.
func labFlags(cmd *cobra.Command) *tui.Options {
	var o tui.Options
	cmd.Flags().BoolVar(&o.Paused, "paused", false, "start paused: space runs, n steps one epoch")
	cmd.Flags().StringVar(&o.SaveDir, "save-dir", ".", "where w saves runs and e exports loss histories")
	return &o
}

// openLab runs the lab on cs, drawn on out, until the user quits.
func openLab(ctx context.Context, cs []train.Config, o tui.Options, out io.Writer) error {
	app, err := tui.NewCompare(cs, o)
	if err != nil {
		return usageError{err}
	}
	return runLab(ctx, app, out)
}

// needTerminal returns a usage error unless out is a terminal and a
// terminal can be read: standard input, or the controlling terminal.
func needTerminal(out io.Writer) error {
	errNone := usageError{errors.New("relulab's lab needs a terminal; `relulab train` runs headless (see relulab train --help)")}
	if f, ok := out.(*os.File); !ok || !term.IsTerminal(f.Fd()) {
		return errNone
	}
	if term.IsTerminal(os.Stdin.Fd()) {
		return nil
	}
	in, tty, err := tea.OpenTTY()
	if err != nil {
		return errNone
	}
	in.Close()
	tty.Close()
	return nil
}

// runLab runs app in the terminal until the user quits; out is where the
// command's output goes, which must be that terminal.
func runLab(ctx context.Context, app *tui.App, out io.Writer) error {
	if err := needTerminal(out); err != nil {
		return err
	}
	_, err := tea.NewProgram(app, tea.WithContext(ctx)).Run()
	if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) {
		return nil
	}
	return err
}
