package train

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"relulab/model"
	"relulab/train/optim"
)

// Config is everything that decides a run: the same Config gives the same
// numbers bit for bit from one build on one machine, and everywhere for
// the configurations the README's Speed section lists. DefaultConfig returns the defaults; Validate says what
// is out of range.
type Config struct {
	// Task is what the network learns; TaskConfig gives each task's
	// defaults.
	Task Task `json:"task,omitempty"`
	// Hidden holds the width of each hidden layer: 1 to 3 layers of 1 to
	// 64 neurons.
	Hidden []int `json:"hidden"`
	// Direct leaves out the output layer: the last hidden layer, one unit
	// wide, is the output (TaskReLU's default; see model.Shape).
	Direct bool `json:"direct,omitempty"`
	// NoBias leaves out every bias (TaskReLU's default).
	NoBias bool `json:"no_bias,omitempty"`
	// InitW and InitB, if not nil, set every weight and every bias of the
	// first layer after the initializer has drawn them, as Keras's
	// set_weights([[[-10]]]) sets the single unit's weight.
	InitW *float64 `json:"init_w,omitempty"`
	InitB *float64 `json:"init_b,omitempty"`
	// Act is the activation of the hidden layers.
	Act model.Activation `json:"act"`
	// Slope is the negative slope of leaky_relu, in [0, 1].
	Slope float64 `json:"slope"`
	// Init draws the starting kernels.
	Init model.Initializer `json:"init"`
	// Opt is the optimizer and its settings.
	Opt optim.Config `json:"optimizer"`
	// Batch is the minibatch size.
	Batch int `json:"batch"`
	// Samples is the size of the training set, drawn once per seed; 0
	// draws a fresh batch every step and counts Steps batches, or 1024
	// samples if Steps is 0, as an epoch.
	Samples int `json:"samples"`
	Steps   int `json:"steps,omitempty"`
	// Data is the input distribution.
	Data Data `json:"data"`
	// Seed selects the initial weights, the training set and the order of
	// the minibatches.
	Seed uint64 `json:"seed"`
	// L1 and L2 weigh the kernel penalties l1·Σ|w| and l2·Σw².
	L1 float64 `json:"l1"`
	L2 float64 `json:"l2"`
	// Dropout is the rate of inverted dropout on hidden activations.
	Dropout float64 `json:"dropout"`
	// Repel weighs relulab's repel penalty (see model.Net.Penalty).
	Repel float64 `json:"repel"`
	// Target is the held-out MSE at or below which a run counts as fitted;
	// 0 means 1.5 times the reference optimum of the configuration.
	Target float64 `json:"target,omitempty"`
	// Schedule changes the learning rate over Horizon epochs; 0 means
	// DefaultEpochs.
	Schedule Schedule `json:"schedule,omitempty"`
	Horizon  int      `json:"horizon,omitempty"`
	// SlopeAnneal, if positive, lowers leaky_relu's slope linearly from
	// Slope to 0 over that many epochs, after which the network is a ReLU
	// network: slopeₑ = Slope · max(0, 1 − e/SlopeAnneal).
	SlopeAnneal int `json:"slope_anneal,omitempty"`
	// Revive, if positive, re-draws every Revive epochs, within the first
	// half of the horizon, the first-layer neurons that are weak (active
	// on under 1% of the training set) or collapsed onto an earlier one
	// (cosine of (w, b) over 0.99): new incoming and outgoing weights from
	// the initializer, bias 0, and a fresh optimizer state.
	Revive int `json:"revive,omitempty"`
}

// finalAct returns the activation the network ends with: ReLU for a
// leaky_relu whose slope is annealed to 0, else Act.
func (c Config) finalAct() model.Activation {
	if c.Act == model.LeakyReLU && c.SlopeAnneal > 0 {
		return model.ReLU
	}
	return c.Act
}

// horizon returns the epochs the schedule and revival span.
func (c Config) horizon() int {
	if c.Horizon > 0 {
		return c.Horizon
	}
	return DefaultEpochs
}

// Defaults of a Config.
const (
	DefaultBatch   = 32   // Keras's
	DefaultSamples = 1024 // also the size of a streamed epoch
	DefaultSlope   = 0.2  // Keras's leaky_relu function; its LeakyReLU layer uses 0.3
	DefaultEpochs  = 3000
)

