package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"relulab/model"
	"relulab/train"
	"relulab/train/optim"
)

// Update handles one message (see update); then, should the loss
// landscape be due, it starts its next chunk.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := a.update(msg)
	if next := a.planeCmd(); next != nil {
		return a, tea.Batch(cmd, next)
	}
	return a, cmd
}

// update handles one message: a frame, a key, the mouse, a resize, news
// about the terminal's colours or a chunk of the loss landscape.
func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
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
		if a.form != nil {
			return a, a.tick() // the run waits for the form
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
	case savedMsg:
		for _, text := range msg {
			a.log(text)
		}
		a.render()
	case idleMsg:
		return a, a.idle()
	case StoppingMsg:
		a.banner = fmt.Sprintf("the server is stopping: this session closes in %v", msg.In)
		a.exit = "relulab: the server stopped; goodbye"
		a.render()
		return a, tea.Tick(msg.In, func(time.Time) tea.Msg { return tea.QuitMsg{} })
	case CloseMsg:
		a.exit = msg.Reason
		return a, tea.Quit
	case tea.MouseMotionMsg:
		if a.drag != nil && msg.Button == tea.MouseLeft {
			a.dragTo(msg.X, msg.Y)
		} else {
			a.mouseMove(msg.X, msg.Y)
		}
	case tea.MouseReleaseMsg:
		if a.drag != nil {
			a.drop()
		}
	case tea.MouseClickMsg:
		a.mouseClick(msg.X, msg.Y)
	case planeMsg:
		return a, a.planeChunk(msg)
	case optimumMsg:
		a.putOnOptimum(msg)
	}
	return a, nil
}

// frame trains one frame's worth of epochs and redraws: the speed's
// number of epochs, or at full speed as many as fit, measuring the held-out
// set every fourth epoch; either way no longer than most of a frame, or
// the lab's share of the machine under a server. The runs train in slices
// of samples and the clock is read after each, so that however large an
// epoch, a frame overruns its budget by one slice at most. A frame that
// runs out of time leaves its epochs to the next: the runs stand at the
// same epoch again before they go further.
func (a *App) frame() {
	start := a.now()
	want := speeds[a.speed]
	budget := a.interval * 8 / 10
	if a.opts.Share != nil {
		budget = min(budget, a.opts.Share()-a.planeSpent)
		a.planeSpent = 0
	}
	eval := 1
	if want == 0 {
		eval, want = fullSpeedEval, maxPerFrame
	}
	if a.trials != nil {
		a.trials.frame(want, func() bool { return a.now().Sub(start) < budget })
	} else {
		a.trainLanes(want, eval, func() bool { return a.now().Sub(start) < budget })
	}
	if dt := start.Sub(a.lastTick).Seconds(); !a.lastTick.IsZero() && dt > 0 {
		a.rate = 0.8*a.rate + 0.2*float64(a.epoch()-a.lastEp)/dt
	}
	a.lastTick, a.lastEp = start, a.epoch()
	a.refresh()
}

// trainLanes trains the runs up to want epochs further, in slices of
// samples, while more holds, measuring the held-out set every eval epochs.
// A frame that runs out of time leaves its epochs to the next: the runs
// stand at the same epoch again before they go further.
func (a *App) trainLanes(want, eval int, more func() bool) {
	goal := 0
	for _, l := range a.lanes {
		l.run.SetEvalEvery(eval)
		if l.run.Status() == train.Running {
			goal = max(goal, l.run.Epoch())
		}
	}
	if a.lockstep(goal) {
		goal += want
	}
	for trained := true; trained && more(); {
		trained = false
		for _, l := range a.lanes {
			if l.run.Status() == train.Running && l.run.Epoch() < goal {
				l.run.RunSamples(sliceSamples)
				trained = true
			}
		}
	}
}

// lockstep reports whether every run that has not diverged stands at
// epoch e.
func (a *App) lockstep(e int) bool {
	for _, l := range a.lanes {
		if l.run.Status() == train.Running && l.run.Epoch() != e {
			return false
		}
	}
	return true
}

// sliceSamples is how many samples a run trains between two looks at the
// clock: an epoch of the default configuration.
const sliceSamples = train.DefaultSamples

// train trains every run that has not diverged n epochs: the runs stay in
// lockstep.
func (a *App) train(n int) {
	if a.trials != nil {
		a.trials.train(n)
		return
	}
	for _, l := range a.lanes {
		if l.run.Status() == train.Running {
			l.run.Run(n)
		}
	}
}

