package serve

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"charm.land/log/v2"

	"relulab/train"
)

// Options configure the lab server. A zero field takes its value from
// DefaultOptions (a Config with no hidden layer is train.DefaultConfig(), a
// nil Log discards); NewServer refuses negative ones.
type Options struct {
	// Addr is the address to listen on.
	Addr string
	// HostKey is the path of the server's ed25519 key, created with mode
	// 0600 on first start.
	HostKey string
	// AuthorizedKeys, if set, admits only the public keys in that file;
	// otherwise anyone may connect. Passwords are never accepted.
	AuthorizedKeys string
	// MaxSessions is the most sessions at once.
	MaxSessions int
	// MaxPending is the most connections at once that have not opened a
	// session yet (handshaking, authenticating or idle); one more is
	// closed at once. OpenTimeout closes a connection that has opened no
	// session by then, whatever its keep-alives.
	MaxPending  int
	OpenTimeout time.Duration
	// IPRate and IPBurst limit new connections, with a session or not, per
	// second from one address.
	IPRate  float64
	IPBurst int
	// Idle is how long a session may go without a key press before the lab
	// pauses and says so; IdleGrace how long after that it is closed.
	Idle, IdleGrace time.Duration
	// MaxTimeout ends any session after that long, with a word; a
	// HandshakeTimeout drops a connection that has not finished the SSH
	// handshake by then.
	MaxTimeout, HandshakeTimeout time.Duration
	// FPS is the frame rate of every session.
	FPS int
	// TrainCPU is how many cores' worth of training all sessions together
	// may use: each lab trains at most its share in a frame. Drawing the
	// screens, encrypting them and the rest of SSH come on top.
	TrainCPU float64
	// MaxWeights bounds the network a session may ask for: its weights
	// and biases, counted with the first hidden layer at 64 neurons, the
	// most the h key can give it. At least 257, one layer of 64. What a
	// frame costs besides training (the held-out diagnostics, the heatmap)
	// grows with it.
	MaxWeights int
	// MaxSamples bounds a session's training set, and so its memory.
	MaxSamples int
	// Config is the configuration every session starts from; a session's
	// own flags (ssh -t host -- --act elu) change it.
	Config train.Config
	// Paused starts every session paused.
	Paused bool
	// SaveDir, if set, is where sessions save runs and export histories;
	// empty turns saving off, so that sessions write nothing.
	SaveDir string
	// Log receives connections, disconnections and rejections.
	Log *log.Logger
}

// The bounds on what one client may send, whatever the options.
const (
	// MaxWidth and MaxHeight bound the terminal a session draws: a larger
	// size, in the pty request or a later window change, is clamped to
	// them. A 4K screen with a small font is under 500×200.
	MaxWidth, MaxHeight = 500, 200
	// MaxCommand is the longest command, what follows `--`, that is read.
	MaxCommand = 4096
	// MaxEnv and MaxEnvBytes bound the environment requests of a session:
	// their number and the bytes of them all; more are refused.
	MaxEnv, MaxEnvBytes = 64, 16 << 10
)

// DefaultOptions returns the defaults: 127.0.0.1:2222, 32 sessions, 32
// connections without a session for at most 30 s, 15 frames a second, a
// pause after 15 minutes without a key and a disconnect a minute later, at
// most 4 hours a session.
func DefaultOptions() Options {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return Options{
		Addr: "127.0.0.1:2222", HostKey: filepath.Join(dir, "relulab", "ssh_host_ed25519"),
		MaxSessions: 32, MaxPending: 32, OpenTimeout: 30 * time.Second, IPRate: 1, IPBurst: 32,
		Idle: 15 * time.Minute, IdleGrace: time.Minute,
		MaxTimeout: 4 * time.Hour, HandshakeTimeout: 10 * time.Second,
		FPS: 15, TrainCPU: 1.2, MaxWeights: 1024, MaxSamples: 10_000,
		Config: train.DefaultConfig(), Log: log.New(os.Stderr),
	}
}

// An OptionError says which option NewServer refused.
type OptionError string

func (e OptionError) Error() string { return string(e) }

