package tui

import (
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"relulab/model"
	"relulab/train"
)

// Update handles one message: a frame, a key, the mouse, a resize or news
// about the terminal's colours.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.w, a.h = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
		a.render()
	case tea.BackgroundColorMsg:
		a.dark = msg.IsDark()
		a.setStyles()
		a.render()
	case tea.ColorProfileMsg:
		a.profile = msg.Profile
		a.setStyles()
		a.render()
	case tickMsg:
		if msg.gen != a.gen || a.paused {
			return a, nil // a stale chain, or paused: let it die
		}
		a.frame()
		if a.paused { // the run diverged
			return a, nil
		}
		return a, a.tick()
	case tea.KeyPressMsg:
		if cmd, ok := a.wake(); ok {
			return a, cmd // the first key after an idle pause only wakes the lab
		}
		return a, a.key(msg)
	case idleMsg:
		return a, a.idle()
	case stoppingMsg:
		a.banner = fmt.Sprintf("the server is stopping: this session closes in %v", stopDelay)
		a.exit = "relulab: the server stopped; goodbye"
		a.render()
		return a, tea.Tick(stopDelay, func(time.Time) tea.Msg { return tea.QuitMsg{} })
	case tea.MouseMotionMsg:
		a.mouseMove(msg.X, msg.Y)
	case tea.MouseClickMsg:
		a.mouseClick(msg.X, msg.Y)
	}
	return a, nil
}

// frame trains one frame's worth of epochs and redraws: the speed's
// number of epochs, or at full speed as many as fit, measuring the held-out
// set every fourth epoch; either way no longer than most of a frame, or
// the lab's share of the machine under a governor.
func (a *App) frame() {
	start := a.now()
	want := speeds[a.speed]
	budget := a.interval * 8 / 10
	if g := a.opts.Governor; g != nil {
		budget = min(budget, g.Share(a.opts.FPS))
	}
	a.run.SetEvalEvery(1)
	if want == 0 {
		a.run.SetEvalEvery(fullSpeedEval)
		want = maxPerFrame
	}
	for done := 0; done < want && a.run.Status() == train.Running; {
		n := min(want-done, 2*fullSpeedEval)
		a.run.Run(n)
		done += n
		if a.now().Sub(start) >= budget {
			break
		}
	}
	if dt := start.Sub(a.lastTick).Seconds(); !a.lastTick.IsZero() && dt > 0 {
		a.rate = 0.8*a.rate + 0.2*float64(a.run.Epoch()-a.lastEp)/dt
	}
	a.lastTick, a.lastEp = start, a.run.Epoch()
	a.refresh()
}

// fullSpeedEval is how often, in epochs, the held-out set is measured at
// full speed; the chart holds the last measurement in between.
const fullSpeedEval = 4

// maxPerFrame bounds the epochs of one frame at full speed.
const maxPerFrame = 10000

// stopDelay is how long a lab shows that the server is stopping.
const stopDelay = 2 * time.Second

// stoppingMsg tells a lab that its server is stopping.
type stoppingMsg struct{}

// idleMsg asks the lab to check whether it has been left alone.
type idleMsg struct{}

// idleTick checks for idleness every second: cheap, and a pending timer
// outlives a closed session by at most a second.
func idleTick() tea.Cmd { return tea.Tick(time.Second, func(time.Time) tea.Msg { return idleMsg{} }) }

// idle pauses a lab left alone for Idle, and quits one left alone for
// IdleGrace more.
func (a *App) idle() tea.Cmd {
	now := a.now()
	switch {
	case !a.idleSince.IsZero() && now.Sub(a.idleSince) >= a.opts.IdleGrace:
		a.exit = fmt.Sprintf("relulab: closed after %v without a key press", a.opts.Idle+a.opts.IdleGrace)
		return tea.Quit
	case a.idleSince.IsZero() && now.Sub(a.lastKey) >= a.opts.Idle:
		a.idleSince = now
		a.banner = fmt.Sprintf("paused after %v without a key: press any key to go on; the session closes in %v", a.opts.Idle, a.opts.IdleGrace)
		if !a.paused {
			a.paused, a.autoPaused = true, true
			a.gen++
		}
		a.render()
	}
	return idleTick()
}

// wake notes a key press; if the lab had paused for idleness it resumes
// and reports true: that key does nothing else.
func (a *App) wake() (tea.Cmd, bool) {
	a.lastKey = a.now()
	if a.idleSince.IsZero() {
		return nil, false
	}
	a.idleSince, a.banner = time.Time{}, ""
	if a.autoPaused && a.run.Status() == train.Running {
		a.autoPaused = false
		return a.togglePause(), true
	}
	a.render()
	return nil, true
}