// running reports whether some run has not diverged.
func (a *App) running() bool {
	if a.trials != nil {
		return a.trials.running()
	}
	for _, l := range a.lanes {
		if l.run.Status() == train.Running {
			return true
		}
	}
	return false
}

// epoch returns the epoch of the runs: the latest, should one have
// diverged earlier.
func (a *App) epoch() int {
	if a.trials != nil {
		return a.trials.epoch()
	}
	e := 0
	for _, l := range a.lanes {
		e = max(e, l.run.Epoch())
	}
	return e
}

// fullSpeedEval is how often, in epochs, the held-out set is measured at
// full speed; the chart holds the last measurement in between.
const fullSpeedEval = 4

// maxPerFrame bounds the epochs of one frame at full speed.
const maxPerFrame = 10000

// CloseMsg makes a lab quit at once, restoring the terminal;
// ExitReason then returns Reason.
type CloseMsg struct{ Reason string }

// StoppingMsg tells a lab that its server is stopping: the lab says so
// and quits In later.
type StoppingMsg struct{ In time.Duration }

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
	if a.autoPaused && a.running() {
		a.autoPaused = false
		return a.togglePause(), true
	}
	a.render()
	return nil, true
}

// key acts on a key press and returns what the program should do next.
func (a *App) key(msg tea.KeyPressMsg) tea.Cmd {
	if a.pick != nil {
		return a.pickKey(msg)
	}
	if a.knobs != nil {
		return a.knobKey(msg)
	}
	if a.form != nil {
		return a.formKey(msg)
	}
	if a.helpOpen && a.helpKey(msg) {
		a.render()
		return nil
	}
	if a.trials != nil {
		if cmd, ok := a.trialsKey(msg); ok {
			return cmd
		}
	}
	k := a.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Pause):
		return a.togglePause()
	case key.Matches(msg, k.Step):
		if a.running() {
			a.train(1)
			a.refresh()
		}
	case key.Matches(msg, k.Faster):
		a.speed = min(a.speed+1, len(speeds)-1)
		a.render()
	case key.Matches(msg, k.Slower):
		a.speed = max(a.speed-1, 0)
		a.render()
	case key.Matches(msg, k.Opt, k.OptPrev):
		names := optim.Names()
		a.configure(func(l *lane) (string, error) {
			name := cycle(names, slices.Index(names, l.run.Config().Opt.Name), key.Matches(msg, k.Opt))
			c, _ := optim.Default(name)
			return fmt.Sprintf("optimizer → %s (lr %s, its default): weights kept, fresh optimizer state", name, lrText(c.LR)), l.run.SetOptimizer(c)
		})
	case key.Matches(msg, k.Act, k.ActPrev):
		a.configure(func(l *lane) (string, error) {
			act := cycle(model.Activations, slices.Index(model.Activations, l.run.Config().Act), key.Matches(msg, k.Act))
			fresh, err := l.run.SetActivation(act)
			state := "optimizer state kept"
			if fresh {
				state = "fresh optimizer state (prelu's slopes come or go)"
			}
			return fmt.Sprintf("activation → %s: weights kept, %s", act, state), err
		})
	case key.Matches(msg, k.LRUp, k.LRDown):
		up := key.Matches(msg, k.LRUp)
		a.configure(func(l *lane) (string, error) {
			old := l.run.Config().Opt.LR
			lr := ladder(old, up)
			if lr == old {
				end := map[bool]string{true: "maximum", false: "minimum"}[up]
				return fmt.Sprintf("lr %s is at the %s: nothing changed", lrText(lr), end), nil
			}
			return fmt.Sprintf("lr → %s: weights and optimizer state kept", lrText(lr)), l.run.SetLearningRate(lr)
		})
	case key.Matches(msg, k.More, k.Less):
		more := key.Matches(msg, k.More)
		a.configure(func(l *lane) (string, error) {
			c := l.run.Config()
			w := c.Hidden[0]
			if more && c.Direct {
				return fmt.Sprintf("hidden layer of %d with a linear output: the unit kept, feeding the output with weight 1, unit %d fresh; fresh optimizer state", w+1, w+1), l.run.SetWidth(w + 1)
			}
			if more {
				return fmt.Sprintf("neuron %d added with fresh weights: the others kept, fresh optimizer state", w+1), l.run.SetWidth(w + 1)
			}
			return fmt.Sprintf("neuron %d dropped: the others kept, fresh optimizer state", w), l.run.SetWidth(w - 1)
		})
		a.mode = min(a.mode, modeNeuron+heatMode(a.widest()-1))
		a.landscape = a.landscape && !more // --task relu: the data plot shows the new kink
		a.render()
	case key.Matches(msg, k.Batch):
		a.configure(func(l *lane) (string, error) {
			b := cycle(batches, slices.Index(batches, l.run.Config().Batch), true)
			return fmt.Sprintf("batch → %d: weights and optimizer state kept", b), l.run.SetBatch(b)
		})
	case key.Matches(msg, k.Data):
		a.configure(func(l *lane) (string, error) {
			d := cycle(train.AllData, slices.Index(train.AllData, l.run.Config().Data), true)
			return fmt.Sprintf("data → %s: new training and held-out sets, weights and optimizer state kept", d), l.run.SetData(d)
		})
	case key.Matches(msg, k.Init):
		targets := a.targets()
		var init model.Initializer
		return a.restart(func(l *lane, c *train.Config) {
			if slices.Contains(targets, l) {
				c.Init = cycle(model.Initializers, slices.Index(model.Initializers, c.Init), true)
				init = c.Init
			}
		}, func() string {
			return fmt.Sprintf("initializer → %s: weights drawn anew from seed %s, epoch 0", init, a.seeds())
		})
	case key.Matches(msg, k.Restart):
		var lrs []string // how the diverged runs' learning rates changed
		return a.restart(func(l *lane, c *train.Config) {
			var why string
			if c.Opt.LR, why = l.lr.recovery(*c); why != "" {
				lrs = append(lrs, a.labelled(l, why))
			}
		}, func() string {
			return strings.Join(append([]string{fmt.Sprintf("restart: the initial weights of seed %s again, epoch 0", a.seeds())}, lrs...), "; ")
		})
	case key.Matches(msg, k.Seed):
		return a.restart(func(_ *lane, c *train.Config) { c.Seed++ }, func() string {
			return fmt.Sprintf("seed → %s: new weights, data and batch order, epoch 0", a.seeds())
		})
	case key.Matches(msg, k.Mode):
		switch {
		case a.current.snap.Config.Task == train.TaskReLU:
			a.landscape = !a.landscape
		case a.current.snap.Config.Task.Spectrum() > 0 && a.labView():
			a.binMap = !a.binMap
		default:
			a.mode = a.mode.next(a.widest(), a.labView() && a.current.snap.Config.Task == train.TaskAbs)
		}
		a.render()
	case key.Matches(msg, k.NextBin, k.PrevBin):
		n := a.current.snap.Config.Task.Spectrum()
		a.bin = 1 + (a.binOf(n)-1+n/2-1+b2i(key.Matches(msg, k.NextBin))-b2i(key.Matches(msg, k.PrevBin)))%(n/2-1)
		a.render()
		a.log(fmt.Sprintf("bin %d: the heatmaps show the plane of X_%d (m: the spectra)", a.bin, a.bin))
		a.render()
	case key.Matches(msg, k.Scale):
		a.linear = !a.linear
		a.render()
	case key.Matches(msg, k.Points):
		a.showPoints = !a.showPoints
		a.render() // fits the surfaces, whose size the points' count depends on
		a.log(a.pointsText())
		a.render()
	case key.Matches(msg, k.Network):
		a.network = !a.network
		a.render() // places the panel, whose pages the events line counts
		a.log(a.networkText())
		a.render()
	case key.Matches(msg, k.Help):
		a.helpOpen, a.helpAt = true, 0
		a.render()
	case key.Matches(msg, k.Save):
		return a.write(".json")
	case key.Matches(msg, k.Export):
		return a.write(".csv")
	case key.Matches(msg, k.Copy):
		return a.copyConfig()
	case key.Matches(msg, k.Trials):
		a.openTrials()
	case key.Matches(msg, k.Values):
		a.openForm()
	case key.Matches(msg, k.Optimum):
		return a.optimum()
	case key.Matches(msg, k.Nudge):
		a.nudge()
	case key.Matches(msg, k.NudgeSize):
		a.nudgeAt = (a.nudgeAt + 1) % len(train.Nudges)
		a.log(fmt.Sprintf("nudge size ε → %g: j adds Gaussian noise of this size to every weight and bias", train.Nudges[a.nudgeAt]))
		a.render()
	case key.Matches(msg, k.Compare):
		a.pick = newPicker(a.current.run.Config())
		a.render()
	case key.Matches(msg, k.Knobs):
		base := a.current.run.Config()
		if a.trials != nil {
			base = a.trials.groups[0].config // k changes every run: A's settings stand for them
		}
		a.knobs = newKnobs(base)
		a.render()
	case a.selectKey(msg), a.editKey(msg):
	default:
		a.columnKey(msg)
	}
	return nil
}

