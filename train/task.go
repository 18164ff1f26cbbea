package train

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"relulab/model"
	"relulab/train/optim"
)

// Task is what the network learns. The zero value is TaskAbs.
type Task int

// The tasks.
const (
	// TaskAbs learns |x+iy| = √(x²+y²) from two inputs through hidden
	// layers and a linear output: the lab's question.
	TaskAbs Task = iota
	// TaskReLU learns max(0, x) from one input x, by default with a single
	// ReLU unit and no bias: out = max(0, w·x), the follow-up question "Why
	// can't a single ReLU learn a ReLU?" (Cross Validated q/379884).
	TaskReLU
	// TaskSpectrum4 … TaskSpectrum32 learn the amplitude spectrum of
	// signals of N = 4, 8, 16 or 32 samples: N inputs, N/2+1 outputs, the
	// scaled magnitudes of the DFT bins (see SpectrumTargets), the
	// question's real goal.
	TaskSpectrum4
	TaskSpectrum8
	TaskSpectrum16
	TaskSpectrum32
)

// Tasks lists every task.
var Tasks = []Task{TaskAbs, TaskReLU, TaskSpectrum4, TaskSpectrum8, TaskSpectrum16, TaskSpectrum32}

var taskNames = [...]string{TaskAbs: "abs", TaskReLU: "relu",
	TaskSpectrum4: "spectrum:4", TaskSpectrum8: "spectrum:8", TaskSpectrum16: "spectrum:16", TaskSpectrum32: "spectrum:32"}

// String returns the name of k, such as "relu".
func (k Task) String() string { return enumName(taskNames[:], k, "Task") }

// MarshalText returns the name of k.
func (k Task) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText sets k from its name.
func (k *Task) UnmarshalText(b []byte) (err error) {
	*k, err = ParseTask(string(b))
	return err
}

// ParseTask returns the task with the given name; "spectrum" alone is
// TaskSpectrum8.
func ParseTask(s string) (Task, error) {
	if strings.ToLower(strings.TrimSpace(s)) == "spectrum" {
		return TaskSpectrum8, nil
	}
	return parseEnum[Task](taskNames[:], s, "task")
}

// Defaults of TaskReLU, those of the question: Keras's SGD (lr 0.01) on
// fresh batches of 1000 samples of N(0, 1), 100 steps an epoch, 20 epochs.
const (
	ReLUBatch  = 1000
	ReLUSteps  = 100
	ReLUEpochs = 20
)

// TaskConfig returns the default configuration of task k: DefaultConfig
// for TaskAbs; for TaskReLU the question's one ReLU unit feeding the output
// directly (Direct, Hidden [1]), no bias, a Glorot-uniform weight
// (U(−√3, √3) for one input and one output), SGD at Keras's defaults,
// fresh batches of ReLUBatch samples from N(0, 1) and ReLUSteps steps an
// epoch.
//
// For the amplitude spectrum of N samples it is DefaultConfig with one
// hidden layer of 3·(N/2 − 1) + 4 units, the pyramid-per-bin analogue of
// the question's three (three per complex bin, two per real one), on
// N(0, 1) data.
func TaskConfig(k Task) Config {
	c := DefaultConfig()
	if n := k.Spectrum(); n > 0 {
		c.Task, c.Hidden, c.Data = k, []int{SpectrumWidth(n)}, Normal
		return c
	}
	if k != TaskReLU {
		return c
	}
	c.Task, c.Direct, c.NoBias = TaskReLU, true, true
	c.Hidden = []int{1}
	c.Opt, _ = optim.Default("sgd")
	c.Batch, c.Samples, c.Steps, c.Data = ReLUBatch, 0, ReLUSteps, Normal
	return c
}

// HasBasins reports whether runs of task k are named by basin (pyramid,
// valley, …; see Basin): TaskAbs's are; TaskReLU's are told apart by
// outcome alone (fitted, dead, …), and the spectrum tasks' by outcome and
// per bin (Summary.Spectrum).
func (k Task) HasBasins() bool { return k == TaskAbs }

// EpochSamples returns the samples one epoch of c trains on: the training
// set, Steps streamed batches, or DefaultSamples streamed samples.
func (c Config) EpochSamples() int { return c.epochSize() }

// Epochs returns the epochs a command trains task k for by default.
func (k Task) Epochs() int {
	if k == TaskReLU {
		return ReLUEpochs
	}
	return DefaultEpochs
}

// Target returns the function task k learns at (x, y). For the amplitude
// spectrum it is the target of a complex bin k for the signal
// x·Re_k + y·Im_k of its plane, in the orthonormal DFT basis:
// |X_k|/√N = √(x²+y²)/√2 (see SpectrumTargets).
func (k Task) Target(x, y float64) float64 {
	switch {
	case k == TaskReLU:
		return max(0, x)
	case k.Spectrum() > 0:
		return hypot(x, y) / math.Sqrt2
	}
	return hypot(x, y)
}

// Sample draws len(x) inputs from d into x and y and sets t[i] to the
// target of task k, drawing from src (see Data.Sample). TaskReLU takes x
// from d's first coordinate and sets y[i] = 0: it draws y and drops it,
// so that its draws are those of the other tasks.
func (k Task) Sample(d Data, x, y, t []float64, src *rand.PCG) {
	if k != TaskReLU {
		d.Sample(x, y, t, src)
		return
	}
	d.inputs(x, y, src)
	y, t = y[:len(x)], t[:len(x)]
	for i := range x {
		y[i], t[i] = 0, max(0, x[i])
	}
}

