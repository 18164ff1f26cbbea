package tui

import (
	"encoding/json"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"relulab/train"
)

// verdictLine returns the screen's second line: the verdict.
func verdictLine(a *App) string { return strings.Split(screen(a), "\n")[1] }

// runFrames runs the lab for frames frames at speed index speed.
func runFrames(a *App, speed, frames int) {
	a.speed = speed
	if a.paused {
		press(a, "space")
	}
	for range frames {
		a.Update(tickMsg{a.gen})
	}
}

// TestStuckOnlyOnceSettled runs seed 4, which settles in a valley: the lab
// says "training" at epoch 0 and through the descent, "stuck" once the
// basin has held and the loss stopped falling.
func TestStuckOnlyOnceSettled(t *testing.T) {
	c := train.DefaultConfig()
	c.Seed = 4
	a := newTestApp(t, c, 120, 40)
	if v := verdictLine(a); !strings.HasPrefix(v, "training") {
		t.Errorf("epoch 0: %q", v)
	}
	runFrames(a, 3, 5) // 50 epochs, 10 a frame
	if v := verdictLine(a); a.current.snap.Outcome != train.Stuck || !strings.HasPrefix(v, "training") {
		t.Errorf("epoch %d, falling (outcome %v): %q", a.current.snap.Epoch, a.current.snap.Outcome, v)
	}
	runFrames(a, 6, 10) // 1000 more
	if v := verdictLine(a); !strings.HasPrefix(v, "stuck · valley") {
		t.Errorf("epoch %d, settled: %q", a.current.snap.Epoch, v)
	}
	press(a, "r")
	if v := verdictLine(a); !strings.HasPrefix(v, "training") {
		t.Errorf("after a restart: %q", v)
	}
}

// TestLRAtTheMaximum presses l at the top of the ladder: the lab says so
// and changes nothing.
func TestLRAtTheMaximum(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	for range 30 {
		press(a, "l")
	}
	top := a.current.run.Config().Opt.LR
	press(a, "l")
	if a.current.run.Config().Opt.LR != top {
		t.Fatalf("lr %v → %v", top, a.current.run.Config().Opt.LR)
	}
	if e := a.events[len(a.events)-1].Text; e != "lr 50 is at the maximum: nothing changed" {
		t.Errorf("event %q", e)
	}
	for range 40 {
		press(a, "L")
	}
	if e := a.events[len(a.events)-1].Text; !strings.Contains(e, "at the minimum") {
		t.Errorf("at the bottom: %q", e)
	}
}

// TestChartWordsWhileRunning opens the help at 64×20 while running: no
// screen says the chart has yet to start, and a chart too small to draw
// says so rather than that.
func TestChartWordsWhileRunning(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 64, 20)
	runFrames(a, 1, 3)
	for _, keys := range [][]string{{"?"}, {"?"}, {"?"}, {"esc"}} {
		press(a, keys...)
		if s := screen(a); strings.Contains(s, "starts after the first epoch") {
			t.Errorf("after %v at epoch %d:\n%s", keys, a.current.snap.Epoch, s)
		}
	}
	lines := chartLines(a.styles, historySeries(a.styles, a.current.snap.History, a.current.snap.Reference), false, false, 40, 5)
	if len(lines) != 1 || !strings.Contains(lines[0], "no room for the chart") {
		t.Errorf("a chart 5 lines tall: %q", lines)
	}
}

// TestValleyGrammar loads a run whose neurons 1 and 2 bend along one axis
// and neuron 3 tilts it: the verdict's verbs agree with their subjects.
func TestValleyGrammar(t *testing.T) {
	run, err := train.New(train.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	data, err := run.Save(nil)
	if err != nil {
		t.Fatal(err)
	}
	var saved map[string]any
	if err := json.Unmarshal(data, &saved); err != nil {
		t.Fatal(err)
	}
	// The weights (w1, w2) of neurons 1 to 3, their biases, then the output
	// weights and bias: 1 and 2 bend at y = 0 and y = 0.4, 3 is active
	// everywhere and tilts along y.
	saved["params"] = []float64{0, 1, 0, 1.5, 0.02, 1, 0, -0.6, 5, 1, 1, 0.3, 0}
	data, _ = json.Marshal(saved)
	run, _, err = train.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	a := Resume(run, nil, Options{Paused: true})
	a.Update(tea.WindowSizeMsg{Width: 200, Height: 40})
	v := verdictLine(a)
	if !strings.Contains(v, "valley: neurons 1 and 2 bend, neuron 3 tilts the same axis") {
		t.Errorf("verdict %q", v)
	}
}

// TestTooSmallSaysItWhole draws the too-small message at 50×15 and 30×8:
// every sentence whole, none cut at the edge.
func TestTooSmallSaysItWhole(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 50, 15)
	s := screen(a)
	for _, want := range []string{"relulab needs a terminal of at least 64×20;", "this one is 50×15:", "make it larger, or press q to quit"} {
		if !strings.Contains(s, want) {
			t.Errorf("50×15 lacks %q:\n%s", want, s)
		}
	}
	a.Update(tea.WindowSizeMsg{Width: 30, Height: 8})
	if s := screen(a); !strings.Contains(strings.Join(strings.Fields(s), " "), "press q to quit") {
		t.Errorf("30×8:\n%s", s)
	}
}