// DefaultConfig returns the configuration of the original question: three
// ReLUs, Glorot-uniform kernels, Adam at its Keras defaults, batches of 32,
// uniform data and seed 1.
func DefaultConfig() Config {
	opt, _ := optim.Default("adam")
	return Config{
		Hidden:  []int{3},
		Act:     model.ReLU,
		Slope:   DefaultSlope,
		Init:    model.GlorotUniform,
		Opt:     opt,
		Batch:   DefaultBatch,
		Samples: DefaultSamples,
		Data:    Uniform,
		Seed:    1,
	}
}

// Validate reports the first setting of c that is out of range, naming the
// valid range or choices.
func (c Config) Validate() error {
	if err := c.validateTask(); err != nil {
		return err
	}
	if len(c.Hidden) < 1 || len(c.Hidden) > 3 {
		return fmt.Errorf("hidden: %d layers (must be 1 to 3)", len(c.Hidden))
	}
	for _, h := range c.Hidden {
		if h < 1 || h > 64 {
			return fmt.Errorf("hidden: layer of %d neurons (must be 1 to 64)", h)
		}
	}
	rate := func(name string, v, hi float64) error {
		if !(v >= 0 && v <= hi) {
			return fmt.Errorf("%s %v out of range (must be in [0, %v])", name, v, hi)
		}
		return nil
	}
	switch {
	case int(c.Act) < 0 || int(c.Act) >= len(model.Activations):
		return fmt.Errorf("unknown activation %d", c.Act)
	case int(c.Init) < 0 || int(c.Init) >= len(model.Initializers):
		return fmt.Errorf("unknown initializer %d", c.Init)
	case int(c.Data) < 0 || int(c.Data) >= len(AllData):
		return fmt.Errorf("unknown data distribution %d", c.Data)
	case c.Batch < 1 || c.Batch > 4096:
		return fmt.Errorf("batch %d out of range (must be 1 to 4096)", c.Batch)
	case c.Samples < 0 || c.Samples > 1_000_000:
		return fmt.Errorf("samples %d out of range (must be 0 to 1000000; 0 streams)", c.Samples)
	case c.Steps < 0 || c.Steps > 1_000_000:
		return fmt.Errorf("steps %d out of range (must be 0 to 1000000; 0 is 1024 samples)", c.Steps)
	case !(c.Slope >= 0 && c.Slope <= 1):
		return fmt.Errorf("slope %v out of range (must be in [0, 1]: leaky_relu's negative slope, as in Keras)", c.Slope)
	case !(c.Dropout >= 0 && c.Dropout < 1):
		return fmt.Errorf("dropout %v out of range (must be in [0, 1))", c.Dropout)
	case !(c.Target >= 0) || math.IsInf(c.Target, 0):
		return fmt.Errorf("target %v out of range (must be ≥ 0)", c.Target)
	case c.Schedule < 0 || int(c.Schedule) >= len(Schedules):
		return fmt.Errorf("schedule %d does not exist", c.Schedule)
	case c.Horizon < 0 || c.Horizon > 10_000_000:
		return fmt.Errorf("horizon %d out of range (must be 0 to 10000000; 0 is %d)", c.Horizon, DefaultEpochs)
	case c.SlopeAnneal < 0:
		return fmt.Errorf("slope-anneal %d out of range (must be ≥ 0)", c.SlopeAnneal)
	case c.SlopeAnneal > 0 && c.Act != model.LeakyReLU:
		return fmt.Errorf("slope-anneal lowers leaky_relu's slope: it needs act=leaky_relu, not %s", c.Act)
	case c.Revive < 0:
		return fmt.Errorf("revive %d out of range (must be ≥ 0)", c.Revive)
	}
	for _, e := range []error{rate("l1", c.L1, 1), rate("l2", c.L2, 1), rate("repel", c.Repel, 100)} {
		if e != nil {
			return e
		}
	}
	return c.Opt.Validate()
}

// HiddenString formats hidden layer widths as "3" or "8x8".
func HiddenString(hidden []int) string {
	s := make([]string, len(hidden))
	for i, h := range hidden {
		s[i] = strconv.Itoa(h)
	}
	return strings.Join(s, "x")
}

