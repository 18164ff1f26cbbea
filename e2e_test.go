package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// tmux drives a terminal program as a person would: a private tmux server
// runs it, send-keys types, capture-pane reads the screen.
type tmux struct {
	t      *testing.T
	socket string
}

func newTmux(t *testing.T, w, h int, command string) *tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	tm := &tmux{t: t, socket: "relulab-test-" + strconv.FormatInt(time.Now().UnixNano(), 36)}
	tm.run("new-session", "-d", "-s", "e2e", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), command)
	t.Cleanup(func() { exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *tmux) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (tm *tmux) keys(keys ...string) { tm.run(append([]string{"send-keys", "-t", "e2e"}, keys...)...) }

func (tm *tmux) screen() string { return tm.run("capture-pane", "-p", "-t", "e2e") }

// waitFor polls the screen until ok holds, or fails after 10 s.
func (tm *tmux) waitFor(what string, ok func(string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tm.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waited 10 s for %s; the screen:\n%s", what, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func contains(sub string) func(string) bool {
	return func(s string) bool { return strings.Contains(s, sub) }
}

var epochRE = regexp.MustCompile(`epoch (\d+) `)

func epochOf(s string) int {
	m := epochRE.FindStringSubmatch(s)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestLabInTmux builds relulab, runs it at 120×40 and uses it with keys.
func TestLabInTmux(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "relulab")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tm := newTmux(t, 120, 40, bin+" --seed 6")
	tm.waitFor("the lab to train", func(s string) bool { return strings.Contains(s, "▶ running") && epochOf(s) > 0 })

	tm.keys("Space")
	s := tm.waitFor("pause", contains("⏸ paused"))
	paused := epochOf(s)
	time.Sleep(300 * time.Millisecond)
	if e := epochOf(tm.screen()); e != paused {
		t.Errorf("paused at epoch %d, yet at %d later", paused, e)
	}

	tm.keys("n")
	tm.waitFor("one step", func(s string) bool { return epochOf(s) == paused+1 })

	tm.keys("a")
	tm.waitFor("leaky_relu", contains("activation → leaky_relu: weights kept"))
	tm.keys("o")
	s = tm.waitFor("adamw", contains("optimizer → adamw"))
	for _, want := range []string{"h=3 · leaky_relu · adamw", "neurons · 3", "held-out", "error f(x,y)"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, s)
		}
	}

	tm.keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for exec.Command("tmux", "-L", tm.socket, "has-session", "-t", "e2e").Run() == nil {
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit:\n%s", tm.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
