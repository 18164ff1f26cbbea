package tui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"relulab/train"
)

// Options tune a lab. The zero value runs at 30 frames a second, starts
// training at once, never times out, trains as fast as a frame allows and
// reads the wall clock.
type Options struct {
	// FPS is the frame rate; 0 means 30.
	FPS int
	// Paused starts the lab paused.
	Paused bool
	// Idle, if positive, pauses the lab when no key has been pressed for
	// that long, and says so; IdleGrace later the lab quits.
	Idle, IdleGrace time.Duration
	// Share, if not nil, returns the most time the lab may train in one
	// frame: its share of the machine when a server runs many labs.
	Share func() time.Duration
	// Now is the clock that measures the training speed and idleness; nil
	// means time.Now.
	Now func() time.Time
	// AllowTrials, if not nil, is asked before the trials view (t) trains
	// runs runs of c at once, and refuses them with its error: a server
	// bounds what one session may train.
	AllowTrials func(c train.Config, runs int) error
	// SaveDir is where w saves runs and e exports loss histories; empty
	// means that saving is off, as on a server by default.
	SaveDir string
}

// speeds is the ladder of epochs trained per frame; 0 is full speed: as
// many epochs as fit in most of a frame.
var speeds = []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 0}

// defaultSpeed trains 2 epochs a frame, 60 a second at 30 frames a second:
// the first few hundred epochs, where the basin is decided, are watchable.
const defaultSpeed = 1

// App is the lab: one run or a comparison of several, the latest snapshot
// of each, and the screen drawn from them. Every panel is rendered when
// the data or the size changes, so View only returns the finished screen.
//
// The runs of a comparison train in lockstep: every key that runs,
// steps, restarts or reseeds acts on all of them, so they stand at the
// same epoch (a run that diverged stops where it diverged).
type App struct {
	// current is the run the lab view shows and the configuration keys
	// change: the focused one of a comparison, or the first.
	current *lane
	lanes   []*lane
	// focus is the focused column of a comparison, or −1: then the
	// configuration keys change every run.
	focus int
	// full shows the focused run of a comparison in the lab view.
	full bool
	page int // the page of columns a comparison shows
	// trials, if not nil, is the trials view, shown instead of the runs
	// above until esc.
	trials *trials
	// ownScale draws each column's heatmap on its own colour scale
	// instead of one shared by all.
	ownScale bool
	pick     *picker
	knobs    *knobs // the settings picker of k, while open

	keys    keyMap
	help    help.Model // the one-line help
	styles  Styles
	dark    bool
	profile colorprofile.Profile
	w, h    int
	layout  layout
	columns compareLayout
	// helpOpen shows the help page, page helpAt of helpPages.
	helpOpen          bool
	helpAt, helpPages int

	opts     Options
	interval time.Duration
	now      func() time.Time
	gen      int // the tick chain that is alive; stale ticks die
	paused   bool
	// autoPaused says the lab paused itself because every run diverged.
	autoPaused bool
	speed      int // index into speeds
	rate       float64
	lastTick   time.Time
	lastEp     int

	lastKey   time.Time // the last key press, for idleness
	idleSince time.Time // when the lab paused itself for idleness, or zero
	banner    string    // a notice over the verdict: idle, stopping
	exit      string    // why the lab quit on its own

	// showPoints draws the training points on the heatmaps and ticks on
	// the lab heatmap's axes.
	showPoints bool
	// network shows the network panel (N) in the lab view, at page
	// netPage; netTiles are its tiles on screen, and netSel the selected
	// neuron it last saw, so that its page turns when the selection does.
	network  bool
	netPage  int
	netSel   int
	netTiles []netTile

	mode heatMode
	// landscape shows, for --task relu, the loss landscape instead of the
	// data plot.
	landscape bool
	// For --task spectrum:N: bin is the complex bin whose plane the
	// heatmaps show (0 means 1; see binOf), and binMap shows in the lab
	// the error over that plane instead of the spectrum panel (m).
	bin      int
	binMap   bool
	linear   bool
	selected int // the selected neuron (see select.go), or −1
	nudgeAt  int // the nudge size ε: train.Nudges[nudgeAt]
	// form, if not nil, types the selected neuron's exact values in place
	// of the neuron table; the run waits while it is open.
	form    *valueForm
	drag    *dragState // the line the mouse holds, or nil
	hover   *hoverCell
	events  []train.Event // see maxEvents
	dropped int           // events dropped, the oldest, beyond maxEvents

	screen string
	// planeSpent is the time the landscape's chunks took since the last
	// frame: under a server's share, that frame trains that much less.
	planeSpent time.Duration
}

