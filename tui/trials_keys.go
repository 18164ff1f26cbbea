package tui

import (
	"fmt"
	"math"
	"slices"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"relulab/model"
	"relulab/train"
	"relulab/train/optim"
)

// trialsHelp is the help of the trials view: its own keys and the lab's
// that act on every run.
type trialsHelp struct{ keyMap }

// ShortHelp returns the keys of the one-line help; disabled keys are left
// out, so the gallery and an opened run each show theirs.
func (k trialsHelp) ShortHelp() []key.Binding {
	return []key.Binding{k.Pause, k.Step, k.Speed, k.Select, k.Open, k.Back, k.Versus, k.Seed, k.Restart, k.Opt, k.Act, k.LR, k.Save, k.Export, k.Help, k.Quit}
}

// FullHelp returns every key of the view, by concern (helpGroups names
// them).
func (k trialsHelp) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Pause, k.Step, k.Faster, k.Slower, k.Restart, k.Seed},
		{k.Opt, k.OptPrev, k.Act, k.ActPrev, k.Init, k.LRUp, k.LRDown, k.More, k.Less, k.Batch, k.Data, k.Knobs},
		{k.Select, k.Open, k.Back, k.Mode, k.Scale, k.Save, k.Export, k.Help, k.Quit},
		{k.Versus},
	}
}

// helpKeys returns the keys the help shows: the lab's, or the trials'.
func (a *App) helpKeys() help.KeyMap {
	if a.trials != nil {
		return trialsHelp{a.keys}
	}
	return a.keys
}

// setTrialsKeys enables the keys of the trials view, and names what the
// shared ones do there.
func (a *App) setTrialsKeys() {
	k, tr := &a.keys, a.trials
	for _, b := range []*key.Binding{&k.Compare, &k.Focus, &k.FocusPrev, &k.Drop, &k.Trials} {
		b.SetEnabled(false)
	}
	k.NextPage.SetEnabled(a.netPaged()) // the pages of an opened run's network panel
	k.PrevPage.SetEnabled(a.netPaged())
	k.Select.SetEnabled(!a.full)
	k.Open.SetEnabled(!a.full)
	k.Back.SetEnabled(a.full || tr.fromLab)
	k.Copy.SetEnabled(a.full)
	k.Back.SetHelp("esc", map[bool]string{true: "back to the trials", false: "back to the lab"}[a.full])
	k.Open.SetHelp("enter", "open the run")
	k.Seed.SetHelp("s", "next block of seeds")
	k.Restart.SetHelp("r", "restart every run")
	k.Versus.SetHelp("v", map[bool]string{true: "end the comparison", false: "compare: " + tr.vs}[len(tr.groups) > 1])
	if a.full {
		k.Save.SetHelp("w", "save the run")
		k.Export.SetHelp("e", "export its loss history")
	} else {
		k.Save.SetHelp("w", "save the trials as sweep's JSON")
		k.Export.SetHelp("e", "export every loss history")
	}
}

// resetKeyHelp names what the shared keys do in the lab, after trials.
func (a *App) resetKeyHelp() {
	d, k := defaultKeyMap(), &a.keys
	k.Back.SetHelp(d.Back.Help().Key, d.Back.Help().Desc)
	k.Open.SetHelp(d.Open.Help().Key, d.Open.Help().Desc)
	k.Seed.SetHelp(d.Seed.Help().Key, d.Seed.Help().Desc)
	k.Restart.SetHelp(d.Restart.Help().Key, d.Restart.Help().Desc)
	k.Save.SetHelp(d.Save.Help().Key, d.Save.Help().Desc)
	k.Export.SetHelp(d.Export.Help().Key, d.Export.Help().Desc)
	k.Mode.SetHelp(d.Mode.Help().Key, d.Mode.Help().Desc)
	if a.current.snap.Config.Task == train.TaskReLU {
		k.Mode.SetHelp("m", "data plot/landscape")
	}
}