// columnKey acts on the keys that move about a comparison.
func (a *App) columnKey(msg tea.KeyPressMsg) {
	k := a.keys
	switch {
	case key.Matches(msg, k.Focus, k.FocusPrev):
		// Focus cycles through the columns and none (−1).
		n := len(a.lanes) + 1
		step := 1
		if key.Matches(msg, k.FocusPrev) {
			step = n - 1
		}
		a.setFocus((a.focus+1+step)%n - 1)
	case key.Matches(msg, k.Open):
		a.setFocus(max(a.focus, 0))
		a.full, a.selected, a.hover = true, -1, nil
	case key.Matches(msg, k.Back):
		a.full = false
	case key.Matches(msg, k.Drop):
		if a.focus < 0 {
			a.log("x drops the focused column: tab focuses one first")
			break
		}
		a.log(fmt.Sprintf("column %d (%s) dropped", a.focus+1, a.labels()[a.focus]))
		a.lanes = slices.Delete(a.lanes, a.focus, a.focus+1)
		a.setFocus(-1)
	case key.Matches(msg, k.OwnScale):
		a.ownScale = !a.ownScale
	case key.Matches(msg, k.NextPage) && a.netPaged():
		a.netPage = min(a.netPage+1, a.layout.thumbs.pages-1)
	case key.Matches(msg, k.PrevPage) && a.netPaged():
		a.netPage = max(a.netPage-1, 0)
	case key.Matches(msg, k.NextPage):
		a.page = min(a.page+1, a.columns.pages-1)
	case key.Matches(msg, k.PrevPage):
		a.page = max(a.page-1, 0)
	default:
		return
	}
	a.render()
}

