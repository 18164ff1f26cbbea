package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"relulab/train"
	"relulab/train/optim"
)

// TestNoStaleTrainMSEAfterAChange pauses the lab, steps it, and checks
// that after h or d the legend shows the training MSE as not measured (–)
// beside the fresh held-out one, and that the next step measures it.
func TestNoStaleTrainMSEAfterAChange(t *testing.T) {
	for _, k := range []string{"h", "d"} {
		a := newTestApp(t, train.DefaultConfig(), 120, 40)
		press(a, "n", "n")
		if s := screen(a); strings.Contains(s, "train –") {
			t.Fatalf("%s: no train MSE after two epochs:\n%s", k, s)
		}
		press(a, k)
		if s := screen(a); !strings.Contains(s, "train –") || strings.Contains(s, "held-out –") {
			t.Errorf("%s: the legend after the change:\n%s", k, s)
		}
		press(a, "n")
		if s := screen(a); strings.Contains(s, "train –") {
			t.Errorf("%s: a step after the change did not measure the train MSE:\n%s", k, s)
		}
	}
}

// TestWideNetOptimumIsABound checks that the chart's legend marks the
// optimum of a network wider than the reference table as a bound.
func TestWideNetOptimumIsABound(t *testing.T) {
	c := train.DefaultConfig()
	if s := screen(newTestApp(t, c, 120, 40)); !strings.Contains(s, "optimum 1.04e-3") {
		t.Errorf("h=3: legend lacks the optimum:\n%s", s)
	}
	c.Hidden = []int{12}
	if s := screen(newTestApp(t, c, 120, 40)); !strings.Contains(s, "optimum ≤2.10e-5") {
		t.Errorf("h=12: legend lacks the bound:\n%s", s)
	}
}

// TestRestartAfterDivergence trains SGD at lr 0.01, raises the rate until
// the run diverges, and checks that the lab says what to do, still shows
// the last finite weights' neurons and heatmap, and that r restarts at lr
// 0.01, saying so. A run that diverges at its first rate restarts a step
// lower.
func TestRestartAfterDivergence(t *testing.T) {
	c := train.DefaultConfig()
	c.Opt, _ = optim.Default("sgd")
	c.Opt.LR = 0.01
	a := newTestApp(t, c, 120, 40)
	press(a, "n", "n")
	for a.current.run.Config().Opt.LR < 50 {
		press(a, "l")
	}
	for range 20 {
		press(a, "n")
	}
	if a.current.snap.Status != train.Diverged {
		t.Fatalf("sgd at lr 50 did not diverge in 20 epochs")
	}
	s := screen(a)
	if v := verdictLine(a); !strings.Contains(v, "(lr 50 too high) · L lowers the lr · r restarts at lr 0.01") {
		t.Errorf("verdict after the divergence: %q", v)
	}
	for _, want := range []string{"  1  ", "  2  ", "  3  "} { // the neuron table's rows
		if !strings.Contains(s, want) {
			t.Errorf("the screen after the divergence lacks %q:\n%s", want, s)
		}
	}
	// The heatmap's scale is the last finite weights' error, within ±10.
	if m := regexp.MustCompile(`││-(\S+) `).FindStringSubmatch(s); m == nil {
		t.Errorf("no heatmap scale:\n%s", s)
	} else if v, err := strconv.ParseFloat(m[1], 64); err != nil || v > 10 {
		t.Errorf("heatmap scale ±%s after the divergence", m[1])
	}
	press(a, "r")
	last := a.events[len(a.events)-1].Text
	if c := a.current.run.Config(); c.Opt.LR != 0.01 || a.current.snap.Status != train.Running ||
		!strings.Contains(last, "lr 50 → 0.01, the last that did not diverge") {
		t.Errorf("r after the divergence: lr %v, %v, event %q", c.Opt.LR, a.current.snap.Status, last)
	}

	c.Opt.LR = 50
	a = newTestApp(t, c, 120, 40)
	for range 20 {
		press(a, "n")
	}
	press(a, "r")
	if lr := a.current.run.Config().Opt.LR; lr != 20 || !strings.Contains(a.events[len(a.events)-1].Text, "lr 50 → 20, one step down") {
		t.Errorf("r after diverging at the first lr: lr %v, event %q", lr, a.events[len(a.events)-1].Text)
	}
	for range 20 {
		press(a, "n")
	}
	press(a, "L", "L", "r") // the user's own choice stands
	if lr := a.current.run.Config().Opt.LR; lr != 5 || strings.Contains(a.events[len(a.events)-1].Text, "→") {
		t.Errorf("r after L: lr %v, event %q", lr, a.events[len(a.events)-1].Text)
	}
}

