package tui

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"relulab/train"
)

// knobRowOf returns the row of the settings picker that sets key.
func knobRowOf(t *testing.T, key string) int {
	t.Helper()
	for i, l := range knobLadders {
		if l.key == key {
			return i
		}
	}
	if key == recipeKey {
		return len(knobLadders)
	}
	t.Fatalf("no row %q", key)
	return 0
}

// turnKnob opens the settings picker, moves to the row of key, steps its
// value right n times and applies it.
func turnKnob(t *testing.T, a *App, key string, n int) {
	t.Helper()
	press(a, "k")
	for range knobRowOf(t, key) {
		press(a, "down")
	}
	for range n {
		press(a, "right")
	}
	press(a, "enter")
}

// TestKnobs turns each setting of the picker on a paused lab at epoch 5:
// the run's configuration changes, the weights, the epoch and (unless the
// recipe names another optimizer) the optimizer state are kept, the events
// line says what changed and what was kept, and the chart's x axis carries
// a mark.
func TestKnobs(t *testing.T) {
	for _, tc := range []struct {
		key   string
		event string
		check func(c train.Config) bool
	}{
		{"l1", "l1 → 1e-05: weights and optimizer state kept, from the next step", func(c train.Config) bool { return c.L1 == 1e-5 }},
		{"l2", "l2 → 1e-05: weights and optimizer state kept", func(c train.Config) bool { return c.L2 == 1e-5 }},
		{"dropout", "dropout → 0.05: weights and optimizer state kept", func(c train.Config) bool { return c.Dropout == 0.05 }},
		{"repel", "repel → 0.01: weights and optimizer state kept", func(c train.Config) bool { return c.Repel == 0.01 }},
		{"schedule", "schedule → cosine: weights and optimizer state kept", func(c train.Config) bool { return c.Schedule == train.Cosine }},
		{"horizon", "horizon → 10000: weights and optimizer state kept", func(c train.Config) bool { return c.Horizon == 10000 }},
		{"revive", "revive → 10: weights and optimizer state kept", func(c train.Config) bool { return c.Revive == 10 }},
		{recipeKey, "recipe reliable: weights kept, fresh optimizer state, from the next step; it set opt → lamb, lr → 0.03, schedule → cosine, revive → 50",
			func(c train.Config) bool {
				return c.Opt.Name == "lamb" && c.Opt.LR == 0.03 && c.Schedule == train.Cosine && c.Revive == 50
			}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			a := newTestApp(t, train.DefaultConfig(), 120, 40)
			press(a, "n", "n", "n", "n", "n")
			before := a.current.snap
			turnKnob(t, a, tc.key, 1)
			if a.knobs != nil {
				t.Fatal("enter left the picker open")
			}
			c := a.current.run.Config()
			if !tc.check(c) {
				t.Errorf("configuration after the knob: %s", c)
			}
			keptWeights(t, a, before)
			epochIs(t, a, 5)
			if got := a.events[len(a.events)-1].Text; !strings.Contains(got, tc.event) {
				t.Errorf("event %q, want %q", got, tc.event)
			}
			if !strings.Contains(screen(a), tc.event[:20]) {
				t.Error("the events line does not show the change")
			}
			if !slices.Equal(a.current.changes, []int{5}) {
				t.Errorf("chart marks at %v, want [5]", a.current.changes)
			}
			press(a, "n", "n", "n", "n", "n")
			if axis, _ := axisLine(a); strings.Count(axis, changeMark) != 1 {
				t.Errorf("axis %q: want one mark", axis)
			}
		})
	}
}

// TestKnobsPicker draws the picker, steps a value both ways, refuses to
// apply nothing, and esc leaves the run as it was.
func TestKnobsPicker(t *testing.T) {
	c := train.DefaultConfig()
	c.L2 = 3e-4 // off the ladder: it joins it in order
	a := newTestApp(t, c, 80, 24)
	press(a, "k")
	s := checkScreen(t, a, 80, 24)
	for _, want := range []string{"settings of the run", "l1", "‹ 0.0003 ›", "schedule", "‹ constant ›", "horizon", "‹ 3000 ›", "revive", "recipe", "‹ none ›", "no recipe", "enter applies"} {
		if !strings.Contains(s, want) {
			t.Errorf("the picker lacks %q:\n%s", want, s)
		}
	}
	for _, flag := range []string{"--", "applies none"} { // lab words, not flags
		if strings.Contains(s, flag) {
			t.Errorf("the picker says %q:\n%s", flag, s)
		}
	}
	press(a, "down", "left")
	if s := screen(a); !strings.Contains(s, "‹ 0.0001 ›") || !strings.Contains(s, "was 0.0003") {
		t.Errorf("l2 one step down:\n%s", s)
	}
	press(a, "right", "enter")
	if a.knobs == nil || !strings.Contains(screen(a), "nothing changed") {
		t.Error("enter with nothing changed closed the picker or said nothing")
	}
	press(a, "up", "up", "right", "esc")
	if a.knobs != nil || a.current.run.Config().String() != c.String() || len(a.current.changes) != 0 {
		t.Errorf("esc: picker open %v, configuration %s", a.knobs != nil, a.current.run.Config())
	}
}

