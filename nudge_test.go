package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNudgeCommand nudges the reference optimum and a saved run of it:
// tiny nudges never leave the pyramid, the table names its rows, the same
// flags give the same table, and bad flags are one line and exit 2.
func TestNudgeCommand(t *testing.T) {
	args := []string{"nudge", "--optimum", "--seeds", "3", "--epochs", "100", "--eps", "0.001,0.01", "--workers", "1"}
	code, out, errs := runArgs(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"nudging the reference optimum of h=3 act=relu", "left the pyramid", "   0.001  0/3 (0%)", "    0.01  0/3 (0%)", "pyramid 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if _, again, _ := runArgs(args...); again != out {
		t.Errorf("the same flags gave another table:\n%s", again)
	}
	for want, bad := range map[string][]string{
		"nudge needs a run: --load FILE, or --optimum":  {"nudge"},
		"seeds 0 out of range":                          {"nudge", "--optimum", "--seeds", "0"},
		"epochs 0 out of range":                         {"nudge", "--optimum", "--epochs", "0"},
		"nudge size -0.1 out of range":                  {"nudge", "--optimum", "--eps", "-0.1"},
		"nudge size NaN out of range":                   {"nudge", "--optimum", "--eps", "NaN"},
		"no reference optimum for 3x3 relu":             {"nudge", "--optimum", "--hidden", "3x3"},
		"--load: open /nonexistent/run.json":            {"nudge", "--load", "/nonexistent/run.json"},
		"nudge needs a run: --load FILE, or --optimum ": {"nudge", "--load", "x.json", "--optimum"},
	} {
		code, out, errs := runArgs(bad...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, strings.TrimSpace(want)) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line containing %q", bad, code, out, errs, want)
		}
	}
	path := filepath.Join(t.TempDir(), "run.json")
	if code, _, errs := runArgs("train", "--epochs", "30", "--save", path); code != 0 {
		t.Fatalf("train --save: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runArgs("nudge", "--load", path, "--seeds", "2", "--epochs", "10", "--eps", "0.01")
	if code != 0 || !strings.Contains(out, "nudging "+path+" at epoch 30") || !strings.Contains(out, "2 nudges per ε") {
		t.Errorf("--load: exit %d, %s\n%s", code, errs, out)
	}
}

// TestNudgeHelpShowsTheLadder checks that --eps's default reads as the
// lab's ladder, as one would type it, not in pflag's %f.
func TestNudgeHelpShowsTheLadder(t *testing.T) {
	code, out, errs := runArgs("nudge", "--help")
	if code != 0 || !strings.Contains(out+errs, "(0.01,0.03,0.1,0.3,1)") || strings.Contains(out+errs, "0.010000") {
		t.Errorf("exit %d, --eps's default not the ladder 0.01,0.03,0.1,0.3,1:\n%s%s", code, out, errs)
	}
}