// New returns a lab training c.
func New(c train.Config, o Options) (*App, error) { return NewCompare([]train.Config{c}, o) }

// MaxCompare is the number of runs a comparison holds at most.
const MaxCompare = 6

// NewCompare returns a lab comparing the configurations cs side by side,
// one column each, trained in lockstep; with one configuration it is the
// plain lab. Configurations with the same seed share their training data,
// and where their shapes and initializers match, their initial weights.
func NewCompare(cs []train.Config, o Options) (*App, error) {
	if len(cs) == 0 || len(cs) > MaxCompare {
		return nil, fmt.Errorf("a comparison takes 1 to %d configurations, not %d", MaxCompare, len(cs))
	}
	runs := make([]*train.Trainer, len(cs))
	for i, c := range cs {
		var err error
		if runs[i], err = train.New(c); err != nil {
			return nil, err
		}
	}
	return newApp(runs, nil, o), nil
}

// Resume returns a lab going on with run, a run loaded from a file, and
// the events saved with it.
func Resume(run *train.Trainer, events []train.Event, o Options) *App {
	return newApp([]*train.Trainer{run}, events, o)
}

// newApp returns a lab of runs, one column each, with events so far.
func newApp(runs []*train.Trainer, events []train.Event, o Options) *App {
	if o.FPS <= 0 {
		o.FPS = 30
	}
	a := &App{
		keys: defaultKeyMap(), help: help.New(), dark: true, focus: -1,
		profile: colorprofile.TrueColor, opts: o, interval: time.Second / time.Duration(o.FPS),
		now: o.Now, paused: o.Paused, speed: defaultSpeed, selected: -1, netSel: -1, nudgeAt: defaultNudge,
	}
	a.keepEvents(events...)
	a.styles = NewStyles(a.dark)
	for _, r := range runs {
		a.lanes = append(a.lanes, newLabLane(r, a.styles, a.plain()))
	}
	a.current = a.lanes[0]
	if a.now == nil {
		a.now = time.Now
	}
	a.lastKey = a.now()
	a.setStyles()
	a.refresh() // sets the keys too
	return a
}

// Snapshot returns the snapshot of the run the lab view shows.
func (a *App) Snapshot() train.Snapshot { return a.current.snap }

// Snapshots returns the snapshot of every run, in column order.
func (a *App) Snapshots() []train.Snapshot {
	s := make([]train.Snapshot, len(a.lanes))
	for i, l := range a.lanes {
		s[i] = l.snap
	}
	return s
}

// plain reports whether the terminal shows no colour.
func (a *App) plain() bool { return a.profile <= colorprofile.ASCII }

// comparing reports whether the screen shows the comparison's columns.
func (a *App) comparing() bool { return len(a.lanes) > 1 && !a.full }

// Init asks the terminal for its background colour and starts the ticks.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if !a.paused {
		cmds = append(cmds, a.tick())
	}
	if a.opts.Idle > 0 {
		cmds = append(cmds, idleTick())
	}
	return tea.Batch(cmds...)
}

// ExitReason says why the lab quit on its own, or is empty.
func (a *App) ExitReason() string { return a.exit }

// tickMsg asks for a frame; gen names the tick chain it belongs to.
type tickMsg struct{ gen int }

// tick asks for the next frame. On a terminal of its own the lab asks an
// interval after the last frame began, so that a frame that trains for
// most of its interval (at full speed) is not followed by a whole idle
// one; at least an eighth of an interval passes, for keys to get through.
// Under a server's share (Options.Share) it waits a whole interval after
// the frame, so that a session whose frames are slow to draw does not draw
// more of them.
func (a *App) tick() tea.Cmd {
	gen := a.gen
	wait := a.interval
	if !a.lastTick.IsZero() && a.opts.Share == nil {
		wait = max(a.interval-a.now().Sub(a.lastTick), a.interval/8)
	}
	return tea.Tick(wait, func(time.Time) tea.Msg { return tickMsg{gen} })
}

// View returns the screen rendered by the last change.
func (a *App) View() tea.View {
	v := tea.NewView(a.screen)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeAllMotion
	v.WindowTitle = "relulab"
	return v
}

// setStyles rebuilds the styles for the background and colour profile.
func (a *App) setStyles() {
	a.styles = NewStyles(a.dark)
	a.styles.Diverging, a.styles.Sequential = heatPalettes(a.profile)
	a.help.Styles = help.DefaultStyles(a.dark)
	for _, l := range a.lanes {
		l.restyle(a.styles, a.plain())
	}
	if a.trials != nil {
		a.trials.restyle(a.styles, a.plain())
	}
}