// setFocus focuses column i, or none for −1, and turns to its page.
func (a *App) setFocus(i int) {
	a.focus = i
	a.current = a.lanes[max(i, 0)]
	if i >= 0 {
		a.page = a.columns.pageOf(i)
	}
}

// targets returns the runs that the configuration keys change: the run of
// the lab, the focused column, or else every column.
func (a *App) targets() []*lane {
	if len(a.lanes) == 1 || a.full || a.focus >= 0 {
		return []*lane{a.current}
	}
	return a.lanes
}

// configure changes each target run with set, which says what changed and
// what was kept, and logs that or why the change was refused.
func (a *App) configure(set func(l *lane) (string, error)) {
	for _, l := range a.targets() {
		before := l.run.Config().String()
		what, err := set(l)
		if err != nil {
			what = "refused: " + err.Error()
		}
		if l.run.Config().String() != before {
			l.changes = append(l.changes, l.run.Epoch())
		}
		a.logLane(l, what)
	}
	a.refresh()
}

// widest returns the largest first hidden layer among the runs.
func (a *App) widest() int {
	w := 0
	for _, l := range a.lanes {
		w = max(w, l.run.Config().Hidden[0])
	}
	return w
}

// seeds names the seed of the runs, or each column's.
func (a *App) seeds() string {
	var ss []string
	for _, l := range a.lanes {
		if s := fmt.Sprint(l.run.Config().Seed); !slices.Contains(ss, s) {
			ss = append(ss, s)
		}
	}
	return strings.Join(ss, ", ")
}

// togglePause pauses or resumes; resuming starts a new tick chain, and the
// generation makes the old one die.
func (a *App) togglePause() tea.Cmd {
	if !a.running() {
		a.log("the run diverged: L lowers the learning rate; r restarts at one that did not diverge")
		a.render()
		return nil
	}
	a.paused = !a.paused
	a.gen++
	a.lastTick = a.now()
	a.render()
	if a.paused {
		return nil
	}
	return a.tick()
}

// restart starts every run anew at epoch 0, in lockstep, each with its
// configuration changed by change; what describes it once done. If a new
// configuration is refused, nothing changes. A lab that paused itself
// because its runs diverged resumes.
func (a *App) restart(change func(l *lane, c *train.Config), what func() string) tea.Cmd {
	cs := make([]train.Config, len(a.lanes))
	for i, l := range a.lanes {
		cs[i] = l.run.Config()
		change(l, &cs[i])
		if err := cs[i].Validate(); err != nil {
			a.logLane(l, "refused: "+err.Error())
			a.render()
			return nil
		}
	}
	for i, l := range a.lanes {
		if err := l.restart(cs[i]); err != nil { // validated above
			a.logLane(l, "refused: "+err.Error())
		}
	}
	a.log(what())
	a.refresh()
	if a.autoPaused && a.idleSince.IsZero() {
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