// withDefaults returns o with its zero fields filled from DefaultOptions,
// or an OptionError naming the first field out of range.
func (o Options) withDefaults() (Options, error) {
	d := DefaultOptions()
	switch {
	case o.MaxSessions < 0 || o.MaxPending < 0 || o.IPBurst < 0 || o.FPS < 0 || o.FPS > 120:
		return o, OptionError("max-sessions, max-pending, ip-burst and fps must be ≥ 0 (0: the default), fps at most 120")
	case !(o.IPRate >= 0) || !(o.TrainCPU >= 0) || math.IsInf(o.IPRate, 0) || math.IsInf(o.TrainCPU, 0):
		return o, OptionError("ip-rate and train-cpu must be finite and ≥ 0 (0: the default)")
	case o.Idle < 0 || o.IdleGrace < 0 || o.MaxTimeout < 0 || o.HandshakeTimeout < 0 || o.OpenTimeout < 0:
		return o, OptionError("idle-timeout, idle-grace, max-timeout, handshake-timeout and open-timeout must be ≥ 0 (0: the default)")
	case o.MaxWeights < 0 || o.MaxWeights > 0 && o.MaxWeights < weights([]int{1}):
		return o, OptionError(fmt.Sprintf("max-weights must be at least %d, one hidden layer of %d (0: the default)", weights([]int{1}), widest))
	case o.MaxSamples < 0:
		return o, OptionError("max-samples must be ≥ 0 (0: the default)")
	}
	fill(&o.Addr, d.Addr)
	fill(&o.HostKey, d.HostKey)
	fill(&o.MaxSessions, d.MaxSessions)
	fill(&o.MaxPending, d.MaxPending)
	fill(&o.OpenTimeout, d.OpenTimeout)
	fill(&o.IPBurst, d.IPBurst)
	fill(&o.FPS, d.FPS)
	fill(&o.IPRate, d.IPRate)
	fill(&o.TrainCPU, d.TrainCPU)
	fill(&o.Idle, d.Idle)
	fill(&o.IdleGrace, d.IdleGrace)
	fill(&o.MaxTimeout, d.MaxTimeout)
	fill(&o.HandshakeTimeout, d.HandshakeTimeout)
	fill(&o.MaxWeights, d.MaxWeights)
	fill(&o.MaxSamples, d.MaxSamples)
	if o.Log == nil {
		o.Log = log.New(io.Discard)
	}
	if len(o.Config.Hidden) == 0 {
		o.Config = d.Config
	}
	if err := o.Config.Validate(); err != nil {
		return o, OptionError(err.Error())
	}
	if err := o.allows(o.Config); err != nil {
		return o, OptionError("the sessions' configuration: " + err.Error())
	}
	return o, nil
}

// fill sets *v to d if *v is the zero value.
func fill[T comparable](v *T, d T) {
	var zero T
	if *v == zero {
		*v = d
	}
}

// widest is the most neurons a hidden layer has, and what the h key can
// grow the first one to.
const widest = 64

// weights returns the weights and biases of a network 2 → hidden → 1 whose
// first hidden layer is widened to 64 neurons: Σ (nₗ + 1)·nₗ₊₁ over its
// layers.
func weights(hidden []int) int {
	sizes := append(append([]int{2, max(hidden[0], widest)}, hidden[1:]...), 1)
	n := 0
	for l := range len(sizes) - 1 {
		n += (sizes[l] + 1) * sizes[l+1]
	}
	return n
}

// errTooBig is wrapped by the errors of allows.
var errTooBig = errors.New("more than this server trains")

// allows returns nil if a session may train c, or an error that says
// which bound c passes and how far.
func (o Options) allows(c train.Config) error {
	if w := weights(c.Hidden); w > o.MaxWeights {
		return fmt.Errorf("%w: --hidden %s has %d weights counting the first layer at %d neurons (as h can grow it); this server allows %d",
			errTooBig, train.HiddenString(c.Hidden), w, widest, o.MaxWeights)
	}
	if c.Samples > o.MaxSamples {
		return fmt.Errorf("%w: --samples %d; this server allows %d", errTooBig, c.Samples, o.MaxSamples)
	}
	return nil
}

// runFloats estimates the floats one run of c holds that grow with its
// configuration: the training set, or the buffer of a streamed minibatch,
// three floats a sample (x, y and |x+iy|), and the activations of a
// minibatch. The held-out set is shared.
func runFloats(c train.Config) int {
	width := 0
	for _, h := range c.Hidden {
		width += h
	}
	return 3*max(c.Samples, c.Batch) + 4*c.Batch*width
}

// trialsBudget is what the runs of one session's trials may hold at once,
// by runFloats: 2²¹ floats, 16 MB. The 64 runs of the default
// configuration's trials and comparison hold 1.8 MB by it.
const trialsBudget = 1 << 21

// allowsTrials returns nil if a session may train runs runs of c at once,
// or an error that says what to lower.
func (o Options) allowsTrials(c train.Config, runs int) error {
	if err := o.allows(c); err != nil {
		return err
	}
	if runs*runFloats(c) > trialsBudget {
		return fmt.Errorf("%w: %d runs of %s at once; fewer neurons, a smaller batch or fewer samples",
			errTooBig, runs, c.String())
	}
	return nil
}