// trialsKey acts on a key press in the trials view and reports whether it
// did; the keys it leaves (pause, step, speed, scale, heatmap mode, help,
// quit, and in an opened run the lab's view keys) the lab handles.
func (a *App) trialsKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	tr, k := a.trials, a.keys
	c := tr.groups[0].config
	switch {
	case key.Matches(msg, k.Back):
		if a.full {
			a.closeRun()
		} else {
			a.closeTrials()
		}
	case key.Matches(msg, k.Restart):
		a.reconfigure(c, "restart: every run from epoch 0 with its seed again")
	case key.Matches(msg, k.Seed):
		lo, hi := slices.Min(tr.seeds), slices.Max(tr.seeds)
		for i := range tr.seeds {
			tr.seeds[i] += hi - lo + 1
		}
		a.reconfigure(c, "seeds → "+seedRange(tr.seeds)+": new weights, data and batch order, epoch 0")
	case key.Matches(msg, k.Opt, k.OptPrev):
		names := optim.Names()
		c.Opt, _ = optim.Default(cycle(names, slices.Index(names, c.Opt.Name), key.Matches(msg, k.Opt)))
		a.reconfigure(c, fmt.Sprintf("optimizer → %s (lr %s, its default)", c.Opt.Name, lrText(c.Opt.LR)))
	case key.Matches(msg, k.Act, k.ActPrev):
		c.Act = cycle(model.Activations, slices.Index(model.Activations, c.Act), key.Matches(msg, k.Act))
		a.reconfigure(c, "activation → "+c.Act.String())
	case key.Matches(msg, k.LRUp, k.LRDown):
		c.Opt.LR = ladder(c.Opt.LR, key.Matches(msg, k.LRUp))
		a.reconfigure(c, "lr → "+lrText(c.Opt.LR))
	case key.Matches(msg, k.More, k.Less):
		c.Hidden = slices.Clone(c.Hidden)
		c.Hidden[0] += map[bool]int{true: 1, false: -1}[key.Matches(msg, k.More)]
		a.reconfigure(c, "neurons → "+train.HiddenString(c.Hidden))
		a.mode = min(a.mode, modeNeuron+heatMode(c.Hidden[0]-1))
	case key.Matches(msg, k.Batch):
		c.Batch = cycle(batches, slices.Index(batches, c.Batch), true)
		a.reconfigure(c, fmt.Sprintf("batch → %d", c.Batch))
	case key.Matches(msg, k.Data):
		c.Data = cycle(train.AllData, slices.Index(train.AllData, c.Data), true)
		a.reconfigure(c, "data → "+c.Data.String())
	case key.Matches(msg, k.Init):
		c.Init = cycle(model.Initializers, slices.Index(model.Initializers, c.Init), true)
		a.reconfigure(c, "initializer → "+c.Init.String())
	case key.Matches(msg, k.Versus):
		a.versus()
	case a.full:
		return nil, false // the lab's keys, on the opened run
	case key.Matches(msg, k.Select):
		a.moveSelection(msg)
	case key.Matches(msg, k.Open):
		a.openRun(tr.sel)
	case key.Matches(msg, k.Save):
		return a.writeTrials(".json"), true
	case key.Matches(msg, k.Export):
		return a.writeTrials(".csv"), true
	case key.Matches(msg, k.Pause, k.Step, k.Faster, k.Slower, k.Scale, k.Mode, k.Help, k.Quit, k.Knobs, k.Network):
		return nil, false
	}
	a.render()
	return nil, true
}

// reconfigure restarts every run from epoch 0 with A's configuration c
// (and B's made from it), and logs what changed; a configuration that is
// refused changes nothing.
func (a *App) reconfigure(c train.Config, what string) {
	old := a.trials.groups
	if err := a.restartTrials(c, len(old) > 1); err != nil {
		a.trials.groups = old
		a.log("refused: " + err.Error())
		return
	}
	a.log(what + " · every run restarts from epoch 0")
}

// versus starts the comparison, or ends it: both groups start at epoch 0
// so they race in lockstep.
func (a *App) versus() {
	tr := a.trials
	c := tr.groups[0].config
	ab := len(tr.groups) == 1
	if err := a.restartTrials(c, ab); err != nil {
		a.log("refused: " + err.Error())
		return
	}
	if ab {
		a.log(fmt.Sprintf("A/B: the same seeds with %s (B) against A, both from epoch 0", tr.vs))
	} else {
		a.log("the comparison ends: A alone, from epoch 0")
	}
}

// moveSelection moves the selected run in the gallery by an arrow key.
func (a *App) moveSelection(msg tea.KeyPressMsg) {
	tr := a.trials
	step := map[string]int{"left": -1, "right": 1, "up": -tr.gallery.perRow, "down": tr.gallery.perRow}[msg.String()]
	if i := tr.sel + step; i >= 0 && i < tr.count() {
		tr.sel = i
	}
}

// openRun shows run i in the lab view.
func (a *App) openRun(i int) {
	tr := a.trials
	g, k := tr.run(i)
	tr.sel, tr.opened = i, g.lanes[k]
	tr.opened.run.SetEvalEvery(1) // its chart, as the lab's, measures every epoch
	a.current, a.full = tr.opened, true
	a.selected, a.hover = -1, nil
	a.refresh()
}

// closeRun goes back from the opened run to the trials.
func (a *App) closeRun() {
	tr := a.trials
	tr.opened.run.SetEvalEvery(math.MaxInt) // the trial's probes measure it again
	tr.opened, a.full = nil, false
	a.current = tr.labLane
	if a.current == nil {
		a.current = a.lanes[0]
	}
}