// TestSavesKeepEveryEvent logs more events than the screen shows, saves
// with w and exports with e, and checks that both files hold the first
// event, and that a lab bounds its events, saying how many it dropped.
func TestSavesKeepEveryEvent(t *testing.T) {
	dir := t.TempDir()
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	a.opts.SaveDir = dir
	press(a, "n", "a")
	for range 2 * shownEvents {
		press(a, "b")
	}
	pressAndWait(a, "w", "e")
	data, err := os.ReadFile(filepath.Join(dir, "relulab-leaky_relu-adam-seed1-e1.json"))
	if err != nil {
		t.Fatal(err)
	}
	_, events, err := train.Load(data)
	if err != nil || len(events) != 2*shownEvents+1 || !strings.Contains(events[0].Text, "activation → leaky_relu") {
		t.Errorf("the save holds %d events (want %d), the first %v; %v", len(events), 2*shownEvents+1, events[0], err)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "relulab-leaky_relu-adam-seed1-e1.csv"))
	if err != nil || !strings.Contains(string(csv), "activation → leaky_relu") || strings.Count(string(csv), "batch → ") != 2*shownEvents {
		t.Errorf("the export lacks events: %v\n%s", err, csv)
	}

	for i := range maxEvents + 5 {
		a.log(fmt.Sprint("event ", i))
	}
	saved := a.savedEvents()
	if len(a.events) > maxEvents || a.dropped == 0 || len(saved) != len(a.events)+1 ||
		saved[0].Text != fmt.Sprintf("%d earlier events not kept (a lab keeps the latest %d)", a.dropped, maxEvents) ||
		saved[len(saved)-1].Text != fmt.Sprint("event ", maxEvents+4) || a.dropped+len(a.events) != maxEvents+5+2*shownEvents+3 {
		t.Errorf("%d events kept, %d dropped; saved first %q, last %q", len(a.events), a.dropped, saved[0].Text, saved[len(saved)-1].Text)
	}
}

// TestSweepTableFitsTheWidth draws one sweep's summaries at widths from
// unlimited to 40 and checks that every line fits, that unlimited is the
// full table, and that every width shows the configuration's settings, the
// fitted rate and every basin's count.
func TestSweepTableFitsTheWidth(t *testing.T) {
	a, b := train.DefaultConfig(), train.DefaultConfig()
	b.Opt.LR = 0.01
	var rs []train.RunResult
	for i := range 40 {
		rs = append(rs, train.RunResult{Config: i % 2, Seed: uint64(i/2 + 1), TestMSE: train.NullFloat(0.001 * float64(i+1)),
			Outcome: train.Outcome(i % 4), Basin: train.Basins[i%len(train.Basins)], Decided: 20 * i, Seconds: 0.1})
	}
	ss := train.Summarize([]train.Config{a, b}, rs, false)
	basins := []string{" 7 ", " 6 "} // rows' basin counts: 7, 7, 6 and three 0
	for _, width := range []int{0, 200, 120, 100, 80, 60, 40} {
		out := ansi.Strip(SweepTable(ss, true, width))
		for _, l := range strings.Split(out, "\n") {
			if width > 0 && ansi.StringWidth(l) > width {
				t.Errorf("width %d: a line of %d cells: %q", width, ansi.StringWidth(l), l)
			}
		}
		flat := strings.Join(strings.Fields(strings.ReplaceAll(out, "│", " ")), " ")
		for _, want := range append([]string{"lr=0.001", "lr=0.01", " 0% [", "50% ["}, basins...) {
			if !strings.Contains(flat, want) {
				t.Errorf("width %d lacks %q:\n%s", width, want, out)
			}
		}
		if full := strings.Contains(out, "fitted [95% CI]") && strings.Contains(out, "seconds"); full != (width == 0 || width == 200) {
			t.Errorf("width %d: the full table %v:\n%s", width, full, out)
		}
	}
}
