package tui

import (
	"fmt"
	"math"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"relulab/train"
)

// The editing keys move the selected neuron of the lab view's run by hand
// (train.Trainer.SetNeuron). Its boundary line is w·p + b = 0, w = (w_x,
// w_y); its normal w/|w| points at angle θ = atan2(w_y, w_x), into the
// side where the neuron is active, and the line lies at the signed
// distance d = −b/|w| from the origin along it.
//
//	←/→        turn the line about the origin, θ ± 5° (shift: 1°): w is
//	           rotated, |w| and b kept, so d is kept
//	↑/↓        move the line along its normal, d ± 0.05 (shift: 0.01):
//	           b ← b ∓ 0.05·|w|, w kept
//	> / <      scale its outgoing weight v by 1.1 or 1/1.1: the line kept
//	drag       move the line through the pointer: b ← −w·p, w kept
//
// Each keeps the other neurons and the optimizer state: their moments
// still describe their weights, and the edited neuron's fade within a few
// dozen steps (Adam's β₁ = 0.9).

// Steps of the editing keys.
const (
	turnStep, turnFine   = 5.0, 1.0   // degrees
	shiftStep, shiftFine = 0.05, 0.01 // input units along the normal
	weightFactor         = 1.1
)

// stateKept follows what every edit did, before its detail.
const stateKept = "optimizer state kept"

// editable reports whether the editing keys act: in the lab view of a run
// of the lab or of a comparison, not of the trials.
func (a *App) editable() bool { return a.trials == nil && !a.comparing() }

// editKey acts on the editing keys and reports whether msg was one.
func (a *App) editKey(msg tea.KeyPressMsg) bool {
	k := a.keys
	s := msg.String()
	switch task := a.current.snap.Config.Task; {
	case key.Matches(msg, k.Turn, k.TurnFine, k.Shift, k.ShiftFine, k.Weight) && task.Spectrum() > 0:
		a.log(fmt.Sprintf("no line to turn or move: %s's units have %d input weights, not a line in the (x, y) plane; enter types a neuron's values", task, task.Inputs()))
		a.render()
	case key.Matches(msg, k.Turn, k.TurnFine):
		deg := map[bool]float64{true: turnStep, false: turnFine}[key.Matches(msg, k.Turn)]
		if s == "right" || s == "shift+right" {
			deg = -deg
		}
		a.editNeuron(func(n train.Neuron) (train.Neuron, string) { return turn(n, deg) })
	case key.Matches(msg, k.Shift, k.ShiftFine):
		d := map[bool]float64{true: shiftStep, false: shiftFine}[key.Matches(msg, k.Shift)]
		if s == "down" || s == "shift+down" {
			d = -d
		}
		a.editNeuron(func(n train.Neuron) (train.Neuron, string) { return shift(n, d) })
	case key.Matches(msg, k.Weight) && a.current.snap.Config.Direct:
		a.log("the single unit is the output: it has no outgoing weight (h gives it a hidden layer)")
		a.render()
	case key.Matches(msg, k.Weight):
		f := weightFactor
		if s == "<" {
			f = 1 / weightFactor
		}
		a.editNeuron(func(n train.Neuron) (train.Neuron, string) { return scaleV(n, f, s) })
	default:
		return false
	}
	return true
}

// editNeuron changes the selected neuron with edit, which returns it
// changed and says how, or returns it as it was and says why not; the
// change is logged, and the diagnostics measured anew.
func (a *App) editNeuron(edit func(train.Neuron) (train.Neuron, string)) {
	j := a.selected
	if j < 0 {
		a.log("select a neuron first: 1–9, tab, or a click on its row or line")
		a.render()
		return
	}
	l := a.current
	n := l.snap.Neurons[j]
	m, what := edit(n)
	if err := a.setNeuron(j, m); err != nil {
		what = "refused: " + err.Error()
	}
	a.log(fmt.Sprintf("neuron %d: %s", j+1, what))
	a.refresh()
}

// setNeuron puts neuron j of the lab view's run at m's weights, if they
// differ from its own.
func (a *App) setNeuron(j int, m train.Neuron) error {
	l := a.current
	n := l.snap.Neurons[j]
	if slices.Equal(m.W, n.W) && m.B == n.B && slices.Equal(m.V, n.V) {
		return nil
	}
	if err := l.run.SetNeuron(j, m.W, m.B, m.V); err != nil {
		return err
	}
	l.moved()
	return nil
}

// turn returns n with its line turned deg degrees about the origin.
func turn(n train.Neuron, deg float64) (train.Neuron, string) {
	if len(n.W) != 2 {
		return n, "a unit of one input has a kink, not a line: ↑↓ move it, enter types w and b"
	}
	if math.IsNaN(n.Angle) {
		return n, "w = 0: no line to turn; enter types w"
	}
	s, c := math.Sincos(deg * math.Pi / 180)
	m := n
	m.W = []float64{c*n.W[0] - s*n.W[1], s*n.W[0] + c*n.W[1]}
	return m, fmt.Sprintf("line turned %+g° about 0, %s: normal %.0f° → %.0f°; |w| %.3f, b, v, distance %.2f kept",
		deg, stateKept, n.Angle, angleOf(m.W), math.Hypot(n.W[0], n.W[1]), n.Offset)
}

// shift returns n with its line moved d along its normal.
func shift(n train.Neuron, d float64) (train.Neuron, string) {
	norm := math.Sqrt(dot(n.W, n.W))
	if norm == 0 {
		return n, "w = 0: no line to move; enter types w"
	}
	m := n
	m.B = n.B - d*norm
	if len(n.W) == 1 {
		return m, fmt.Sprintf("kink moved from x = %.2f to %.2f, %s: b %.3f → %.3f; w, v kept",
			-n.B/n.W[0], -m.B/m.W[0], stateKept, n.B, m.B)
	}
	return m, fmt.Sprintf("line moved %+g along its normal, %s: offset %.2f → %.2f, b %.3f → %.3f; w, v kept",
		d, stateKept, -n.B/norm, -m.B/norm, n.B, m.B)
}

// scaleV returns n with its outgoing weights scaled by f, key naming the
// key.
func scaleV(n train.Neuron, f float64, key string) (train.Neuron, string) {
	if len(n.V) == 1 && n.V[0] == 0 {
		return n, "v = 0 stays 0 when scaled: enter types a value"
	}
	m := n
	m.V = make([]float64, len(n.V))
	for i, v := range n.V {
		m.V[i] = v * f
	}
	return m, fmt.Sprintf("outgoing weight v ×%.4g, %s: %s %.3f → %.3f; its line kept",
		f, stateKept, key, n.V[0], m.V[0])
}

// throughPoint returns n with its line moved, w kept, to pass through
// (x, y).
func throughPoint(n train.Neuron, x, y float64) train.Neuron {
	m := n
	m.B = -(n.W[0]*x + n.W[1]*y)
	return m
}

func angleOf(w []float64) float64 { return math.Atan2(w[1], w[0]) * 180 / math.Pi }

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
