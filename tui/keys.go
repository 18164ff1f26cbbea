package tui

import "charm.land/bubbles/v2/key"

// keyMap holds the lab's key bindings. The short and full help are
// generated from it; the README's key table is written by hand, and
// TestREADMEListsEveryKey checks that it lists every binding.
type keyMap struct {
	Pause, Step, Faster, Slower, Restart, Seed     key.Binding
	Opt, OptPrev, Act, ActPrev, Init, LRUp, LRDown key.Binding
	More, Less, Batch, Data                        key.Binding
	// Knobs opens the settings picker: l1, l2, dropout, repel, schedule,
	// horizon, revive and the recipes, changed as the run trains.
	Knobs                           key.Binding
	Mode, Scale, Points, Help, Quit key.Binding
	// Network shows or hides the network panel; NextPage and PrevPage
	// turn its pages in the lab view.
	Network key.Binding
	// NextBin and PrevBin choose, for --task spectrum:N, the complex bin
	// whose plane the heatmaps show.
	NextBin, PrevBin key.Binding
	// Compare turns the lab into a comparison; the others move about
	// one: focus a column, open it full-screen and back, drop it, page.
	// OwnScale switches the columns' heatmaps between one shared colour
	// scale and each its own.
	Compare, Focus, FocusPrev, Open, Back, Drop, NextPage, PrevPage, OwnScale key.Binding
	// Save writes the run to a file, Export its loss history, Copy its
	// configuration string to the clipboard.
	Save, Export, Copy key.Binding
	// Trials opens the trials of the configuration; in them Versus starts
	// or ends the A/B comparison and Select moves about the gallery.
	Trials, Versus, Select key.Binding
	// Speed, LR and Neurons stand for pairs of keys in the short help.
	Speed, LR, Neurons key.Binding
	// Neuron (1–9), NextNeuron and PrevNeuron select the neuron that the
	// editing keys act on (see select.go).
	Neuron, NextNeuron, PrevNeuron key.Binding
	// The editing keys move the selected neuron (see edit.go); Values
	// opens the form of its exact values, Optimum puts the network on the
	// reference optimum, Nudge adds noise of the size NudgeSize picks.
	Turn, TurnFine, Shift, ShiftFine, Weight, Values, Optimum, Nudge, NudgeSize key.Binding
}

func defaultKeyMap() keyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return keyMap{
		Pause:     b([]string{"space"}, "space", "pause"),
		Step:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "step"), key.WithDisabled()),
		Faster:    b([]string{"+", "="}, "+", "faster"),
		Slower:    b([]string{"-", "_"}, "-", "slower"),
		Restart:   b([]string{"r"}, "r", "restart"),
		Seed:      b([]string{"s"}, "s", "new seed"),
		Opt:       b([]string{"o"}, "o", "optimizer"),
		OptPrev:   b([]string{"O"}, "O", "previous optimizer"),
		Act:       b([]string{"a"}, "a", "activation"),
		ActPrev:   b([]string{"A"}, "A", "previous activation"),
		Init:      b([]string{"i"}, "i", "next initializer"),
		LRUp:      b([]string{"l"}, "l", "learning rate up"),
		LRDown:    b([]string{"L"}, "L", "learning rate down"),
		More:      b([]string{"h"}, "h", "one neuron more"),
		Less:      b([]string{"H"}, "H", "one neuron less"),
		Batch:     b([]string{"b"}, "b", "next batch size"),
		Data:      b([]string{"d"}, "d", "next data distribution"),
		Knobs:     b([]string{"k"}, "k", "settings: l1, l2, dropout…"),
		Mode:      b([]string{"m"}, "m", "heatmap mode"),
		Scale:     b([]string{"g"}, "g", "chart: log/linear"),
		Points:    b([]string{"p"}, "p", "heatmap: points and ticks"),
		Network:   b([]string{"N"}, "N", "network at a glance"),
		NextBin:   b([]string{"."}, ".", "spectrum: next bin's plane"),
		PrevBin:   b([]string{","}, ",", "spectrum: previous bin's plane"),
		Help:      b([]string{"?"}, "?", "help"),
		Quit:      b([]string{"q", "ctrl+c"}, "q", "quit"),
		Compare:   b([]string{"c"}, "c", "compare"),
		Save:      b([]string{"w"}, "w", "save the run"),
		Export:    b([]string{"e"}, "e", "export the loss history"),
		Copy:      b([]string{"y"}, "y", "copy the configuration"),
		Focus:     b([]string{"tab"}, "tab", "focus a column"),
		FocusPrev: b([]string{"shift+tab"}, "shift+tab", "focus the column before"),
		Open:      b([]string{"enter"}, "enter", "open it full-screen"),
		Back:      b([]string{"esc"}, "esc", "back to the comparison"),
		Drop:      b([]string{"x"}, "x", "drop the focused column"),
		OwnScale:  b([]string{"u"}, "u", "shared/own colour scale"),
		NextPage:  b([]string{"]", "pgdown"}, "]", "next page"),
		PrevPage:  b([]string{"[", "pgup"}, "[", "previous page"),
		Trials:    b([]string{"t"}, "t", "trials"),
		Versus:    b([]string{"v"}, "v", "compare"),
		Select:    b([]string{"left", "right", "up", "down"}, "←↑↓→", "select a run"),
		Speed:     b([]string{"+", "-"}, "+/-", "speed"),
		LR:        b([]string{"l", "L"}, "l/L", "lr"),
		Neurons:   b([]string{"h", "H"}, "h/H", "neurons"),

		Neuron:     b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1–9", "select a neuron (again: none)"),
		NextNeuron: b([]string{"tab"}, "tab", "select the next neuron"),
		PrevNeuron: b([]string{"shift+tab"}, "shift+tab", "select the neuron before"),
		Turn:       b([]string{"left", "right"}, "←/→", "turn its line 5°"),
		TurnFine:   b([]string{"shift+left", "shift+right"}, "shift+←/→", "turn its line 1°"),
		Shift:      b([]string{"up", "down"}, "↑/↓", "move its line 0.05"),
		ShiftFine:  b([]string{"shift+up", "shift+down"}, "shift+↑/↓", "move its line 0.01"),
		Weight:     b([]string{">", "<"}, ">/<", "its outgoing weight ×1.1 or ÷1.1"),
		Values:     b([]string{"enter"}, "enter", "type its exact values"),
		Optimum:    b([]string{"P"}, "P", "put the network on the optimum"),
		Nudge:      b([]string{"j"}, "j", "nudge every weight by noise of size ε"),
		NudgeSize:  b([]string{"J"}, "J", "next nudge size ε"),
	}
}