// ParseHidden parses hidden layer widths written as "3", "8x8" or "8,8".
func ParseHidden(s string) ([]int, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == 'x' || r == ',' })
	if len(fields) == 0 {
		return nil, fmt.Errorf("hidden %q: no layer width (e.g. 3 or 8x8)", s)
	}
	hidden := make([]int, len(fields))
	for i, f := range fields {
		h, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("hidden %q: %q is not a whole number", s, f)
		}
		hidden[i] = h
	}
	return hidden, nil
}

// String returns c in one line, such as
// "h=3 act=relu opt=adam lr=0.001 init=glorot_uniform batch=32 data=uniform seed=1",
// or for TaskReLU's single unit, which has no h,
// "task=relu act=relu opt=sgd lr=0.01 init=glorot_uniform batch=1000 samples=0 data=normal seed=1";
// settings at their defaults (the task's) beyond these are left out. It is the configuration
// string of the run: ParseConfig reads it back exactly.
func (c Config) String() string {
	var b strings.Builder
	if c.Task != TaskAbs {
		fmt.Fprintf(&b, "task=%s ", c.Task)
	}
	if !c.Direct {
		fmt.Fprintf(&b, "h=%s ", HiddenString(c.Hidden))
	}
	fmt.Fprintf(&b, "act=%s", c.Act)
	if c.Act == model.LeakyReLU || c.Slope != DefaultSlope {
		fmt.Fprintf(&b, " slope=%s", fmtFloat(c.Slope))
	}
	fmt.Fprintf(&b, " opt=%s lr=%s", c.Opt.Name, fmtFloat(c.Opt.LR))
	opt, _ := optim.Default(c.Opt.Name)
	if c.Opt.Momentum != opt.Momentum {
		fmt.Fprintf(&b, " momentum=%s", fmtFloat(c.Opt.Momentum))
	}
	if c.Opt.Nesterov != opt.Nesterov {
		fmt.Fprintf(&b, " nesterov=%t", c.Opt.Nesterov)
	}
	if c.Opt.Rho != opt.Rho {
		fmt.Fprintf(&b, " rho=%s", fmtFloat(c.Opt.Rho))
	}
	if c.Opt.Centered {
		b.WriteString(" centered=true")
	}
	if c.Opt.AMSGrad {
		b.WriteString(" amsgrad=true")
	}
	if c.Opt.WarmupSteps != 0 {
		fmt.Fprintf(&b, " warmup=%d", c.Opt.WarmupSteps)
	}
	if c.Opt.WeightDecay != opt.WeightDecay {
		fmt.Fprintf(&b, " wd=%s", fmtFloat(c.Opt.WeightDecay))
	}
	fmt.Fprintf(&b, " init=%s batch=%d", c.Init, c.Batch)
	if c.Samples != DefaultSamples {
		fmt.Fprintf(&b, " samples=%d", c.Samples)
	}
	def := TaskConfig(c.Task)
	if c.Steps != def.Steps {
		fmt.Fprintf(&b, " steps=%d", c.Steps)
	}
	fmt.Fprintf(&b, " data=%s seed=%d", c.Data, c.Seed)
	if c.NoBias != def.NoBias {
		fmt.Fprintf(&b, " bias=%t", !c.NoBias)
	}
	for _, kv := range []struct {
		k string
		v *float64
	}{{"init-w", c.InitW}, {"init-b", c.InitB}} {
		if kv.v != nil {
			fmt.Fprintf(&b, " %s=%s", kv.k, fmtFloat(*kv.v))
		}
	}
	for _, kv := range []struct {
		k string
		v float64
	}{{"l1", c.L1}, {"l2", c.L2}, {"dropout", c.Dropout}, {"repel", c.Repel}, {"target", c.Target}} {
		if kv.v != 0 {
			fmt.Fprintf(&b, " %s=%s", kv.k, fmtFloat(kv.v))
		}
	}
	if c.Schedule != Constant {
		fmt.Fprintf(&b, " schedule=%s", c.Schedule)
	}
	for _, kv := range []struct {
		k string
		v int
	}{{"horizon", c.Horizon}, {"slope-anneal", c.SlopeAnneal}, {"revive", c.Revive}} {
		if kv.v != 0 {
			fmt.Fprintf(&b, " %s=%d", kv.k, kv.v)
		}
	}
	return b.String()
}

// fmtFloat formats v in the shortest form that parses back to v.
func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
