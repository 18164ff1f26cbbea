package main

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// tallyRE matches the headline of the trials' tally.
var tallyRE = regexp.MustCompile(`\d+ of 16 found the pyramid \(\d+%, 95% \d+–\d+%\)`)

// TestTrialsInTmux runs relulab trials --seeds 16 at 120×40 in a tmux
// server of its own, waits for the tally, opens the second run with enter
// and comes back with esc.
func TestTrialsInTmux(t *testing.T) {
	need(t, "tmux")
	bin := build(t)
	tm := &tmux{t: t, socket: "trials-e2e"}
	exec.Command("tmux", "-L", tm.socket, "kill-server").Run() // a server left by a killed run
	tm.run("new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", bin+" trials --seeds 16")
	t.Cleanup(func() { exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })

	tm.waitFor("the tally, the chart and the gallery", func(s string) bool {
		for _, want := range []string{"relulab trials", "16 seeds 1–16", "held-out MSE of 16 runs", "runs 1–16 of 16", "95% interval"} {
			if !strings.Contains(s, want) {
				return false
			}
		}
		return tallyRE.MatchString(s) && epochOf(s) >= 100
	})
	tm.keys("Right")
	tm.keys("Enter")
	tm.waitFor("the lab view of seed 2", func(s string) bool { // the whole screen: a capture can catch a frame half drawn
		return strings.Contains(s, "seed 2 (2 of 16) · esc: back") && strings.Contains(s, "seed=2") && strings.Contains(s, "neurons · 3")
	})
	tm.keys("Escape")
	tm.waitFor("the trials again", func(s string) bool { return tallyRE.MatchString(s) && strings.Contains(s, "relulab trials") })
	tm.quit()
}
