package tui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"relulab/train"
)

// TestSaveExportAndCopyKeys saves a run with w, twice, exports its history
// with e, copies its configuration with y, and resumes the saved file.
func TestSaveExportAndCopyKeys(t *testing.T) {
	dir := t.TempDir()
	a := newTestApp(t, train.DefaultConfig(), 160, 40) // wide enough for a temporary path
	a.opts.SaveDir = dir
	press(a, "n", "n", "n", "a", "n", "n")
	save := a.key(tea.KeyPressMsg{Code: 'w', Text: "w"})
	if entries, _ := os.ReadDir(dir); save == nil || len(entries) != 0 {
		t.Fatalf("w wrote %d files in Update; it should return a command that does (got %v)", len(entries), save != nil)
	}
	a.Update(save())
	pressAndWait(a, "w", "e")
	want := filepath.Join(dir, "relulab-leaky_relu-adam-seed1-e5.json")
	if e := a.events[len(a.events)-3].Text; e != "saved the run to "+want {
		t.Errorf("w logged %q", e)
	}
	if s := screen(a); !strings.Contains(s, "exported the loss history to "+filepath.Join(dir, "relulab-leaky_relu-adam-seed1-e5.csv")) {
		t.Errorf("the events line does not give the path:\n%s", s)
	}
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "relulab-leaky_relu-adam-seed1-e5-2.json")); err != nil {
		t.Errorf("the second save: %v", err)
	}
	run, events, err := train.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if run.Epoch() != 5 || !slices.Equal(run.Params(), a.current.snap.Params) || len(events) != 1 || !strings.Contains(events[0].Text, "activation → leaky_relu") {
		t.Errorf("the file holds epoch %d, events %v", run.Epoch(), events)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "relulab-leaky_relu-adam-seed1-e5.csv"))
	if lines := strings.Split(strings.TrimSpace(string(csv)), "\n"); err != nil || len(lines) != 6 || lines[0] != "epoch,train_mse,test_mse,events" ||
		!strings.Contains(lines[3], "activation → leaky_relu") {
		t.Errorf("the exported history: %v\n%s", err, csv)
	}
	if cmd := a.key(tea.KeyPressMsg{Code: 'y', Text: "y"}); cmd == nil {
		t.Error("y sent nothing to the clipboard")
	}
	if s := screen(a); !strings.Contains(s, "copied to the clipboard: h=3 act=leaky_relu slope=0.2 opt=adam") {
		t.Errorf("y did not say what it copied:\n%s", s)
	}

	b := Resume(run, events, Options{Paused: true, Now: func() time.Time { return time.Time{} }})
	b.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if s := screen(b); !strings.Contains(s, "epoch 5 ") || !strings.Contains(s, "activation → leaky_relu") {
		t.Errorf("the resumed lab does not show the run and its events:\n%s", s)
	}
}

// pressAndWait presses each key and gives the lab the message of the
// command it returns, as Bubble Tea would: for keys whose command writes.
func pressAndWait(a *App, keys ...string) {
	for _, k := range keys {
		if cmd := a.key(tea.KeyPressMsg{Code: []rune(k)[0], Text: k}); cmd != nil {
			a.Update(cmd())
		}
	}
}

// TestSavingOffOnAServer checks that w with no save directory writes
// nothing and offers the configuration string.
func TestSavingOffOnAServer(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	a.opts.SaveDir = ""
	pressAndWait(a, "w", "e")
	if s := screen(a); !strings.Contains(s, "saving is off on this server; y copies the configuration string instead: h=3 act=relu") {
		t.Errorf("w did not say that saving is off:\n%s", s)
	}
}

// TestRevivalIsLogged checks that the lab tells when --revive re-draws
// neurons.
func TestRevivalIsLogged(t *testing.T) {
	c := train.DefaultConfig()
	c.Seed, c.Revive = 4, 10 // seed 4 lands in a valley with a weak neuron
	a := newTestApp(t, c, 120, 40)
	for range 200 {
		press(a, "n")
	}
	found := false
	for _, e := range a.events {
		found = found || strings.HasPrefix(e.Text, "revive: re-drew neuron")
	}
	if !found || a.current.snap.Revivals == 0 {
		t.Errorf("no revival told in 200 epochs of seed 4 (%d revivals): %v", a.current.snap.Revivals, a.events)
	}
}