// TestSmallTerminalShowsTheEssentials checks 80×24: the key line keeps ?,
// r, c and q, the table at least 3 neurons of 5, and ? lists every key and
// every basin over its pages.
func TestSmallTerminalShowsTheEssentials(t *testing.T) {
	c := train.DefaultConfig()
	c.Hidden = []int{5}
	a := newTestApp(t, c, 80, 24)
	s := screen(a)
	lines := strings.Split(s, "\n")
	for _, want := range []string{"? help", "r restart", "c compare", "q quit", "space pause", "n step"} {
		if !strings.Contains(lines[len(lines)-1], want) {
			t.Errorf("the key line lacks %q: %q", want, lines[len(lines)-1])
		}
	}
	for _, row := range []string{"│  1 ", "│  2 ", "│  3 "} {
		if !strings.Contains(s, row) {
			t.Errorf("no neuron row %q:\n%s", row, s)
		}
	}
	var pages []string
	press(a, "?")
	for a.helpOpen && len(pages) < 10 {
		pages = append(pages, screen(a))
		press(a, "?")
	}
	all := strings.Join(pages, "\n")
	for _, g := range a.keys.FullHelp() {
		for _, b := range g {
			if !strings.Contains(all, b.Help().Key+" ") || !strings.Contains(all, b.Help().Desc) {
				t.Errorf("the help pages lack %s %s", b.Help().Key, b.Help().Desc)
			}
		}
	}
	for _, b := range append(train.Basins, "antipodal") {
		if !strings.Contains(all, " "+string(b)+" ") {
			t.Errorf("the help pages do not explain %s", b)
		}
	}
	if len(pages) < 2 || !strings.Contains(pages[0], "help page 1 of") {
		t.Errorf("%d help pages at 80×24", len(pages))
	}
	press(a, "?")
	press(a, "esc")
	if a.helpOpen {
		t.Error("esc left the help open")
	}
}

// TestHeaderKeepsTheSeed draws a configuration longer than the header at
// 120 and at 80 columns: the seed is still there.
func TestHeaderKeepsTheSeed(t *testing.T) {
	c, err := train.ParseConfig("h=3 act=relu opt=adam lr=0.001 init=he_uniform batch=32 data=normal seed=77 samples=4096 dropout=0.1 l2=0.0001")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{120, 80} {
		a := newTestApp(t, c, w, 40)
		head := strings.Split(screen(a), "\n")[0]
		if !strings.Contains(head, "seed=77") && !strings.Contains(head, "seed 77") {
			t.Errorf("%d columns: %q", w, head)
		}
	}
}

// TestChartUsesItsWidth checks at epochs 20 and 300 that the loss lines
// reach the chart's right edge, give or take a ninth of its width.
func TestChartUsesItsWidth(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	runFrames(a, 3, 2)
	chartReachesRight(t, a)
	runFrames(a, 5, 6)
	chartReachesRight(t, a)
}

func chartReachesRight(t *testing.T, a *App) {
	t.Helper()
	l := a.layout
	right := 0
	for _, line := range strings.Split(screen(a), "\n")[l.chart.y+1 : l.chart.y+l.chart.h-4] {
		chart := []rune(line)[:l.chart.w-1]
		if i := strings.LastIndexAny(string(chart), "─╭╮╰╯│"); i >= 0 {
			right = max(right, len([]rune(string(chart)[:i])))
		}
	}
	if plot := l.chart.w - 2 - chartGutter; right-1-chartGutter < 8*plot/9-3 {
		t.Errorf("at epoch %d the lines end at column %d of a chart %d wide", a.current.snap.Epoch, right, l.chart.w)
	}
}

// TestNoColorCurvesByGlyph draws the chart without colour: held-out and
// optimum have glyphs of their own, and the title shows them.
func TestNoColorCurvesByGlyph(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	runFrames(a, 3, 5)
	a.Update(tea.ColorProfileMsg{Profile: colorprofile.ASCII})
	s := screen(a)
	for _, want := range []string{"─ train", "• held-out", "= optimum", "•••", "==="} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q without colour", want)
		}
	}
}