// key acts on a key press and returns what the program should do next.
func (a *App) key(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Pause):
		return a.togglePause()
	case key.Matches(msg, k.Step):
		if a.run.Status() == train.Running {
			a.run.Run(1)
			a.refresh()
		}
	case key.Matches(msg, k.Faster):
		a.speed = min(a.speed+1, len(speeds)-1)
		a.render()
	case key.Matches(msg, k.Slower):
		a.speed = max(a.speed-1, 0)
		a.render()
	case key.Matches(msg, k.Opt, k.OptPrev):
		names := train.OptimizerNames()
		name := cycle(names, slices.Index(names, a.run.Config().Opt.Name), key.Matches(msg, k.Opt))
		c, _ := train.DefaultOptimizer(name)
		a.change(a.run.SetOptimizer(c), fmt.Sprintf("optimizer → %s (lr %s, its default): weights kept, fresh optimizer state", name, lrText(c.LR)))
	case key.Matches(msg, k.Act, k.ActPrev):
		act := cycle(model.Activations, slices.Index(model.Activations, a.run.Config().Act), key.Matches(msg, k.Act))
		fresh, err := a.run.SetActivation(act)
		state := "optimizer state kept"
		if fresh {
			state = "fresh optimizer state (prelu's slopes come or go)"
		}
		a.change(err, fmt.Sprintf("activation → %s: weights kept, %s", act, state))
	case key.Matches(msg, k.LRUp, k.LRDown):
		lr := ladder(a.run.Config().Opt.LR, key.Matches(msg, k.LRUp))
		a.change(a.run.SetLearningRate(lr), fmt.Sprintf("lr → %s: weights and optimizer state kept", lrText(lr)))
	case key.Matches(msg, k.More, k.Less):
		a.resize(key.Matches(msg, k.More))
	case key.Matches(msg, k.Batch):
		b := cycle(batches, slices.Index(batches, a.run.Config().Batch), true)
		a.change(a.run.SetBatch(b), fmt.Sprintf("batch → %d: weights and optimizer state kept", b))
	case key.Matches(msg, k.Data):
		d := cycle(train.Datas, slices.Index(train.Datas, a.run.Config().Data), true)
		a.change(a.run.SetData(d), fmt.Sprintf("data → %s: new training and held-out sets, weights and optimizer state kept", d))
	case key.Matches(msg, k.Init):
		c := a.run.Config()
		c.Init = cycle(model.Initializers, slices.Index(model.Initializers, c.Init), true)
		return a.restart(c, fmt.Sprintf("initializer → %s: weights drawn anew from seed %d, epoch 0", c.Init, c.Seed))
	case key.Matches(msg, k.Restart):
		c := a.run.Config()
		return a.restart(c, fmt.Sprintf("restart: the initial weights of seed %d again, epoch 0", c.Seed))
	case key.Matches(msg, k.Seed):
		c := a.run.Config()
		c.Seed++
		return a.restart(c, fmt.Sprintf("seed → %d: new weights, data and batch order, epoch 0", c.Seed))
	case key.Matches(msg, k.Mode):
		a.mode = a.mode.next(a.run.Config().Hidden[0])
		a.render()
	case key.Matches(msg, k.Scale):
		a.linear = !a.linear
		a.render()
	case key.Matches(msg, k.Help):
		a.help.ShowAll = !a.help.ShowAll
		a.render()
	}
	return nil
}

// togglePause pauses or resumes; resuming starts a new tick chain, and the
// generation makes the old one die.
func (a *App) togglePause() tea.Cmd {
	if a.run.Status() == train.Diverged {
		a.log("the run diverged: r restarts it, l/L changes the learning rate first")
		a.render()
		return nil
	}
	a.paused = !a.paused
	a.gen++
	a.keys.Step.SetEnabled(a.paused)
	a.lastTick = a.now()
	a.render()
	if a.paused {
		return nil
	}
	return a.tick()
}

// resize adds or drops a neuron of the first hidden layer.
func (a *App) resize(more bool) {
	w := a.run.Config().Hidden[0]
	if more {
		a.change(a.run.SetWidth(w+1), fmt.Sprintf("neuron %d added with fresh weights: the others kept, fresh optimizer state", w+1))
		return
	}
	a.change(a.run.SetWidth(w-1), fmt.Sprintf("neuron %d dropped: the others kept, fresh optimizer state", w))
	a.mode = min(a.mode, modeNeuron+heatMode(w-2))
}

// change logs what a change of the run kept, or why it was refused.
func (a *App) change(err error, what string) {
	if err != nil {
		a.log("refused: " + err.Error())
		a.render()
		return
	}
	a.log(what)
	a.refresh()
}

// restart replaces the run with a new one of c at epoch 0. A lab that
// paused itself when the run diverged resumes.
func (a *App) restart(c train.Config, what string) tea.Cmd {
	run, err := train.New(c)
	if err != nil {
		a.change(err, "")
		return nil
	}
	a.run = run
	a.flash, a.wasDead, a.basin = map[int]int{}, map[int]bool{}, ""
	a.log(what)
	a.refresh()
	if a.autoPaused {
		a.autoPaused = false
		return a.togglePause()
	}
	return nil
}

// cycle returns the element after (or before) position i of xs, wrapping.
func cycle[T any](xs []T, i int, forward bool) T {
	if forward {
		return xs[(i+1)%len(xs)]
	}
	return xs[(i-1+len(xs))%len(xs)]
}

// batches are the batch sizes b cycles through.
var batches = []int{1, 4, 8, 16, 32, 64, 128, 256, 1024}

// ladder returns the next learning rate up or down the 1, 2, 5 × 10ᵏ
// ladder from lr, which need not be on it.
func ladder(lr float64, up bool) float64 {
	var rungs []float64
	for p := 1e-6; p < 20; p *= 10 {
		rungs = append(rungs, p, 2*p, 5*p)
	}
	if up {
		for _, r := range rungs {
			if r > lr*(1+1e-9) {
				return r
			}
		}
		return rungs[len(rungs)-1]
	}
	for i := len(rungs) - 1; i >= 0; i-- {
		if rungs[i] < lr*(1-1e-9) {
			return rungs[i]
		}
	}
	return rungs[0]
}

func lrText(lr float64) string { return fmt.Sprintf("%.3g", lr) }