// shape returns the model shape of c.
func (c Config) shape() model.Shape {
	return model.Shape{Inputs: c.Task.Inputs(), Outputs: c.Task.Outputs(), NoBias: c.NoBias, Direct: c.Direct}
}

// Inputs returns the number of inputs of task k: 2 (x, y) for TaskAbs, 1
// for TaskReLU, N for the amplitude spectrum of N samples.
func (k Task) Inputs() int {
	switch {
	case k == TaskReLU:
		return 1
	case k.Spectrum() > 0:
		return k.Spectrum()
	}
	return 2
}

// Outputs returns the number of outputs of task k: N/2+1 for the
// amplitude spectrum of N samples, 1 for the others.
func (k Task) Outputs() int {
	if n := k.Spectrum(); n > 0 {
		return n/2 + 1
	}
	return 1
}

// newNet returns c's network with every parameter zero.
func (c Config) newNet() *model.Net { return model.NewShaped(c.Hidden, c.Act, c.Slope, c.shape()) }

// Fitting the single unit, a held-out MSE of FitFloor counts as fitted when
// the optimum is exact (loss 0): for out = max(0, w·x) on N(0, 1) the MSE
// is (w − 1)²/2 for w > 0, so |w − 1| ≤ 0.014. A unit whose output varies
// by at most VanishedSpread over the held-out set counts as dead: it adds
// at most VanishedSpread² to any MSE, and for w < 0 the gradient only
// shrinks it further (the question's stuck case, w → 0 from below).
const (
	FitFloor       = 1e-4
	VanishedSpread = 1e-6
)

// reluReference returns the population MSE of the best network of c's
// shape for TaskReLU: 0 if it ends with ReLU units (w = 1, b = 0 is exact),
// for one leaky_relu unit of slope s without a bias on data of variance σ²
// the minimum over w of (σ²/2)·((w − 1)² + s²·w²), σ²s²/(2(1 + s²)) at
// w = 1/(1 + s²); NaN for every other shape.
func reluReference(c Config) float64 {
	switch a := c.finalAct(); {
	case a == model.ReLU:
		return 0
	case a == model.LeakyReLU && c.Direct && c.NoBias && len(c.Hidden) == 1:
		v := c.Data.variance()
		return v * c.Slope * c.Slope / (2 * (1 + c.Slope*c.Slope))
	}
	return math.NaN()
}

// variance returns the variance of each coordinate of d: 1/3 on
// [−1, 1], 1 for N(0, 1), 1/4 on the unit disk.
func (d Data) variance() float64 {
	switch d {
	case Normal:
		return 1
	case Disk:
		return 0.25
	}
	return 1.0 / 3
}

// validateTask reports the first setting of c that does not fit its task.
func (c Config) validateTask() error {
	finite := func(p *float64) bool { return p == nil || !math.IsNaN(*p) && !math.IsInf(*p, 0) }
	switch {
	case c.Task < 0 || int(c.Task) >= len(Tasks):
		return fmt.Errorf("unknown task %d", c.Task)
	case c.Direct && c.Task != TaskReLU:
		return errors.New("a direct output unit is --task relu's network")
	case c.Direct && (len(c.Hidden) != 1 || c.Hidden[0] != 1):
		return fmt.Errorf("a direct output is one unit, not %s", HiddenString(c.Hidden))
	case !finite(c.InitW) || !finite(c.InitB):
		return errors.New("init-w and init-b must be finite")
	case c.InitB != nil && c.NoBias:
		return errors.New("init-b sets the bias, and the network has none: add --bias")
	case c.Revive > 0 && c.Task == TaskReLU:
		return fmt.Errorf("revive re-draws neurons of --task abs and spectrum only, not %s", c.Task)
	case c.Task.Spectrum() > 0 && c.Data == Disk:
		return fmt.Errorf("data disk is a distribution of (x, y): --task %s draws its signals from normal or uniform", c.Task)
	}
	return nil
}

// setWeights sets the first layer's weights and biases of net to InitW and
// InitB where given.
func (c Config) setWeights(net *model.Net) {
	for _, t := range net.Tensors() {
		v := c.InitW
		if t.Kind == model.Bias {
			v = c.InitB
		}
		if t.Layer != 0 || t.Kind == model.Slope || v == nil {
			continue
		}
		for i := range t.Len {
			net.Params[t.Off+i] = *v
		}
	}
}

// vanished returns the spread of output under which a neuron of c counts
// as dead: VanishedSpread for TaskReLU, 0 otherwise.
func (c Config) vanished() float64 {
	if c.Task == TaskReLU {
		return VanishedSpread
	}
	return 0
}

// describeUnits says in words what TaskReLU's first-layer units are: each
// one's weight, bias and active share, and for a dead one why it stays so.
func describeUnits(ns []Neuron) string {
	var parts []string
	for _, n := range ns {
		if n.Layer != 0 {
			continue
		}
		p := fmt.Sprintf("w %.3g", n.W[0])
		if len(ns) > 1 {
			p = fmt.Sprintf("unit %d: %s", n.Index+1, p)
		}
		p += fmt.Sprintf(", b %.3g, active on %.0f%%", n.B, 100*n.Active)
		if n.Dead {
			p += fmt.Sprintf(", dead: its output is flat to within %g on every input, and so is the gradient that would move it", VanishedSpread)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}
