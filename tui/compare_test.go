package tui

import (
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"relulab/model"
	"relulab/train"
)

// compareActs are the activations the comparison tests race.
var compareActs = []model.Activation{model.ReLU, model.ELU, model.LeakyReLU, model.Tanh, model.PReLU, model.Abs}

// actConfigs returns seed 6 with each of the first n of compareActs.
func actConfigs(n int) []train.Config {
	var cs []train.Config
	for _, act := range compareActs[:n] {
		c := train.DefaultConfig()
		c.Seed, c.Act = 6, act
		cs = append(cs, c)
	}
	return cs
}

// checkScreen fails unless the screen is exactly h lines of at most w
// cells: nothing overlaps or runs off.
func checkScreen(t *testing.T, a *App, w, h int) string {
	t.Helper()
	s := screen(a)
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Errorf("%d×%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("%d×%d: line %d is %d cells wide", w, h, i, lw)
		}
	}
	return s
}

// TestCompareGoldenViews draws 2, 4 and 6 columns after 40 epochs at
// 160×50 and 100×30.
func TestCompareGoldenViews(t *testing.T) {
	for _, n := range []int{2, 4, 6} {
		for _, size := range [][2]int{{160, 50}, {100, 30}} {
			a := newTestCompare(t, actConfigs(n), size[0], size[1])
			for range 40 {
				press(a, "n")
			}
			s := checkScreen(t, a, size[0], size[1])
			for i := range a.columns.cols {
				if !strings.Contains(s, fmt.Sprintf("─ %d act=%s ", i+1, compareActs[i])) {
					t.Errorf("%d columns at %v: column %d is not drawn", n, size, i+1)
				}
			}
			golden(t, fmt.Sprintf("compare_%d_%dx%d", n, size[0], size[1]), s)
		}
	}
}

// TestCompareSharesDataAndWeights checks that runs differing only in the
// activation start from the same weights and train on the same data, and
// that the screen says so.
func TestCompareSharesDataAndWeights(t *testing.T) {
	a := newTestCompare(t, actConfigs(6), 160, 50)
	first := a.lanes[0].snap.Neurons
	for _, l := range a.lanes[1:] {
		for j, n := range l.snap.Neurons {
			if !slices.Equal(n.W, first[j].W) || n.B != first[j].B || !slices.Equal(n.V, first[j].V) {
				t.Errorf("%s: neuron %d starts at w %v b %v v %v, relu's at w %v b %v v %v",
					l.snap.Config.Act, j+1, n.W, n.B, n.V, first[j].W, first[j].B, first[j].V)
			}
		}
	}
	if s := screen(a); !strings.Contains(s, "same data and initial weights (seed 6)") {
		t.Error("the screen does not say that the runs share data and weights")
	}
	// The same data: a linear network trains identically whatever else
	// differs, so equal training sets give equal losses.
	cs := actConfigs(2)
	cs[0].Act, cs[1].Act = model.Linear, model.Linear
	cs[1].Opt.Name = "adam" // the same, spelled again: only the data could differ
	b := newTestCompare(t, cs, 160, 50)
	press(b, "n", "n")
	if x, y := b.lanes[0].snap.TrainMSE, b.lanes[1].snap.TrainMSE; x != y {
		t.Errorf("the same configuration trained to %v and %v", x, y)
	}
	cs = actConfigs(2)
	cs[1].Hidden = []int{4}
	if s := screen(newTestCompare(t, cs, 160, 50)); !strings.Contains(s, "initial weights differ with shape") {
		t.Error("the screen does not say that the weights differ")
	}
}

// TestCompareLockstep presses random keys, with frames between them, on a
// comparison of four runs: after each, every run that has not diverged is
// at the same epoch, and a diverged one stopped no later.
func TestCompareLockstep(t *testing.T) {
	a := newTestCompare(t, actConfigs(4), 160, 50)
	keys := []string{"space", "n", "n", "+", "-", "r", "s", "tab", "shift+tab", "o", "O", "a", "A", "l", "l", "L",
		"h", "H", "b", "d", "i", "m", "enter", "esc", "]", "["}
	rng := mrand.New(mrand.NewPCG(5, 5))
	for step := range 300 {
		k := keys[rng.IntN(len(keys))]
		if k == "+" && a.speed >= 3 {
			k = "-" // stay below full speed: the still clock never ends a frame
		}
		press(a, k)
		if !a.paused {
			a.Update(tickMsg{a.gen})
		}
		lead := a.epoch()
		for i, l := range a.lanes {
			e := l.run.Epoch()
			if e != lead && (l.run.Status() == train.Running || e > lead) {
				t.Fatalf("step %d (%s): column %d at epoch %d, the lead at %d", step, k, i+1, e, lead)
			}
		}
	}
}

