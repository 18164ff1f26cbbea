package tui

import (
	"math"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"relulab/train"
)

func init() {
	for name, code := range map[string]rune{"left": tea.KeyLeft, "right": tea.KeyRight, "up": tea.KeyUp, "down": tea.KeyDown} {
		namedKeys["shift+"+name] = tea.KeyPressMsg{Code: code, Mod: tea.ModShift}
	}
	namedKeys["backspace"] = tea.KeyPressMsg{Code: tea.KeyBackspace}
	namedKeys["ctrl+u"] = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
}

// near reports whether x and y agree to within 1e-12 of their size.
func near(x, y float64) bool { return math.Abs(x-y) <= 1e-12*max(1, math.Abs(x), math.Abs(y)) }

// TestEditKeys presses each editing key on neuron 2 of a paused lab at
// epoch 5: the neuron changes by exactly the stated amount, the others and
// the epoch do not, and the events line says what changed and was kept.
func TestEditKeys(t *testing.T) {
	tests := []struct {
		key   string
		event string
		check func(t *testing.T, was, now train.Neuron)
	}{
		{"left", "neuron 2: line turned +5° about 0, optimizer state kept", func(t *testing.T, was, now train.Neuron) {
			turned(t, was, now, 5)
		}},
		{"right", "line turned -5°", func(t *testing.T, was, now train.Neuron) { turned(t, was, now, -5) }},
		{"shift+left", "line turned +1°", func(t *testing.T, was, now train.Neuron) { turned(t, was, now, 1) }},
		{"shift+right", "line turned -1°", func(t *testing.T, was, now train.Neuron) { turned(t, was, now, -1) }},
		{"up", "neuron 2: line moved +0.05 along its normal, optimizer state kept", func(t *testing.T, was, now train.Neuron) { moved(t, was, now, 0.05) }},
		{"down", "line moved -0.05 along its normal", func(t *testing.T, was, now train.Neuron) { moved(t, was, now, -0.05) }},
		{"shift+up", "line moved +0.01", func(t *testing.T, was, now train.Neuron) { moved(t, was, now, 0.01) }},
		{"shift+down", "line moved -0.01", func(t *testing.T, was, now train.Neuron) { moved(t, was, now, -0.01) }},
		{">", "neuron 2: outgoing weight v ×1.1, optimizer state kept: > ", func(t *testing.T, was, now train.Neuron) {
			if now.V[0] != was.V[0]*1.1 || !slices.Equal(now.W, was.W) || now.B != was.B {
				t.Errorf("v %v → %v, w %v → %v", was.V, now.V, was.W, now.W)
			}
		}},
		{"<", "outgoing weight v ×0.9091, optimizer state kept: < ", func(t *testing.T, was, now train.Neuron) {
			if now.V[0] != was.V[0]/1.1 {
				t.Errorf("v %v → %v", was.V, now.V)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			a := newTestApp(t, train.DefaultConfig(), 140, 44)
			press(a, "n", "n", "n", "n", "n", "2")
			before := a.current.snap
			press(a, tt.key)
			now := a.current.snap
			tt.check(t, before.Neurons[1], now.Neurons[1])
			for _, j := range []int{0, 2} {
				if !slices.Equal(now.Neurons[j].W, before.Neurons[j].W) || now.Neurons[j].B != before.Neurons[j].B || !slices.Equal(now.Neurons[j].V, before.Neurons[j].V) {
					t.Errorf("neuron %d changed", j+1)
				}
			}
			epochIs(t, a, before.Epoch)
			if now.TestMSE == before.TestMSE {
				t.Error("the held-out MSE was not measured anew")
			}
			if s := screen(a); !strings.Contains(s, tt.event) || !strings.Contains(s, "optimizer state kept") {
				t.Errorf("events line lacks %q or the optimizer state:\n%s", tt.event, lastLines(s))
			}
		})
	}
}

// turned checks that now is was turned deg degrees: the angle by deg, |w|,
// b and v kept, and so the offset.
func turned(t *testing.T, was, now train.Neuron, deg float64) {
	t.Helper()
	d := math.Mod(now.Angle-was.Angle+540, 360) - 180
	if !near(d, deg) || !near(math.Hypot(now.W[0], now.W[1]), math.Hypot(was.W[0], was.W[1])) || now.B != was.B || !near(now.Offset, was.Offset) || !slices.Equal(now.V, was.V) {
		t.Errorf("angle %v → %v (%+v), w %v → %v, b %v → %v", was.Angle, now.Angle, d, was.W, now.W, was.B, now.B)
	}
}

// moved checks that now is was moved d along its normal: w and v kept, the
// offset −b/|w| by d.
func moved(t *testing.T, was, now train.Neuron, d float64) {
	t.Helper()
	norm := math.Hypot(was.W[0], was.W[1])
	if !slices.Equal(now.W, was.W) || now.B != was.B-d*norm || !near(now.Offset-was.Offset, d) || !slices.Equal(now.V, was.V) {
		t.Errorf("offset %v → %v, b %v → %v, w %v → %v", was.Offset, now.Offset, was.B, now.B, was.W, now.W)
	}
}

// TestEditRefused: an edit without a selection says how to select, and
// moving the line of a network without biases is refused; neither
// changes a weight.
func TestEditRefused(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	before := a.current.snap.Params
	press(a, "left")
	if !strings.Contains(screen(a), "select a neuron first") || !slices.Equal(a.current.snap.Params, before) {
		t.Errorf("an edit without a selection:\n%s", lastLines(screen(a)))
	}
	c := train.DefaultConfig()
	c.NoBias = true
	a = newTestApp(t, c, 120, 40)
	before = a.current.snap.Params
	press(a, "1", "up")
	if !strings.Contains(screen(a), "refused: the network has no biases") || !slices.Equal(a.current.snap.Params, before) {
		t.Errorf("↑ without biases:\n%s", lastLines(screen(a)))
	}
	press(a, "left") // turning keeps b = 0: allowed
	if slices.Equal(a.current.snap.Params, before) {
		t.Error("← without biases refused")
	}
}

// TestDragLine grabs neuron 1's line on the heatmap and drags it to
// another cell: the line then passes through that cell's centre with w
// and v kept, and the release says so on the events line.
func TestDragLine(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	in, h := a.heatInside(), a.current.heat
	var k int
	for c, o := range h.marks {
		if o.neuron == 0 && strings.ContainsRune(lineStrokes, o.glyph) {
			k = c
			break
		}
	}
	x, y := in.x+k%h.nx, in.y+k/h.nx
	was := a.current.snap.Neurons[0]
	a.Update(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	tx, ty := in.x+in.w/5, in.y+in.h/5 // to a cell near the top left corner
	a.Update(tea.MouseMotionMsg{X: tx - 1, Y: ty, Button: tea.MouseLeft})
	a.Update(tea.MouseMotionMsg{X: tx, Y: ty, Button: tea.MouseLeft})
	a.Update(tea.MouseReleaseMsg{X: tx, Y: ty, Button: tea.MouseLeft})
	now, g := a.current.snap.Neurons[0], a.current.surface
	if a.selectedNeuron() != 0 || !slices.Equal(now.W, was.W) || !slices.Equal(now.V, was.V) {
		t.Fatalf("selected %d, w %v → %v, v %v → %v", a.selectedNeuron(), was.W, now.W, was.V, now.V)
	}
	p := 2*(ty-in.y)*g.NX + tx - in.x
	px, py := g.X[p], (g.Y[p]+g.Y[p+g.NX])/2
	if z := now.W[0]*px + now.W[1]*py + now.B; !near(z, 0) || now.B == was.B {
		t.Errorf("w·p + b = %v at the cell's centre (%v, %v); b %v → %v", z, px, py, was.B, now.B)
	}
	if s := screen(a); !strings.Contains(s, "neuron 1: line dragged through") || !strings.Contains(s, ", optimizer state kept: offset ") {
		t.Errorf("events line:\n%s", lastLines(s))
	}
	a.Update(tea.MouseMotionMsg{X: in.x + 1, Y: in.y + 1, Button: tea.MouseLeft}) // released: no longer held
	if b := a.current.snap.Neurons[0].B; b != now.B {
		t.Errorf("a motion after the release moved the line: b %v → %v", now.B, b)
	}
}

// TestValueForm types exact values for neuron 2; values that are not
// finite numbers are refused on the form, which stays open, and esc
// closes it without a change.
func TestValueForm(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	press(a, "2", "enter")
	if a.form == nil || !strings.Contains(screen(a), "neuron 2 · exact values") {
		t.Fatalf("enter opened no form:\n%s", screen(a))
	}
	typeIn := func(fields ...string) {
		for i, f := range fields {
			press(a, "ctrl+u")
			for _, r := range f {
				press(a, string(r))
			}
			if i < len(fields)-1 {
				press(a, "tab")
			}
		}
	}
	before := a.current.snap.Params
	for _, bad := range []struct{ typed, want string }{
		{"nan", `w_x "nan" is not a finite number`},
		{"1e999", `w_x "1e999" is not a finite number`},
		{"-Inf", `w_x "-Inf" is not a finite number`},
		{"abc", `w_x "abc" is not a number`},
		{"", "w_x is empty"},
	} {
		typeIn(bad.typed)
		press(a, "enter")
		if a.form == nil || !strings.Contains(screen(a), bad.want) || !slices.Equal(a.current.snap.Params, before) {
			t.Errorf("%q: form open %v, screen lacks %q or the weights changed", bad.typed, a.form != nil, bad.want)
		}
	}
	press(a, "esc")
	if a.form != nil || !slices.Equal(a.current.snap.Params, before) {
		t.Fatal("esc did not close the form, or changed the weights")
	}
	press(a, "enter")
	typeIn("0.5", "-0.25", "0.125", "2")
	press(a, "backspace", "3") // v 3, not 2
	press(a, "enter")
	n := a.current.snap.Neurons[1]
	if a.form != nil || !slices.Equal(n.W, []float64{0.5, -0.25}) || n.B != 0.125 || n.V[0] != 3 {
		t.Errorf("form open %v; neuron 2 is w %v b %v v %v", a.form != nil, n.W, n.B, n.V)
	}
	if s := screen(a); !strings.Contains(s, "neuron 2 set to w_x 0.5, w_y -0.25, b 0.125, v 3, optimizer state kept: the other neurons kept") {
		t.Errorf("events line:\n%s", lastLines(s))
	}
}

// TestOptimumKey: P puts three ReLUs on the pyramid, and training keeps
// them there; a shape the table lacks is said to have no reference.
func TestOptimumKey(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	press(a, "n")
	_, cmd := a.Update(namedKey("P"))
	if cmd == nil {
		t.Fatal("P gave no command")
	}
	a.Update(cmd())
	ref, _ := train.Reference(a.current.snap.Config)
	s := a.current.snap
	if s.Basin != train.Pyramid || s.TestMSE > 1.05*ref || !strings.Contains(screen(a), "P: on the reference optimum of 3 relu neurons") {
		t.Fatalf("after P: basin %q, held-out MSE %v (reference %v)\n%s", s.Basin, s.TestMSE, ref, lastLines(screen(a)))
	}
	// P pressed again while its search is on its way starts no other.
	_, first := a.Update(namedKey("P"))
	if _, again := a.Update(namedKey("P")); first == nil || again != nil || !strings.Contains(screen(a), "still being searched") {
		t.Fatalf("P twice at once: commands %v and %v\n%s", first != nil, again != nil, lastLines(screen(a)))
	}
	a.Update(first())
	a.train(300)
	a.refresh()
	if s := a.current.snap; s.Basin != train.Pyramid || s.TestMSE > 1.5*ref {
		t.Errorf("300 epochs after P: basin %q, held-out MSE %v (reference %v)", s.Basin, s.TestMSE, ref)
	}
	c := train.DefaultConfig()
	c.Hidden = []int{3, 3}
	a = newTestApp(t, c, 120, 40)
	before := a.current.snap.Params
	_, cmd = a.Update(namedKey("P"))
	a.Update(cmd())
	if !strings.Contains(screen(a), "P: no reference optimum for 3x3") || !slices.Equal(before, a.current.snap.Params) {
		t.Errorf("P on 3x3:\n%s", lastLines(screen(a)))
	}
}

// TestNudgeKeys: J steps ε along the ladder, shown in the header; j on
// the pyramid with ε = 0.01 moves every weight, and once the basin is
// decided the events line says it returned.
func TestNudgeKeys(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	_, cmd := a.Update(namedKey("P"))
	a.Update(cmd())
	for _, want := range []string{"nudge ε 0.3", "nudge ε 1", "nudge ε 0.01"} {
		press(a, "J")
		if header := strings.Split(screen(a), "\n")[1]; !strings.HasSuffix(header, want) {
			t.Fatalf("header lacks %q:\n%s", want, header)
		}
	}
	before := a.current.snap.Params
	press(a, "j")
	after := a.current.snap.Params
	for i := range before {
		if before[i] == after[i] {
			t.Errorf("parameter %d not nudged", i)
		}
	}
	if !strings.Contains(screen(a), "nudge ε=0.01: Gaussian noise of size ε on every weight and bias, from the pyramid; fresh optimizer state") {
		t.Errorf("events line:\n%s", lastLines(screen(a)))
	}
	for range 30 {
		a.train(20)
		a.refresh()
	}
	if !strings.Contains(screen(a), "nudge ε=0.01 at epoch 0: returned to the pyramid") {
		t.Errorf("no verdict 600 epochs later:\n%s", lastLines(screen(a)))
	}
}

func namedKey(k string) tea.KeyPressMsg { return tea.KeyPressMsg{Code: []rune(k)[0], Text: k} }

// TestGoldenHands draws the lab of TestGoldenViews with neuron 2 selected
// and turned 10°, its line solid on the heatmap, and its form of exact
// values open: in every profile at 80×24 and 120×40.
func TestGoldenHands(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		c := train.DefaultConfig()
		c.Seed = 6
		a := newTestApp(t, c, size[0], size[1])
		for range 40 {
			press(a, "n")
		}
		press(a, "2", "left", "left", "enter")
		goldenProfiles(t, a, "hands", size[0], size[1])
	}
}

// TestEditEventCut turns a line at 80 columns: the events line keeps what
// happened and that the optimizer state was kept, and ends a cut in "…".
func TestEditEventCut(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 80, 24)
	press(a, "n", "n", "2", "left")
	line := strings.TrimRight(eventsLineOf(screen(a)), " ")
	if !strings.Contains(line, "line turned +5° about 0, optimizer state kept") || !strings.HasSuffix(line, "…") {
		t.Errorf("events line %q: want the turn and the optimizer state first, cut with …", line)
	}
}

