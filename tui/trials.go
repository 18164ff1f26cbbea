package tui

import (
	"fmt"
	"strings"

	"relulab/train"
)

// DefaultTrials is the number of seeds `t` and `relulab trials` start
// with; MaxTrials is the most a block may hold.
const (
	DefaultTrials = 32
	MaxTrials     = 256
)

// DefaultVs is the comparison v starts when no other is given: the
// recipe that makes three ReLUs find the pyramid.
const DefaultVs = "recipe=reliable"

// ReLUVs is DefaultVs for --task relu, whose single unit the recipe does
// not fit: SGD with momentum 0.9, which carries w across 0 on every seed
// of the README's sweep.
const ReLUVs = "momentum=0.9"

// defaultVs returns what v compares c with when no other is given.
func defaultVs(c train.Config) string {
	if c.Task == train.TaskReLU {
		return ReLUVs
	}
	return DefaultVs
}

// trials is the lab's view of repeated runs: one configuration trained
// with a block of seeds in lockstep, and, after v, the same seeds with a
// second configuration. The runs are sweep's (train.Trial): the same seed
// gives the same run as `relulab train --seed N` and as sweep's record.
type trials struct {
	seeds  []uint64
	groups []*group // A, and B while comparing
	// vs says how B differs from A: "recipe=NAME" or a configuration
	// string applied on top of A.
	vs string
	// sel is the selected run, an index into every group's runs in order
	// (see run); top is the first gallery row shown.
	sel, top int
	// workers trains the runs; 1 under a server's share of the machine.
	workers int
	// fromLab is set when t opened the view: esc goes back to the lab,
	// whose view, labLane and labFull, is kept here meanwhile.
	fromLab bool
	labLane *lane
	labFull bool
	// opened is the run the lab view shows after enter, or nil.
	opened *lane
	// gallery is where the last render put the thumbnails, for the mouse.
	gallery galleryLayout
	// pal colours basins and outcomes on the background palDark says.
	pal     trialsPalette
	palDark bool
}

// group is one configuration's block of runs and what is drawn from
// them: a lane per run for its thumbnail, and the tally.
type group struct {
	name   string // "A" or "B"
	config train.Config
	runs   []*train.Trial
	lanes  []*lane
	tally  train.Tally
	// changes lists the epochs at which k changed the runs' settings, for
	// the marks on the chart's x axis.
	changes []int
}

// NewTrials returns a lab showing the trials of c with seeds. If vs is not
// empty it is what v compares with (see ParseVs), and the comparison
// starts at once; otherwise v compares with DefaultVs (ReLUVs for --task
// relu).
func NewTrials(c train.Config, seeds []uint64, vs string, o Options) (*App, error) {
	if err := checkSeeds(seeds); err != nil {
		return nil, err
	}
	first, err := train.New(c)
	if err != nil {
		return nil, err
	}
	a := newApp([]*train.Trainer{first}, nil, o)
	tr := &trials{seeds: seeds, vs: defaultVs(c)}
	if vs != "" {
		tr.vs = vs
	}
	if _, err := ParseVs(c, tr.vs); err != nil {
		return nil, err
	}
	if err := a.startTrials(tr, c, vs != ""); err != nil {
		return nil, err
	}
	return a, nil
}

// checkSeeds refuses an empty block or one of more than MaxTrials.
func checkSeeds(seeds []uint64) error {
	if len(seeds) == 0 || len(seeds) > MaxTrials {
		return fmt.Errorf("trials take 1 to %d seeds, not %d", MaxTrials, len(seeds))
	}
	return nil
}

// ParseVs returns the configuration that vs makes of c: vs is
// "recipe=NAME", or settings as a configuration string writes them
// ("opt=lion revive=50") that change c.
func ParseVs(c train.Config, vs string) (train.Config, error) {
	if name, ok := strings.CutPrefix(strings.TrimSpace(vs), "recipe="); ok {
		return train.ApplyRecipe(c, name)
	}
	return train.ParseConfigOn(c, vs)
}

// openTrials turns the lab into the trials of the configuration it shows,
// with DefaultTrials seeds from its seed on.
func (a *App) openTrials() {
	c := a.current.run.Config()
	seeds := make([]uint64, DefaultTrials)
	for i := range seeds {
		seeds[i] = c.Seed + uint64(i)
	}
	tr := &trials{seeds: seeds, vs: defaultVs(c), fromLab: true, labLane: a.current, labFull: a.full}
	a.full = false
	if err := a.startTrials(tr, c, false); err != nil {
		a.trials = nil
		a.log("trials refused: " + err.Error())
	}
	a.render()
}

// closeTrials goes back to the lab the trials were opened from.
func (a *App) closeTrials() {
	tr := a.trials
	a.trials, a.current, a.full = nil, tr.labLane, tr.labFull
	a.speed = defaultSpeed
	a.log("back to the lab")
	a.refresh()
}