// TestCompareKeysChangeTheFocusedColumn checks that the configuration keys
// change every column without a focus, and only the focused one with it.
func TestCompareKeysChangeTheFocusedColumn(t *testing.T) {
	a := newTestCompare(t, actConfigs(3), 160, 50)
	press(a, "l")
	for i, l := range a.lanes {
		if lr := l.run.Config().Opt.LR; lr != 0.002 {
			t.Errorf("without focus, l left column %d at lr %v", i+1, lr)
		}
	}
	press(a, "tab", "tab", "o")
	for i, l := range a.lanes {
		if got, want := l.run.Config().Opt.Name, map[bool]string{true: "adamw", false: "adam"}[i == 1]; got != want {
			t.Errorf("with column 2 focused, column %d has %s, want %s", i+1, got, want)
		}
	}
	if s := screen(a); !strings.Contains(s, "▶ 2 ") || !strings.Contains(s, "2: optimizer → adamw") {
		t.Errorf("the focus or the event is not shown:\n%s", s)
	}
	press(a, "enter")
	if s := screen(a); !strings.Contains(s, "column 2 of 3 · esc: back") || !strings.Contains(s, "neurons · 3") {
		t.Errorf("enter did not open column 2 in the lab view:\n%s", s)
	}
	press(a, "a")
	if a.lanes[1].run.Config().Act != model.SELU || a.lanes[0].run.Config().Act != model.ReLU {
		t.Error("in the lab view, a did not change the open run alone")
	}
	press(a, "esc")
	if s := screen(a); !strings.Contains(s, "relulab compare") {
		t.Errorf("esc did not return to the comparison:\n%s", s)
	}
	press(a, "x")
	if len(a.lanes) != 2 || a.focus != -1 {
		t.Errorf("x left %d columns, focus %d", len(a.lanes), a.focus)
	}
	press(a, "tab", "x")
	if s := screen(a); len(a.lanes) != 1 || !strings.Contains(s, "neurons · 3") || strings.Contains(s, "relulab compare") {
		t.Errorf("with one run left the lab is not back:\n%s", s)
	}
}

// TestComparePicker turns the lab into a comparison with c.
func TestComparePicker(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	press(a, "n", "n", "c")
	if s := screen(a); !strings.Contains(s, "compare this run with") || !strings.Contains(s, "[•] relu (this run)") {
		t.Fatalf("c did not open the picker:\n%s", s)
	}
	press(a, "space")
	if !strings.Contains(screen(a), "relu is this run's own") {
		t.Error("picking the run's own activation was not refused")
	}
	press(a, "enter")
	if !strings.Contains(screen(a), "pick one or more") {
		t.Error("starting with nothing picked was not refused")
	}
	press(a, "j", "j", "j", "space", "j", "j", "j", "j", "j", "j", "j", "j", "space", "enter") // elu, tanh
	if len(a.lanes) != 3 {
		t.Fatalf("%d runs after the picker", len(a.lanes))
	}
	for i, want := range []model.Activation{model.ReLU, model.ELU, model.Tanh} {
		if l := a.lanes[i]; l.run.Config().Act != want || l.run.Epoch() != 0 {
			t.Errorf("column %d: %s at epoch %d, want %s at 0", i+1, l.run.Config().Act, l.run.Epoch(), want)
		}
	}
	if s := screen(a); !strings.Contains(s, "comparing relu with elu, tanh from epoch 0") {
		t.Errorf("the events line does not say what started:\n%s", s)
	}
	b := newTestApp(t, train.DefaultConfig(), 120, 40)
	press(b, "c", "tab") // optimizers: sgd, rmsprop, adam (its own), …
	press(b, "j", "space", "j", "j", "space", "j", "space", "j", "space", "j", "space", "j", "space")
	if !strings.Contains(screen(b), "at most 6 runs") {
		t.Error("a sixth pick was not refused")
	}
	press(b, "esc")
	if b.pick != nil || len(b.lanes) != 1 {
		t.Error("esc did not cancel the picker")
	}
}

