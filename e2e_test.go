package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tmux drives a terminal program as a person would: a private tmux server
// runs it, send-keys types, capture-pane reads the screen.
type tmux struct {
	t      *testing.T
	socket string
}

// need skips an end-to-end test under -short, which leaves them to CI,
// and when tool is not installed: outside CI a skip, in CI (CI=true, as
// .ci/run sets it) a failure, since .ci/run installs every tool they need.
func need(t *testing.T, tool string) {
	t.Helper()
	if testing.Short() {
		t.Skip("an end-to-end test with " + tool + ": run without -short, as CI does")
	}
	if _, err := exec.LookPath(tool); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed, and CI must run this test: .ci/run installs it", tool)
		}
		t.Skipf("%s is not installed", tool)
	}
}

// newTmux starts command in a new tmux server of its own, w×h; the test
// must need(t, "tmux") first.
func newTmux(t *testing.T, w, h int, command string) *tmux {
	t.Helper()
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

// quit presses q and waits for the program to end.
func (tm *tmux) quit() {
	tm.t.Helper()
	tm.keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for exec.Command("tmux", "-L", tm.socket, "has-session", "-t", "e2e").Run() == nil {
		if time.Now().After(deadline) {
			tm.t.Fatalf("q did not quit:\n%s", tm.screen())
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

// build builds relulab into a temporary directory and returns its path.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "relulab")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestLabInTmux builds relulab, runs it at 120×40 and uses it with keys.
func TestLabInTmux(t *testing.T) {
	need(t, "tmux")
	bin := build(t)
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
	for _, want := range []string{"h=3 act=leaky_relu slope=0.2 opt=adamw", "neurons · 3", "held-out", "error f(x,y)"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, s)
		}
	}

	tm.quit()
}

// TestServeWithOpenSSH runs relulab serve on a loopback port and uses it
// with the OpenSSH client in tmux: a session with arguments, keys, then a
// SIGTERM that the session is told about.
func TestServeWithOpenSSH(t *testing.T) {
	need(t, "ssh")
	need(t, "tmux")
	bin := build(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var log bytes.Buffer
	srv := exec.Command(bin, "serve", "--addr", addr, "--host-key", filepath.Join(t.TempDir(), "host_key"), "--act", "elu")
	srv.Stderr = &log
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }() // owned by the test, which waits for it
	running := true
	defer func() {
		if running {
			srv.Process.Kill()
			<-exited
		}
	}()
	// Wait for the server to listen: an ssh that finds the port closed exits,
	// and its tmux server with it.
	for end := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(end) {
			t.Fatalf("relulab serve does not listen on %s: %v\n%s", addr, err, log.String())
		}
	}
	_, port, _ := net.SplitHostPort(addr)
	ssh := func(args ...string) string { // without a terminal
		out, _ := exec.Command("ssh", append([]string{"-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
			"-o", "UserKnownHostsFile=/dev/null", "-p", port, "127.0.0.1", "--"}, args...)...).CombinedOutput()
		return string(out)
	}
	if out := ssh("--help"); !strings.Contains(out, "usage: ssh -t host --") || !strings.Contains(out, "--act") {
		t.Errorf("ssh host -- --help:\n%s", out)
	}
	long := strings.Repeat("x", 120_000) // one argument may be 128 KB at most
	if out := ssh("--act", long); !strings.Contains(out, "this server reads 4096 at most") || len(out) > 2000 {
		t.Errorf("ssh host -- --act <120 KB>: %d bytes: %.300q", len(out), out)
	}
	tm := newTmux(t, 120, 40, "ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p "+port+" -t 127.0.0.1 -- --seed 6 --opt sgd")
	tm.waitFor("the lab over SSH", func(s string) bool {
		return strings.Contains(s, "h=3 act=elu opt=sgd lr=0.01") && strings.Contains(s, "seed=6") && epochOf(s) > 0
	})
	tm.keys("Space")
	tm.waitFor("pause", contains("⏸ paused"))
	tm.keys("a")
	tm.waitFor("selu", contains("activation → selu: weights kept"))

	srv.Process.Signal(syscall.SIGTERM)
	tm.waitFor("the stop notice", contains("the server is stopping"))
	select {
	case err := <-exited:
		running = false
		if err != nil {
			t.Errorf("relulab serve after SIGTERM: %v\n%s", err, log.String())
		}
	case <-time.After(15 * time.Second):
		srv.Process.Kill()
		<-exited
		running = false
		t.Fatalf("relulab serve did not stop on SIGTERM:\n%s", log.String())
	}
	for _, want := range []string{"connect", "disconnect"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the server log lacks %q:\n%s", want, log.String())
		}
	}
}

// TestCompareInTmux runs relulab compare --act relu,elu at 120×40 and
// uses it with keys: pause, step in lockstep, focus, change the focused
// column, open it full-screen and come back.
func TestCompareInTmux(t *testing.T) {
	need(t, "tmux")
	bin := build(t)
	tm := newTmux(t, 120, 40, bin+" compare --act relu,elu --seed 6")
	tm.waitFor("both columns", func(s string) bool {
		return strings.Contains(s, "1 act=relu") && strings.Contains(s, "2 act=elu") && epochOf(s) > 0
	})
	if s := tm.screen(); !strings.Contains(s, "same data and initial weights (seed 6)") {
		t.Errorf("the screen does not say what the runs share:\n%s", s)
	}
	tm.keys("Space")
	s := tm.waitFor("pause", contains("⏸ paused"))
	paused := epochOf(s)
	tm.keys("n")
	tm.waitFor("one step", func(s string) bool { return epochOf(s) == paused+1 })
	tm.keys("Tab", "Tab")
	tm.waitFor("focus on column 2", contains("▶ 2 act=elu"))
	tm.keys("o")
	tm.waitFor("column 2's optimizer", contains("2: optimizer → adamw"))
	tm.keys("Enter")
	s = tm.waitFor("the lab view of column 2", contains("column 2 of 2 · esc: back"))
	if !strings.Contains(s, "elu") || !strings.Contains(s, "adamw") || !strings.Contains(s, "neurons · 3") {
		t.Errorf("the lab view does not show column 2's run:\n%s", s)
	}
	tm.keys("Escape")
	tm.waitFor("the comparison again", contains("relulab compare"))
	tm.quit()
}