// eventsLineOf returns the screen's line that starts with "events".
func eventsLineOf(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "events") {
			return l
		}
	}
	return ""
}

// TestEditKeysSpectrum: on spectrum:8 the editing keys change nothing and
// say why; on relu with a bias ↑ moves the unit's kink and says so.
func TestEditKeysSpectrum(t *testing.T) {
	a := newTestApp(t, train.TaskConfig(train.TaskSpectrum8), 160, 44)
	press(a, "n", "2")
	for _, k := range []string{"left", "up", ">"} {
		before := a.current.snap.Neurons[1]
		press(a, k)
		now := a.current.snap.Neurons[1]
		if !slices.Equal(now.W, before.W) || now.B != before.B || !slices.Equal(now.V, before.V) {
			t.Errorf("%s changed neuron 2", k)
		}
		if e := a.events[len(a.events)-1].Text; !strings.Contains(e, "spectrum:8's units have 8 input weights") {
			t.Errorf("%s logged %q", k, e)
		}
	}
	c := train.TaskConfig(train.TaskReLU)
	c.NoBias = false
	r := newTestApp(t, c, 160, 44)
	press(r, "n", "1", "up")
	if e := r.events[len(r.events)-1].Text; !strings.Contains(e, "kink moved from x = ") {
		t.Errorf("relu's ↑ logged %q", e)
	}
}

