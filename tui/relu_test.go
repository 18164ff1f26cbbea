package tui

import (
	"fmt"
	"strings"
	"testing"

	"relulab/train"
)

// reluConfig returns --task relu with the settings of cfg on top.
func reluConfig(t testing.TB, cfg string) train.Config {
	t.Helper()
	c, err := train.ParseConfigOn(train.TaskConfig(train.TaskReLU), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGoldenReLUViews draws --task relu after 3 epochs, the question's
// failing start (w = −10, no bias) and a unit with a bias, in the data
// plot and the landscape (m), at 80×24 and 120×40, in every colour
// profile.
func TestGoldenReLUViews(t *testing.T) {
	for _, tc := range []struct{ name, cfg string }{
		{"relu", "init-w=-10"},
		{"relu_bias", "bias=true init-w=-0.5 init-b=0.5 lr=0.1"},
	} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			a := newTestApp(t, reluConfig(t, tc.cfg), size[0], size[1])
			press(a, "n", "n", "n")
			for _, view := range []string{"plot", "landscape"} {
				if view == "landscape" {
					press(a, "m")
				}
				goldenProfiles(t, a, tc.name+"_"+view, size[0], size[1])
			}
		}
	}
}

// TestReLUToggle checks that m switches --task relu between the data plot
// and the landscape and back, says so in the help, and that the abs
// task's m still cycles the heatmap.
func TestReLUToggle(t *testing.T) {
	a := newTestApp(t, reluConfig(t, "init-w=0.5"), 120, 40)
	s := screen(a)
	if !strings.Contains(s, "data: f(x) and max(0, x)") || strings.Contains(s, "|x+iy|") {
		t.Fatalf("the relu lab does not open on the data plot:\n%s", s)
	}
	if !a.keys.Mode.Enabled() || a.keys.Mode.Help().Desc != "data plot/landscape" {
		t.Errorf("m's help says %q", a.keys.Mode.Help().Desc)
	}
	press(a, "m")
	if s := screen(a); !a.landscape || !strings.Contains(s, "loss L(w) · exact: E over N(0,1)") || strings.Contains(s, "data: f(x)") {
		t.Errorf("m did not open the landscape:\n%s", s)
	}
	press(a, "m")
	if s := screen(a); a.landscape || !strings.Contains(s, "data: f(x) and max(0, x)") {
		t.Errorf("a second m did not go back to the data plot:\n%s", s)
	}
	b := newTestApp(t, train.DefaultConfig(), 120, 40)
	press(b, "m")
	if b.landscape || b.mode != modeOutput || b.keys.Mode.Help().Desc != "heatmap mode" {
		t.Errorf("abs: m gave landscape %v, mode %v, help %q", b.landscape, b.mode, b.keys.Mode.Help().Desc)
	}
}

// TestReLULandscapeValue checks that the landscape the lab draws holds, at
// the current point, the loss the trainer measures: the held-out MSE
// where the landscape is the held-out MSE (uniform data), and the closed
// form, which the panel says it draws, on N(0, 1).
func TestReLULandscapeValue(t *testing.T) {
	a := newTestApp(t, reluConfig(t, "data=uniform bias=true init-w=0.7"), 120, 40)
	press(a, "n", "n", "m")
	s, snap := screen(a), a.Snapshot()
	if want := fmt.Sprintf("L %s", sci(snap.TestMSE)); !strings.Contains(s, want) || !strings.Contains(s, "held-out samples") {
		t.Errorf("the landscape does not show the held-out MSE %q:\n%s", want, s)
	}
	a = newTestApp(t, reluConfig(t, "init-w=0.5"), 120, 40)
	press(a, "n", "m")
	snap = a.Snapshot()
	w := snap.Neurons[0].W[0]
	if want := fmt.Sprintf("L %s", sci((w-1)*(w-1)/2)); !strings.Contains(screen(a), want) {
		t.Errorf("the landscape at w = %g does not show (w − 1)²/2 as %q:\n%s", w, want, screen(a))
	}
}

// TestReLUNeuronTable checks the relu lab's neuron table: w, b, the kink
// and the active share of the single unit.
func TestReLUNeuronTable(t *testing.T) {
	a := newTestApp(t, reluConfig(t, "bias=true init-w=2 init-b=-1"), 120, 40)
	s := screen(a)
	if !strings.Contains(s, oneHeading) {
		t.Fatalf("no one-input heading:\n%s", s)
	}
	n := a.Snapshot().Neurons[0]
	row := fmt.Sprintf("%8.3f %8.3f %8.3f %8.3f %6.1f%%", 2.0, -1.0, 1.0, 0.5, 100*n.Active)
	if !strings.Contains(s, row) || n.Active < 0.25 || n.Active > 0.37 {
		t.Errorf("want the row %q (active on P(x > 0.5) ≈ 31%%):\n%s", row, s)
	}
	a = newTestApp(t, reluConfig(t, "init-w=0.5"), 120, 40)
	if s := screen(a); !strings.Contains(s, "   0.500    0.000    1.000    0.000 ") {
		t.Errorf("w = 0.5 without bias: want its kink at 0.000, not −0:\n%s", s)
	}
}

// TestReLUHiddenKey checks that h on the single unit gives it a hidden
// layer with a linear output, keeps the unit, and shows the data plot with
// a kink per unit; H back to one unit is refused.
func TestReLUHiddenKey(t *testing.T) {
	a := newTestApp(t, reluConfig(t, "init-w=0.5"), 120, 40)
	press(a, "n", "m")
	before := a.Snapshot()
	press(a, "h")
	s, snap := screen(a), a.Snapshot()
	c := snap.Config
	if c.Direct || len(c.Hidden) != 1 || c.Hidden[0] != 2 || len(snap.Neurons) != 2 {
		t.Fatalf("h gave hidden %v, direct %v, %d neurons", c.Hidden, c.Direct, len(snap.Neurons))
	}
	if w := snap.Neurons[0].W[0]; w != before.Neurons[0].W[0] || snap.Neurons[0].V[0] != 1 {
		t.Errorf("the unit's w went from %g to %g, its outgoing weight is %g", before.Neurons[0].W[0], w, snap.Neurons[0].V[0])
	}
	if a.landscape || !strings.Contains(s, "data: f(x)") || !strings.Contains(s, "hidden layer of 2 with a linear output") {
		t.Errorf("h did not show the data plot and say what it did:\n%s", s)
	}
	press(a, "m")
	if s := screen(a); !strings.Contains(s, "drawn for the single unit") {
		t.Errorf("the landscape of two units does not say it is the single unit's:\n%s", s)
	}
	b := newTestApp(t, train.TaskConfig(train.TaskReLU), 120, 40)
	press(b, "H")
	if s := screen(b); !b.Snapshot().Config.Direct || !strings.Contains(s, "refused: the single unit is the output") {
		t.Errorf("H on the single unit was not refused:\n%s", s)
	}
}
