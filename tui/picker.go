package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"relulab/model"
	"relulab/train"
	"relulab/train/optim"
)

// picker chooses what the lab's run is compared with: other activations
// or other optimizers, up to MaxCompare runs in all. The zero value is not
// usable; use newPicker.
type picker struct {
	base   train.Config
	optims bool // choosing optimizers, not activations
	cursor int
	chosen []string // in the order of the list
	note   string   // why the last key did nothing
}

// newPicker returns a picker comparing against the run of c.
func newPicker(c train.Config) *picker { return &picker{base: c} }

// items returns the choices and the run's own, which is always compared.
func (p *picker) items() ([]string, string) {
	if p.optims {
		return optim.Names(), p.base.Opt.Name
	}
	acts := make([]string, len(model.Activations))
	for i, act := range model.Activations {
		acts[i] = act.String()
	}
	return acts, p.base.Act.String()
}

// pickerKeys are the picker's keys, shown in its box.
var pickerKeys = struct{ Switch, Up, Down, Toggle, Start, Cancel key.Binding }{
	Switch: key.NewBinding(key.WithKeys("tab", "left", "right")),
	Up:     key.NewBinding(key.WithKeys("up", "k")),
	Down:   key.NewBinding(key.WithKeys("down", "j")),
	Toggle: key.NewBinding(key.WithKeys("space", "x")),
	Start:  key.NewBinding(key.WithKeys("enter")),
	Cancel: key.NewBinding(key.WithKeys("esc", "q", "c")),
}

// pickKey acts on a key while the picker is open.
func (a *App) pickKey(msg tea.KeyPressMsg) tea.Cmd {
	p, k := a.pick, pickerKeys
	items, own := p.items()
	p.note = ""
	switch {
	case key.Matches(msg, k.Switch):
		p.optims, p.cursor, p.chosen = !p.optims, 0, nil
	case key.Matches(msg, k.Up):
		p.cursor = (p.cursor + len(items) - 1) % len(items)
	case key.Matches(msg, k.Down):
		p.cursor = (p.cursor + 1) % len(items)
	case key.Matches(msg, k.Toggle):
		item := items[p.cursor]
		switch i := slices.Index(p.chosen, item); {
		case item == own:
			p.note = item + " is this run's own"
		case i >= 0:
			p.chosen = slices.Delete(p.chosen, i, i+1)
		case len(p.chosen) == MaxCompare-1:
			p.note = fmt.Sprintf("at most %d runs side by side", MaxCompare)
		default:
			p.chosen = append(p.chosen, item)
			slices.SortFunc(p.chosen, func(x, y string) int { return slices.Index(items, x) - slices.Index(items, y) })
		}
	case key.Matches(msg, k.Start):
		if len(p.chosen) == 0 {
			p.note = "pick one or more with space first"
			break
		}
		return a.startComparison()
	case key.Matches(msg, k.Cancel):
		a.pick = nil
	}
	a.render()
	return nil
}

// startComparison turns the lab's run into a comparison with the picked
// settings: every run from epoch 0, on the run's data and initial weights.
func (a *App) startComparison() tea.Cmd {
	p := a.pick
	a.pick = nil
	cs := []train.Config{p.base}
	for _, item := range p.chosen {
		c := p.base
		if p.optims {
			c.Opt, _ = optim.Default(item)
		} else {
			c.Act, _ = model.ParseActivation(item)
		}
		cs = append(cs, c)
	}
	lanes := make([]*lane, len(cs))
	for i, c := range cs {
		run, err := train.New(c)
		if err != nil {
			a.log("refused: " + err.Error())
			a.render()
			return nil
		}
		lanes[i] = newLabLane(run, a.styles, a.plain())
	}
	a.lanes, a.focus, a.full, a.page, a.selected = lanes, -1, false, 0, -1
	a.current = lanes[0]
	_, own := p.items()
	a.log(fmt.Sprintf("comparing %s with %s from epoch 0: same data and initial weights", own, strings.Join(p.chosen, ", ")))
	a.refresh()
	if a.autoPaused {
		a.autoPaused = false
		return a.togglePause()
	}
	return nil
}

// view draws the picker in the middle of a w×h screen.
func (p *picker) view(st Styles, w, h int) string {
	items, own := p.items()
	acts, opts := st.Key.Render("activations"), st.Dim.Render("optimizers")
	if p.optims {
		acts, opts = st.Dim.Render("activations"), st.Key.Render("optimizers")
	}
	lines := []string{
		st.Title.Render("compare this run with…") + "  " + acts + st.Dim.Render(" · ") + opts + st.Dim.Render("  (tab switches)"),
		"",
	}
	const perColumn = 7
	var grid []string
	for i, item := range items {
		mark := "[ ]"
		switch {
		case item == own:
			mark = "[•]"
		case slices.Contains(p.chosen, item):
			mark = "[x]"
		}
		text := fmt.Sprintf("%s %s", mark, item)
		if item == own {
			text += " (this run)"
		}
		text = fmt.Sprintf("%-26s", text)
		style := st.Text
		if i == p.cursor {
			style = st.Hot
		}
		if i < perColumn {
			grid = append(grid, style.Render(text))
		} else {
			grid[i%perColumn] += style.Render(text)
		}
	}
	lines = append(lines, grid...)
	lines = append(lines, "",
		st.Dim.Render("↑/↓ move · space picks · enter compares from epoch 0 on the same data and initial weights · esc cancels"))
	if p.note != "" {
		lines = append(lines, st.Warn.Render(p.note))
	}
	body := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(st.Border.GetForeground()).Padding(0, 1).
		MaxWidth(w).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, body)
}
