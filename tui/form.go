package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"relulab/train"
)

// valueForm types the exact values of one neuron: its incoming weights,
// bias and outgoing weights, each a finite number (train.ParseWeight). It
// opens on the neuron's values as they are; the run waits while it is
// open. A field is typed at its end: characters are added, backspace
// takes the last, ctrl+u clears it. (Bubbles' textinput would paste the
// clipboard of the machine the lab runs on: over SSH, the server's.)
type valueForm struct {
	neuron int
	names  []string
	inputs []string
	at     int    // the field being typed
	err    string // why enter was refused
	nw     int    // incoming weights; then the bias if hasB, then v
	hasB   bool
}

// formKeys are the form's keys, named in its box.
var formKeys = struct{ Next, Prev, Apply, Cancel key.Binding }{
	Next:   key.NewBinding(key.WithKeys("tab", "down")),
	Prev:   key.NewBinding(key.WithKeys("shift+tab", "up")),
	Apply:  key.NewBinding(key.WithKeys("enter")),
	Cancel: key.NewBinding(key.WithKeys("esc")),
}

// newValueForm returns the form of neuron j, n, of a network of c.
func newValueForm(j int, n train.Neuron, c train.Config) *valueForm {
	f := &valueForm{neuron: j, nw: len(n.W), hasB: !c.NoBias}
	var vals []float64
	switch len(n.W) {
	case 1:
		f.names = append(f.names, "w")
	case 2:
		f.names = append(f.names, "w_x", "w_y")
	default:
		for i := range n.W {
			f.names = append(f.names, fmt.Sprintf("w_%d", i+1))
		}
	}
	vals = append(vals, n.W...)
	if f.hasB {
		f.names, vals = append(f.names, "b"), append(vals, n.B)
	}
	if !c.Direct {
		for i, v := range n.V {
			name := "v"
			if len(n.V) > 1 {
				name = fmt.Sprintf("v_%d", i+1)
			}
			f.names, vals = append(f.names, name), append(vals, v)
		}
	}
	for _, v := range vals {
		f.inputs = append(f.inputs, strconv.FormatFloat(v, 'g', -1, 64))
	}
	return f
}

// fieldLimit bounds a field's length in characters.
const fieldLimit = 32

// focus makes field i the one typed into.
func (f *valueForm) focus(i int) { f.at = (i + len(f.inputs)) % len(f.inputs) }

// typeKey types msg into the field: a character, backspace or ctrl+u.
func (f *valueForm) typeKey(msg tea.KeyPressMsg) {
	in := []rune(f.inputs[f.at])
	switch s := msg.String(); {
	case s == "backspace" && len(in) > 0:
		in = in[:len(in)-1]
	case s == "ctrl+u":
		in = nil
	case msg.Text != "" && len(in)+len([]rune(msg.Text)) <= fieldLimit:
		in = append(in, []rune(ansi.Strip(msg.Text))...)
	}
	f.inputs[f.at] = string(in)
}

// values parses the fields into the neuron's w, b and v, or returns the
// first field's error, and focuses that field.
func (f *valueForm) values(n train.Neuron) (train.Neuron, error) {
	xs := make([]float64, len(f.inputs))
	for i, in := range f.inputs {
		x, err := train.ParseWeight(f.names[i], strings.TrimSpace(in))
		if err != nil {
			f.focus(i)
			return n, err
		}
		xs[i] = x
	}
	m := n
	m.W, xs = xs[:f.nw], xs[f.nw:]
	if f.hasB {
		m.B, xs = xs[0], xs[1:]
	}
	if len(xs) > 0 {
		m.V = xs
	}
	return m, nil
}

// openForm opens the form of the selected neuron.
func (a *App) openForm() {
	if a.selected < 0 {
		a.log("select a neuron first: 1–9, tab, or a click on its row or line; then enter types its values")
		a.render()
		return
	}
	c := a.current.snap.Config
	a.form = newValueForm(a.selected, a.current.snap.Neurons[a.selected], c)
	a.render()
}

// formKey acts on a key while the form is open: tab and ↓ go to the next
// field, shift+tab and ↑ to the one before, enter sets the values (or says
// on the form what is wrong with one), esc closes it; other keys type.
func (a *App) formKey(msg tea.KeyPressMsg) tea.Cmd {
	f, k := a.form, formKeys
	switch {
	case key.Matches(msg, k.Next):
		f.focus(f.at + 1)
	case key.Matches(msg, k.Prev):
		f.focus(f.at - 1)
	case key.Matches(msg, k.Cancel):
		a.form = nil
	case key.Matches(msg, k.Apply):
		n := a.current.snap.Neurons[f.neuron]
		m, err := f.values(n)
		if err == nil {
			err = a.setNeuron(f.neuron, m)
		}
		if err != nil {
			f.err = err.Error()
			break
		}
		a.form = nil
		a.log(fmt.Sprintf("neuron %d set to %s, %s: the other neurons kept", f.neuron+1, f.typed(), stateKept))
		a.refresh()
		return nil
	default:
		f.typeKey(msg)
		f.err = ""
	}
	a.render()
	return nil
}

// typed lists the form's fields as typed, "w_x 1 w_y 0.5 b 0 v 2".
func (f *valueForm) typed() string {
	parts := make([]string, len(f.inputs))
	for i, in := range f.inputs {
		parts[i] = f.names[i] + " " + strings.TrimSpace(in)
	}
	return strings.Join(parts, ", ")
}

// formLines draws the form inside the neuron table's box, w cells wide:
// the fields, as many to a line as fit, then the error or the keys.
func (a *App) formLines(w int) []string {
	f, st := a.form, a.styles
	var lines []string
	line, lineW := "", 0
	for i, in := range f.inputs {
		field := st.Text.Render(in + " ")
		if i == f.at {
			field = st.Key.Render(in + "▏")
		}
		field = " " + st.Dim.Render(f.names[i]+" ") + field
		fw := ansi.StringWidth(field)
		if lineW > 0 && lineW+fw > w {
			lines, line, lineW = append(lines, line), "", 0
		}
		line, lineW = line+field, lineW+fw
	}
	note := st.Dim.Render("enter sets them · tab/↑↓ next field · esc cancels · the run waits meanwhile")
	if f.err != "" {
		note = st.Bad.Render(f.err)
	}
	return append(lines, line, " "+note)
}