// startTrials shows tr, with c trained with its seeds, and with ab the
// comparison too.
func (a *App) startTrials(tr *trials, c train.Config, ab bool) error {
	tr.workers = 0 // one per CPU
	if tr.labLane == nil {
		tr.labLane = a.current
	}
	if a.opts.Share != nil {
		tr.workers = 1 // the share is of one core's time
	}
	a.trials = tr
	a.speed = trialsSpeed
	a.selected, a.hover = -1, nil
	if err := a.restartTrials(c, ab); err != nil {
		return err
	}
	a.log(fmt.Sprintf("trials: %s with seeds %s; enter opens a run, v compares", c.String(), seedRange(tr.seeds)))
	return nil
}

// trialsSpeed is the speed trials start at: 20 epochs a frame, so that
// the basins of 32 runs are decided within seconds.
const trialsSpeed = 4

// restartTrials starts every run anew at epoch 0: A of c, with ab B too.
func (a *App) restartTrials(c train.Config, ab bool) error {
	tr := a.trials
	cs := []train.Config{c}
	if ab {
		b, err := ParseVs(c, tr.vs)
		if err != nil {
			return err
		}
		cs = append(cs, b)
	}
	if allow := a.opts.AllowTrials; allow != nil {
		for _, gc := range cs {
			if err := allow(gc, len(cs)*len(tr.seeds)); err != nil {
				return err
			}
		}
	}
	var groups []*group
	for i, gc := range cs {
		g := &group{name: string(rune('A' + i)), config: gc}
		for _, s := range tr.seeds {
			gc.Seed = s
			run, err := train.NewWatchedTrial(gc)
			if err != nil {
				return err
			}
			g.runs = append(g.runs, run)
			g.lanes = append(g.lanes, newLane(run.T, a.styles, a.plain()))
		}
		groups = append(groups, g)
	}
	tr.groups = groups
	tr.sel = min(tr.sel, tr.count()-1)
	tr.opened = nil
	a.full = false
	a.refresh()
	return nil
}

// count returns the number of runs of every group.
func (tr *trials) count() int { return len(tr.groups) * len(tr.seeds) }

// run returns run i of every group's in order, and its group.
func (tr *trials) run(i int) (*group, int) {
	n := len(tr.seeds)
	return tr.groups[i/n], i % n
}

// all returns the runs of every group.
func (tr *trials) all() []*train.Trial {
	var out []*train.Trial
	for _, g := range tr.groups {
		out = append(out, g.runs...)
	}
	return out
}

// train trains every run n epochs, in lockstep, on the trials' workers.
func (tr *trials) train(n int) { train.RunTrials(tr.all(), n, tr.workers) }

// running reports whether some run has not diverged.
func (tr *trials) running() bool {
	for _, g := range tr.groups {
		for _, r := range g.runs {
			if r.T.Status() == train.Running {
				return true
			}
		}
	}
	return false
}

// epoch returns the epoch of the runs: the latest, should some have
// diverged earlier.
func (tr *trials) epoch() int {
	e := 0
	for _, g := range tr.groups {
		for _, r := range g.runs {
			e = max(e, r.T.Epoch())
		}
	}
	return e
}

// frame trains the runs up to want epochs further in lockstep, in chunks
// of about 256 run-epochs of 1024 samples (--task relu's epoch of 100
// batches of 1000 counts a hundred), while more holds: the clock is read
// after each chunk, so a frame keeps to its budget however many runs
// there are and however long their epochs.
func (tr *trials) frame(want int, more func() bool) {
	per := max(1, tr.groups[0].config.EpochSamples()/train.DefaultSamples)
	for done := 0; done < want && tr.running() && more(); {
		n := min(want-done, max(1, 256/(tr.count()*per)))
		tr.train(n)
		done += n
	}
}

// updateTrials tallies every group, after measuring every run's verdict
// at its epoch if the trials are paused (running, the runs measure theirs
// on their cadence, train.CadenceOf); the opened run takes a full snapshot, as
// the lab's run.
func (a *App) updateTrials() {
	tr := a.trials
	for _, g := range tr.groups {
		if a.paused {
			for _, r := range g.runs {
				r.Watch()
			}
		}
		g.tally = train.TallyTrials(g.runs)
	}
	if tr.opened != nil {
		for _, news := range tr.opened.update(2 * a.opts.FPS) {
			a.log(news)
		}
	}
}

// seedRange writes seeds as "1–32" when they run on, else as a list.
func seedRange(seeds []uint64) string {
	run := true
	for i, v := range seeds {
		run = run && v == seeds[0]+uint64(i)
	}
	if run && len(seeds) > 1 {
		return fmt.Sprintf("%d–%d", seeds[0], seeds[len(seeds)-1])
	}
	s := make([]string, len(seeds))
	for i, v := range seeds {
		s[i] = fmt.Sprint(v)
	}
	return strings.Join(s, ",")
}
