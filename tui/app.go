package tui

import (
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
	// Governor, if not nil, caps the training time of each frame at the
	// lab's share of the machine.
	Governor *Governor
	// Now is the clock that measures the training speed and idleness; nil
	// means time.Now.
	Now func() time.Time
}

// speeds is the ladder of epochs trained per frame; 0 is full speed: as
// many epochs as fit in most of a frame.
var speeds = []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 0}

// defaultSpeed trains 2 epochs a frame, 60 a second at 30 frames a second:
// the first few hundred epochs, where the basin is decided, are watchable.
const defaultSpeed = 1

// App is the lab: one trainer, its latest snapshot, and the screen drawn
// from it. Every panel is rendered when the data or the size changes, so
// View only returns the finished screen.
type App struct {
	run     *train.Trainer
	snap    train.Snapshot
	surface *train.Surface
	heat    *heatmap

	keys    keyMap
	help    help.Model
	styles  Styles
	dark    bool
	profile colorprofile.Profile
	w, h    int
	layout  layout

	opts     Options
	interval time.Duration
	now      func() time.Time
	gen      int // the tick chain that is alive; stale ticks die
	paused   bool
	// autoPaused says the lab paused itself because the run diverged.
	autoPaused bool
	speed      int // index into speeds
	rate       float64
	lastTick   time.Time
	lastEp     int

	lastKey   time.Time // the last key press, for idleness
	idleSince time.Time // when the lab paused itself for idleness, or zero
	banner    string    // a notice over the verdict: idle, stopping
	exit      string    // why the lab quit on its own

	mode     heatMode
	linear   bool
	selected int // neuron chosen with the mouse, or −1
	hover    *hoverCell
	events   []event
	flash    map[int]int // neuron → frames left to show that it just died
	wasDead  map[int]bool
	basin    train.Basin
	since    int // epoch since which basin has held

	screen string
}

// New returns a lab training c.
func New(c train.Config, o Options) (*App, error) {
	run, err := train.New(c)
	if err != nil {
		return nil, err
	}
	if o.FPS <= 0 {
		o.FPS = 30
	}
	a := &App{
		run: run, keys: defaultKeyMap(), help: help.New(), dark: true,
		profile: colorprofile.TrueColor, opts: o, interval: time.Second / time.Duration(o.FPS),
		now: o.Now, paused: o.Paused, speed: defaultSpeed, selected: -1,
		flash: map[int]int{}, wasDead: map[int]bool{},
	}
	if a.now == nil {
		a.now = time.Now
	}
	a.lastKey = a.now()
	a.setStyles()
	a.keys.Step.SetEnabled(a.paused)
	a.refresh()
	return a, nil
}

// Snapshot returns the snapshot the screen shows.
func (a *App) Snapshot() train.Snapshot { return a.snap }

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

func (a *App) tick() tea.Cmd {
	gen := a.gen
	return tea.Tick(a.interval, func(time.Time) tea.Msg { return tickMsg{gen} })
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
	a.help.Styles = help.DefaultStyles(a.dark)
	a.heat = newHeatmap(a.styles, a.profile <= colorprofile.ASCII)
}