// TestKnobsCompare turns a knob in a comparison: with no column focused it
// changes every run, each event names its column, and the shared chart
// carries the mark.
func TestKnobsCompare(t *testing.T) {
	a := newTestCompare(t, actConfigs(2), 160, 50)
	for range 10 {
		press(a, "n")
	}
	turnKnob(t, a, "l2", 2)
	for i, l := range a.lanes {
		if l.run.Config().L2 != 1e-4 || !slices.Equal(l.changes, []int{10}) {
			t.Errorf("column %d: l2 %v, marks %v", i+1, l.run.Config().L2, l.changes)
		}
	}
	if s := screen(a); !strings.Contains(s, "2: l2 → 0.0001") {
		t.Error("the events line does not name the column")
	}
	for range 10 {
		press(a, "n")
	}
	if axis, _ := axisLine(a); strings.Count(axis, changeMark) != 1 {
		t.Errorf("the comparison's chart axis %q: want one mark", axis)
	}
	golden(t, "compare_marks_160x50", checkScreen(t, a, 160, 50))
}

// TestKnobsTrials turns a knob in the trials: every run of both groups
// changes at its epoch without restarting, the events line says so per
// group, and each group's chart carries the mark.
func TestKnobsTrials(t *testing.T) {
	a := newTestTrials(t, 8, 120, 40, 0)
	press(a, "v")
	a.train(100)
	a.refresh()
	turnKnob(t, a, "dropout", 1)
	for _, g := range a.trials.groups {
		for _, r := range g.runs {
			if c := r.T.Config(); c.Dropout != 0.05 || r.T.Epoch() != 100 {
				t.Fatalf("%s: dropout %v at epoch %d", g.name, c.Dropout, r.T.Epoch())
			}
		}
		if g.config.Dropout != 0.05 || !slices.Equal(g.changes, []int{100}) {
			t.Errorf("%s: group dropout %v, marks %v", g.name, g.config.Dropout, g.changes)
		}
	}
	if b := a.trials.groups[1].config; b.Opt.Name != "lamb" {
		t.Errorf("B lost its recipe: %s", b)
	}
	for _, name := range []string{"A", "B"} {
		if want := fmt.Sprintf("%s: dropout → 0.05", name); !strings.Contains(screen(a), want) && !slices.ContainsFunc(a.events, func(e train.Event) bool { return strings.HasPrefix(e.Text, want) }) {
			t.Errorf("no event %q", want)
		}
	}
	a.train(100)
	a.refresh()
	s := checkScreen(t, a, 120, 40)
	if n := strings.Count(s, changeMark); n != 2 {
		t.Errorf("%d marks on the trials' charts, want one per group", n)
	}
	golden(t, "trials_marks_120x40", s)
	press(a, "o") // a key that restarts every run clears the marks
	if g := a.trials.groups[0]; len(g.changes) != 0 || g.config.Dropout != 0.05 {
		t.Errorf("after o: marks %v, dropout %v", g.changes, g.config.Dropout)
	}
}

// TestKnobsSaveAndResume turns dropout on in the lab, saves the run with
// w, and resumes it: the file holds the new setting and the event, and the
// resumed lab trains on bit for bit as the lab that saved it.
func TestKnobsSaveAndResume(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	a.opts.SaveDir = t.TempDir()
	press(a, "n", "n", "n")
	turnKnob(t, a, "dropout", 2)
	press(a, "n")
	pressAndWait(a, "w")
	files, _ := filepath.Glob(filepath.Join(a.opts.SaveDir, "*.json"))
	if len(files) != 1 {
		t.Fatalf("w wrote %v", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	run, events, err := train.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if run.Config().Dropout != 0.1 || !slices.ContainsFunc(events, func(e train.Event) bool { return strings.HasPrefix(e.Text, "dropout → 0.1") }) {
		t.Fatalf("the file holds %s, events %v", run.Config(), events)
	}
	b := Resume(run, events, Options{Paused: true, Now: func() time.Time { return time.Time{} }})
	b.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	for range 5 {
		press(a, "n")
		press(b, "n")
	}
	pa, pb := a.current.snap.Params, b.current.snap.Params
	if !slices.EqualFunc(pa, pb, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }) {
		t.Error("the resumed lab trained on differently")
	}
}
