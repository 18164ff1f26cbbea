package tui

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"relulab/model"
	"relulab/train"
)

// newTestTrials returns paused trials of the default configuration with
// seeds 1 to n at w×h, trained to epoch epochs, with a still clock and a
// save directory of their own.
func newTestTrials(t testing.TB, n, w, h, epochs int) *App {
	t.Helper()
	return newTestTrialsOf(t, train.DefaultConfig(), n, w, h, epochs)
}

// newTestTrialsOf is newTestTrials of the configuration c.
func newTestTrialsOf(t testing.TB, c train.Config, n, w, h, epochs int) *App {
	t.Helper()
	seeds := make([]uint64, n)
	for i := range seeds {
		seeds[i] = uint64(i + 1)
	}
	clock := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	a, err := NewTrials(c, seeds, "", Options{Paused: true, Now: func() time.Time { return clock }, SaveDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	a.train(epochs)
	a.refresh()
	return a
}

// TestTrialsGoldenViews draws seeds 1–16 at epoch 200 at two sizes, and
// their comparison with the recipe.
func TestTrialsGoldenViews(t *testing.T) {
	for _, c := range []struct {
		w, h int
		ab   bool
	}{{120, 40, false}, {200, 60, false}, {120, 40, true}} {
		a := newTestTrials(t, 16, c.w, c.h, 0)
		name := fmt.Sprintf("trials_16_%dx%d", c.w, c.h)
		if c.ab {
			press(a, "v")
			name += "_ab"
		}
		a.train(200)
		a.refresh()
		s := screen(a)
		lines := strings.Split(s, "\n")
		if len(lines) != c.h {
			t.Errorf("%s: %d lines", name, len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > c.w {
				t.Errorf("%s: line %d is %d cells wide", name, i, w)
			}
		}
		golden(t, name, s)
	}
}

// runsOf returns every run of the trials.
func runsOf(a *App) []*train.Trial { return a.trials.all() }

// allAt checks that every run stands at epoch e with a configuration that
// ok accepts.
func allAt(t *testing.T, a *App, e int, ok func(train.Config) bool) {
	t.Helper()
	for i, r := range runsOf(a) {
		if r.T.Epoch() != e || !ok(r.T.Config()) {
			t.Fatalf("run %d: epoch %d, config %s", i, r.T.Epoch(), r.T.Config())
		}
	}
}

// TestTrialsKeys presses each key of the trials view on 16 runs at epoch
// 20 and checks what it changes, on every run.
func TestTrialsKeys(t *testing.T) {
	def := train.DefaultConfig()
	restarted := func(check func(train.Config) bool) func(*testing.T, *App) {
		return func(t *testing.T, a *App) { allAt(t, a, 0, check) }
	}
	tests := []struct {
		key   string
		event string
		check func(t *testing.T, a *App)
	}{
		{"space", "", func(t *testing.T, a *App) {
			if a.paused || !strings.Contains(screen(a), "▶ running") {
				t.Error("space did not resume")
			}
		}},
		{"n", "", func(t *testing.T, a *App) { allAt(t, a, 21, func(c train.Config) bool { return c.Opt.Name == "adam" }) }},
		{"+", "", func(t *testing.T, a *App) { is(t, speeds[a.speed], 20) }},
		{"-", "", func(t *testing.T, a *App) { is(t, speeds[a.speed], 5) }},
		{"r", "restart: every run from epoch 0", func(t *testing.T, a *App) {
			allAt(t, a, 0, func(c train.Config) bool { return c.Seed >= 1 && c.Seed <= 16 })
			fresh, _ := train.New(def)
			if !slices.Equal(runsOf(a)[0].T.Params(), fresh.Params()) {
				t.Error("seed 1 did not start from its initial weights")
			}
		}},
		{"s", "seeds → 17–32", func(t *testing.T, a *App) {
			for i, r := range runsOf(a) {
				if r.T.Config().Seed != uint64(17+i) || r.T.Epoch() != 0 {
					t.Fatalf("run %d: seed %d epoch %d", i, r.T.Config().Seed, r.T.Epoch())
				}
			}
		}},
		{"o", "optimizer → adamw", restarted(func(c train.Config) bool { return c.Opt.Name == "adamw" })},
		{"O", "optimizer → rmsprop", restarted(func(c train.Config) bool { return c.Opt.Name == "rmsprop" })},
		{"a", "activation → leaky_relu", restarted(func(c train.Config) bool { return c.Act == model.LeakyReLU })},
		{"A", "activation → abs", restarted(func(c train.Config) bool { return c.Act.String() == "abs" })},
		{"l", "lr → 0.002", restarted(func(c train.Config) bool { return c.Opt.LR == 0.002 })},
		{"L", "lr → 0.0005", restarted(func(c train.Config) bool { return c.Opt.LR == 0.0005 })},
		{"h", "neurons → 4", restarted(func(c train.Config) bool { return c.Hidden[0] == 4 })},
		{"H", "neurons → 2", restarted(func(c train.Config) bool { return c.Hidden[0] == 2 })},
		{"b", "batch → 64", restarted(func(c train.Config) bool { return c.Batch == 64 })},
		{"d", "data → normal", restarted(func(c train.Config) bool { return c.Data.String() == "normal" })},
		{"i", "initializer → glorot_normal", restarted(func(c train.Config) bool { return c.Init.String() == "glorot_normal" })},
		{"g", "", func(t *testing.T, a *App) { is(t, a.linear, true) }},
		{"m", "", func(t *testing.T, a *App) {
			if a.mode != modeOutput || !strings.Contains(screen(a), "output f(x,y)") {
				t.Errorf("mode %v", a.mode)
			}
		}},
		{"?", "", func(t *testing.T, a *App) {
			if s := screen(a); !a.helpOpen || !strings.Contains(s, "compare: recipe=reliable") || !strings.Contains(s, "next block of seeds") {
				t.Errorf("the help page lacks the trials' keys:\n%s", s)
			}
		}},
		{"right", "", func(t *testing.T, a *App) { is(t, a.trials.sel, 1) }},
		{"down", "", func(t *testing.T, a *App) { is(t, a.trials.sel, a.trials.gallery.perRow) }},
		{"enter", "", func(t *testing.T, a *App) {
			if !a.full || a.current != a.trials.groups[0].lanes[0] || !strings.Contains(screen(a), "seed 1 (1 of 16) · esc: back") {
				t.Errorf("enter did not open run 1:\n%s", screen(a))
			}
		}},
		{"v", "A/B: the same seeds with recipe=reliable", func(t *testing.T, a *App) {
			tr := a.trials
			want, _ := train.ApplyRecipe(def, "reliable")
			if len(tr.groups) != 2 || tr.groups[1].config.String() != want.String() || !strings.Contains(screen(a), " → B ") {
				t.Errorf("v: %d groups, B %s", len(tr.groups), tr.groups[len(tr.groups)-1].config)
			}
			allAt(t, a, 0, func(train.Config) bool { return true })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			a := newTestTrials(t, 16, 120, 40, 20)
			a.speed = 3 // 10 a frame
			press(a, tt.key)
			tt.check(t, a)
			if tt.event != "" && !strings.Contains(screen(a), tt.event) {
				t.Errorf("the events line lacks %q:\n%s", tt.event, lastLines(screen(a)))
			}
		})
	}
}

// TestTrialsOpenAndBack opens a run with enter, checks that it is the run
// relulab train makes of its seed, and goes back with esc; from the lab,
// t opens the lab's trials and esc goes back to the lab.
func TestTrialsOpenAndBack(t *testing.T) {
	a := newTestTrials(t, 8, 120, 40, 60)
	press(a, "right", "right", "enter")
	c := train.DefaultConfig()
	c.Seed = 3
	plain, _ := train.New(c)
	plain.Run(60)
	want := plain.Snapshot()
	if !a.full || !slices.Equal(a.current.snap.Params, want.Params) || a.current.snap.TestMSE != want.TestMSE || a.current.snap.Basin != want.Basin {
		t.Fatalf("run 3 opened as %v %v, relulab train: %v %v", a.current.snap.TestMSE, a.current.snap.Basin, want.TestMSE, want.Basin)
	}
	press(a, "esc")
	if a.full || !strings.Contains(screen(a), "relulab trials") {
		t.Fatal("esc did not go back to the trials")
	}
	press(a, "esc") // no lab to go back to
	if a.trials == nil {
		t.Fatal("esc left trials that the command line opened")
	}

	lab := newTestApp(t, c, 120, 40)
	press(lab, "n", "t")
	tr := lab.trials
	if tr == nil || len(tr.seeds) != DefaultTrials || tr.seeds[0] != 3 || tr.groups[0].config.String() != c.String() {
		t.Fatalf("t opened %+v", tr)
	}
	press(lab, "esc")
	if lab.trials != nil || lab.current.snap.Epoch != 1 || !strings.Contains(screen(lab), "back to the lab") {
		t.Fatalf("esc did not go back to the lab:\n%s", screen(lab))
	}
}

// TestTrialsMouse selects a thumbnail with a click and opens it with a
// second.
func TestTrialsMouse(t *testing.T) {
	a := newTestTrials(t, 8, 120, 40, 20)
	l := a.trials.gallery
	x, y := l.inner.x+2*l.cellW+1, l.inner.y+1
	a.Update(tea.MouseClickMsg{X: x, Y: y})
	is(t, a.trials.sel, 2)
	a.Update(tea.MouseClickMsg{X: x, Y: y})
	if !a.full || a.current != a.trials.groups[0].lanes[2] {
		t.Error("a second click did not open run 3")
	}
}

// written presses key and returns the one file it wrote, named ext.
func written(t *testing.T, a *App, key, ext string) []byte {
	t.Helper()
	_, cmd := a.Update(tea.KeyPressMsg{Code: rune(key[0]), Text: key})
	if cmd == nil {
		t.Fatalf("%s returned no command", key)
	}
	a.Update(cmd())
	files, _ := filepath.Glob(filepath.Join(a.opts.SaveDir, "relulab-trials-*"+ext))
	if len(files) != 1 {
		t.Fatalf("%s wrote %v", key, files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// secondsRE matches the timings, the only thing in which two sweeps of
// the same runs differ.
var secondsRE = regexp.MustCompile(`"seconds": [0-9.e+-]+`)

// TestTrialsSaveIsTheSweepsJSON saves 6 trials at epoch 100 with w and
// checks the file is what a sweep of the same seeds and epochs writes.
func TestTrialsSaveIsTheSweepsJSON(t *testing.T) {
	a := newTestTrials(t, 6, 120, 40, 100)
	got := written(t, a, "w", ".json")
	sw := train.Sweep{Configs: []train.Config{train.DefaultConfig()}, Seeds: []uint64{1, 2, 3, 4, 5, 6}, Epochs: 100}
	rs, err := sw.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := train.JSON(train.Summarize(sw.Configs, rs, true))
	if g, w := secondsRE.ReplaceAll(got, nil), secondsRE.ReplaceAll(want, nil); string(g) != string(w) {
		t.Errorf("trials saved\n%s\nsweep wrote\n%s", g, w)
	}
}

// TestTrialsExport exports every run's record with e: a row per probe
// and run, with the basin.
func TestTrialsExport(t *testing.T) {
	a := newTestTrials(t, 4, 120, 40, 100)
	rows, err := csv.NewReader(bytes.NewReader(written(t, a, "e", ".csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "seed,epoch,train_mse,test_mse,basin" || len(rows) != 1+4*6 {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	last := rows[6] // seed 1, epoch 100
	mse, basin := runsOf(a)[0].T.Probe()
	if last[0] != "1" || last[1] != "100" || last[3] != fmt.Sprint(mse) || last[4] != string(basin) {
		t.Errorf("row %v, probe %v %v", last, mse, basin)
	}
}

// TestTrialsRefuse refuses too many seeds and a bad comparison, and a
// key whose configuration is invalid changes nothing.
func TestTrialsRefuse(t *testing.T) {
	c := train.DefaultConfig()
	if _, err := NewTrials(c, make([]uint64, MaxTrials+1), "", Options{}); err == nil {
		t.Error("257 seeds accepted")
	}
	if _, err := NewTrials(c, []uint64{1}, "opt=nope", Options{}); err == nil {
		t.Error("--vs opt=nope accepted")
	}
	a := newTestTrials(t, 2, 120, 40, 20)
	press(a, "H", "H", "H")
	if w := runsOf(a)[0].T.Config().Hidden[0]; w != 1 || !strings.Contains(screen(a), "refused") {
		t.Errorf("width %d after three H", w)
	}
}

// TestTrialsArrowsAndQuit moves the selection back and forth, stops it at
// the edges, and quits with q.
func TestTrialsArrowsAndQuit(t *testing.T) {
	a := newTestTrials(t, 16, 120, 40, 0)
	press(a, "left", "up")
	is(t, a.trials.sel, 0)
	press(a, "right", "right", "left", "down", "up")
	is(t, a.trials.sel, 1)
	press(a, "down", "down")
	is(t, a.trials.sel, 1+a.trials.gallery.perRow)
	_, cmd := a.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if cmd == nil {
		t.Fatal("q returned no command")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("q did not quit")
	}
}

// TestTrialsReLUVs opens the trials of --task relu, whose default
// comparison is not the recipe (revive re-draws neurons of --task abs and
// spectrum only).
func TestTrialsReLUVs(t *testing.T) {
	a, err := NewTrials(train.TaskConfig(train.TaskReLU), []uint64{1, 2}, "", Options{Paused: true, SaveDir: t.TempDir()})
	if err != nil {
		t.Fatalf("trials --task relu: %v", err)
	}
	if a.trials.vs != ReLUVs {
		t.Errorf("v compares with %q, want %q", a.trials.vs, ReLUVs)
	}
	if _, err := NewTrials(train.TaskConfig(train.TaskReLU), []uint64{1}, DefaultVs, Options{}); err == nil {
		t.Error("--task relu --vs recipe=reliable accepted")
	}
}