// TestCompareAnySize draws one to six runs at sizes from the smallest to
// huge: never more lines or wider lines than the terminal, the columns
// on pages when they do not fit.
func TestCompareAnySize(t *testing.T) {
	for n := 2; n <= MaxCompare; n++ {
		a := newTestCompare(t, actConfigs(n), 80, 24)
		for _, size := range [][2]int{{64, 20}, {80, 24}, {100, 30}, {120, 40}, {160, 50}, {200, 60}, {500, 200}} {
			a.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			checkScreen(t, a, size[0], size[1])
			shown := 0
			for p := range a.columns.pages {
				a.page = p
				a.render()
				shown += len(a.columns.cols)
			}
			if shown != n {
				t.Errorf("%d runs at %v: the pages show %d columns", n, size, shown)
			}
		}
		a.Update(tea.WindowSizeMsg{Width: 10, Height: 5})
		if !strings.Contains(screen(a), "64×20") {
			t.Errorf("%d runs at 10×5: no word that the terminal is too small", n)
		}
	}
	if _, err := NewCompare(actConfigs(6)[:0], Options{}); err == nil {
		t.Error("a comparison of nothing was accepted")
	}
}

// TestCompareSharesOneColourScale runs relu and elu, whose errors differ
// in size: every column draws its heatmap on one scale, the union of
// theirs, and its legend says it is shared.
func TestCompareSharesOneColourScale(t *testing.T) {
	a := newTestCompare(t, actConfigs(3), 160, 50)
	runFrames(a, 5, 8)
	own := map[heatScale]bool{}
	for _, l := range a.lanes {
		own[scaleOf(l.surface, a.mode)] = true
		if l.heat.drawn.scale != a.sharedScale() {
			t.Errorf("%s drawn on %+v, the shared scale is %+v", l.snap.Config.Act, l.heat.drawn.scale, a.sharedScale())
		}
	}
	if len(own) < 2 {
		t.Fatalf("the runs' own scales are all %v: nothing to share", own)
	}
	if n := strings.Count(screen(a), "shared -"); n != 3 {
		t.Errorf("%d legends say shared, want 3", n)
	}
	press(a, "u")
	for _, l := range a.lanes {
		if own := scaleOf(l.surface, a.mode); l.heat.drawn.scale != own {
			t.Errorf("u: %s drawn on %+v, its own scale is %+v", l.snap.Config.Act, l.heat.drawn.scale, own)
		}
	}
	if n := strings.Count(screen(a), "own -"); n != 3 {
		t.Errorf("u: %d legends say own, want 3", n)
	}
}

// TestCompareDrawsEachRunsOptimum races relu against elu, whose optima
// differ, and relu against itself at another learning rate, whose optima
// are the same: the chart draws each run's optimum in the first case and
// one in the second, and its title says which.
func TestCompareDrawsEachRunsOptimum(t *testing.T) {
	a := newTestCompare(t, actConfigs(2), 160, 50)
	press(a, "n", "n")
	refs := []float64{a.lanes[0].snap.Reference, a.lanes[1].snap.Reference}
	if refs[0] == refs[1] {
		t.Fatalf("relu and elu share the optimum %v: nothing to tell apart", refs[0])
	}
	s := screen(a)
	if want := fmt.Sprintf("each run's optimum 1 %s 2 %s", sci(refs[0]), sci(refs[1])); !strings.Contains(s, want) {
		t.Errorf("the chart's title lacks %q", want)
	}
	var flat []chartSeries
	series, _ := a.compareSeries()
	for _, c := range series {
		if c.flat {
			flat = append(flat, c)
		}
	}
	if len(flat) != 2 || flat[0].ref != refs[0] || flat[1].ref != refs[1] ||
		flat[0].color != a.styles.LaneSeries[0] || flat[1].color != a.styles.LaneSeries[1] {
		t.Errorf("optimum lines %+v, want %v in the columns' colours", flat, refs)
	}

	cs := actConfigs(1)
	cs = append(cs, cs[0])
	cs[1].Opt.LR = 0.01
	b := newTestCompare(t, cs, 160, 50)
	press(b, "n", "n")
	if s := screen(b); strings.Contains(s, "each run's optimum") || !strings.Contains(s, "━ optimum "+sci(b.lanes[0].snap.Reference)) {
		t.Errorf("two runs of one optimum:\n%s", s)
	}
	if series, _ := b.compareSeries(); len(series) != 3 || !series[2].flat {
		t.Errorf("two runs of one optimum: %d lines, want their 2 and one optimum", len(series))
	}
}