// ShortHelp returns the keys of the one-line help, the most needed first
// (a narrow terminal cuts the rest); disabled keys are left out, so the
// lab, a comparison and its full-screen run each show theirs.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Pause, k.Step, k.Focus, k.Open, k.Back, k.NextPage, k.Help, k.Restart, k.Compare, k.Quit, k.Trials, k.Speed, k.Opt, k.Act, k.LR, k.Neurons, k.Mode}
}

// FullHelp returns every key, by concern (helpGroups names them): run,
// configuration, view and files, compare, and the network's hands.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Pause, k.Step, k.Faster, k.Slower, k.Restart, k.Seed},
		{k.Opt, k.OptPrev, k.Act, k.ActPrev, k.Init, k.LRUp, k.LRDown, k.More, k.Less, k.Batch, k.Data, k.Knobs},
		{k.Mode, k.NextBin, k.PrevBin, k.Scale, k.Points, k.Network, k.Save, k.Export, k.Copy, k.Help, k.Quit},
		{k.Compare, k.Focus, k.FocusPrev, k.Open, k.Back, k.Drop, k.OwnScale, k.NextPage, k.PrevPage, k.Trials},
		{k.Neuron, k.NextNeuron, k.PrevNeuron, k.Turn, k.TurnFine, k.Shift, k.ShiftFine, k.Weight, k.Values, k.Optimum, k.Nudge, k.NudgeSize},
	}
}

// setKeys enables the keys that do something in the current view.
func (a *App) setKeys() {
	k := &a.keys
	k.Step.SetEnabled(a.paused)
	many, cols := len(a.lanes) > 1, a.comparing()
	k.Compare.SetEnabled(!many)
	for _, b := range []*key.Binding{&k.Focus, &k.FocusPrev, &k.Open, &k.Drop, &k.OwnScale} {
		b.SetEnabled(cols)
	}
	k.Back.SetEnabled(many && a.full)
	paged := cols && a.columns.pages > 1 || a.netPaged()
	k.NextPage.SetEnabled(paged)
	k.PrevPage.SetEnabled(paged)
	k.Trials.SetEnabled(true)
	spectrum := a.current.snap.Config.Task.Spectrum() > 0 && a.trials == nil
	k.NextBin.SetEnabled(spectrum)
	k.PrevBin.SetEnabled(spectrum)
	k.Points.SetEnabled(a.trials == nil || a.full) // the gallery draws no points
	k.Versus.SetEnabled(a.trials != nil)
	sel := a.selectable() > 0
	for _, b := range []*key.Binding{&k.Neuron, &k.NextNeuron, &k.PrevNeuron} {
		b.SetEnabled(sel)
	}
	edit := a.editable()
	for _, b := range []*key.Binding{&k.Turn, &k.TurnFine, &k.Shift, &k.ShiftFine, &k.Weight, &k.Values, &k.Optimum, &k.Nudge, &k.NudgeSize} {
		b.SetEnabled(edit)
	}
	if a.trials != nil {
		a.setTrialsKeys()
	} else {
		k.Select.SetEnabled(false)
		a.resetKeyHelp()
	}
}