// TestOptimumReLU: P puts relu's single unit on w = 1 at once, with a
// held-out MSE of 0, and training keeps it there; behind a hidden layer P
// refuses and says why.
func TestOptimumReLU(t *testing.T) {
	a := newTestApp(t, train.TaskConfig(train.TaskReLU), 120, 40)
	press(a, "n")
	if _, cmd := a.Update(namedKey("P")); cmd != nil {
		t.Fatal("P on relu should act at once")
	}
	s := a.current.snap
	if !slices.Equal(s.Neurons[0].W, []float64{1}) || s.Neurons[0].B != 0 || s.TestMSE != 0 || !strings.Contains(screen(a), "P: on relu's exact optimum") {
		t.Fatalf("after P: w %v b %v, held-out MSE %v\n%s", s.Neurons[0].W, s.Neurons[0].B, s.TestMSE, lastLines(screen(a)))
	}
	a.train(50)
	a.refresh()
	if s := a.current.snap; !slices.Equal(s.Neurons[0].W, []float64{1}) || s.TestMSE != 0 {
		t.Errorf("50 epochs after P: w %v, held-out MSE %v", s.Neurons[0].W, s.TestMSE)
	}
	c := train.TaskConfig(train.TaskReLU)
	c.Direct, c.Hidden = false, []int{2}
	a = newTestApp(t, c, 120, 40)
	before := a.current.snap.Params
	a.Update(namedKey("P"))
	if !strings.Contains(screen(a), "P: relu's exact optimum is set for the single unit only") || !slices.Equal(before, a.current.snap.Params) {
		t.Errorf("P on relu behind 2 units:\n%s", lastLines(screen(a)))
	}
}
