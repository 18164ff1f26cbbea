package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"relulab/train"
)

// TestGoldenReLUCompare draws a comparison of the question's two starts,
// w = −10 and w = +0.5, after 3 epochs at the sizes of the lab and of the
// comparison's goldens: each column holds the relu picture, the data plot
// or with m the loss landscape, never the |x+iy| heatmap; without colour
// at 120×40 too.
func TestGoldenReLUCompare(t *testing.T) {
	cs := []train.Config{reluConfig(t, "init-w=-10"), reluConfig(t, "init-w=0.5")}
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {160, 50}} {
		a := newTestCompare(t, cs, size[0], size[1])
		press(a, "n", "n", "n")
		for _, view := range []string{"plot", "landscape"} {
			if view == "landscape" {
				press(a, "m")
			}
			s := checkScreen(t, a, size[0], size[1])
			want := map[string]string{"plot": "f(x) ━ max(0,x)", "landscape": "loss L(w) · exact"}[view]
			if n := strings.Count(s, want); n != 2 || strings.Contains(s, "shared ") || strings.Contains(s, "angle") {
				t.Errorf("%v %s: %d columns show %q, or a heatmap's scale or table is drawn:\n%s", size, view, n, want, s)
			}
			golden(t, fmt.Sprintf("relu_compare_%s_%dx%d", view, size[0], size[1]), s)
		}
	}
	a := newTestCompare(t, cs, 120, 40)
	press(a, "n", "n", "n")
	golden(t, "relu_compare_plot_120x40_nocolor", shown(t, a, profiles[3].p))
}

// TestCompareAbsBesideReLU checks that in a comparison of --task abs and
// --task relu the abs column keeps its heatmap on a scale of its own
// runs alone, and the relu column draws its data plot.
func TestCompareAbsBesideReLU(t *testing.T) {
	a := newTestCompare(t, []train.Config{train.DefaultConfig(), train.TaskConfig(train.TaskReLU)}, 120, 40)
	press(a, "n")
	s := checkScreen(t, a, 120, 40)
	if !strings.Contains(s, "shared ") || strings.Count(s, "f(x) ━ max(0,x)") != 1 {
		t.Errorf("abs beside relu: want one heatmap and one data plot:\n%s", s)
	}
	if got, want := a.sharedScale(), scaleOf(a.lanes[0].surface, a.mode); got != want {
		t.Errorf("shared scale %+v, want the abs run's own %+v", got, want)
	}
}

// TestGoldenReLUTrials draws trials of --task relu, seeds 1–8 at epoch 20
// (the question's run), at the trials' golden sizes: the gallery holds
// each run's data plot, the tally counts what a sweep of the same seeds
// and epochs counts, run by run, judged at epoch 20.
func TestGoldenReLUTrials(t *testing.T) {
	c := train.TaskConfig(train.TaskReLU)
	sw := train.Sweep{Configs: []train.Config{c}, Seeds: []uint64{1, 2, 3, 4, 5, 6, 7, 8}, Epochs: train.ReLUEpochs, Workers: 2}
	want, err := sw.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{120, 40}, {200, 60}} {
		a := newTestTrialsOf(t, c, 8, size[0], size[1], train.ReLUEpochs)
		a.paused = false // the runs measure their verdicts on their cadence, not on the pause
		a.refresh()
		s := screen(a)
		if !strings.Contains(s, "data: f(x) and max(0, x)") || strings.Contains(s, "|x+iy|") || !strings.Contains(s, "tally at epoch 20") {
			t.Errorf("%v: no data plots, or a heatmap, or not judged at epoch 20:\n%s", size, s)
		}
		fitted := 0
		for i, r := range a.trials.groups[0].runs {
			if v := r.Verdict(); v.Epoch != train.ReLUEpochs || v.Outcome != want[i].Outcome {
				t.Errorf("seed %d: verdict %v at epoch %d, the sweep's %v", i+1, v.Outcome, v.Epoch, want[i].Outcome)
			}
			if want[i].Outcome == train.Fitted {
				fitted++
			}
		}
		if got := a.trials.groups[0].tally.Fitted; got != fitted {
			t.Errorf("%v: tally fitted %d, sweep %d", size, got, fitted)
		}
		a.paused = true
		a.render()
		lines := strings.Split(screen(a), "\n")
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > size[0] || len(lines) != size[1] {
				t.Errorf("%v: line %d of %d is %d cells wide", size, i, len(lines), w)
			}
		}
		golden(t, fmt.Sprintf("relu_trials_8_%dx%d", size[0], size[1]), screen(a))
	}
}

// TestReLUPoints checks that p draws a sample of the data on the relu
// data plot, each point on the target max(0, x), with ticks on the axes,
// and says so; and that a second p takes them away.
func TestReLUPoints(t *testing.T) {
	a := newTestApp(t, reluConfig(t, "init-w=0.5"), 120, 40)
	press(a, "n")
	before := screen(a)
	press(a, "p")
	s := screen(a)
	l := a.current
	p := l.dots
	if p.drawn == 0 || p.of.task != train.TaskReLU || !strings.Contains(s, string(pointGlyph)) {
		t.Fatalf("no points drawn: %+v\n%s", p, s)
	}
	if !strings.Contains(a.pointsText(), "on the data plot") || !strings.Contains(s, "╰-3") || !strings.Contains(s, "├") {
		t.Errorf("the points or ticks are not said or drawn: %q\n%s", a.pointsText(), s)
	}
	// Each marked cell shows a point where, without the points, a line
	// was drawn: the target's (the run is close to it after an epoch).
	now, was := strings.Split(s, "\n"), strings.Split(before, "\n")
	top, left, cols := a.layout.heat.y+1, a.layout.heat.x+1, l.surface.NX
	for k, on := range p.cells {
		if !on {
			continue
		}
		r, i := top+k/cols, left+k%cols
		if got, old := []rune(now[r])[i], []rune(was[r])[i]; got != pointGlyph || old == ' ' {
			t.Errorf("cell (%d, %d): %q over %q, want a point over a line", k/cols, k%cols, got, old)
		}
	}
	press(a, "p")
	body := func(s string) string { ls := strings.Split(s, "\n"); return strings.Join(ls[:len(ls)-2], "\n") } // not the events
	if s := screen(a); body(s) != body(before) {
		t.Errorf("a second p did not take the points and ticks away:\n%s", s)
	}
	press(a, "m", "p")
	if !strings.Contains(a.pointsText(), "the data plot (m) shows them") {
		t.Errorf("p on the landscape says %q", a.pointsText())
	}
}
