package train

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"relulab/model"
)

// The edits below are the lab's hands on the network: they move weights
// by hand rather than by training. Each keeps the configuration, the epoch
// count and the loss history, measures the held-out MSE anew, and says in
// its doc comment whether the optimizer state is kept. A diverged run is
// not edited: its weights are those from before the blow-up, and r
// restarts it.

// errDiverged refuses an edit of a diverged run.
var errDiverged = errors.New("the run diverged: r restarts it, L lowers the learning rate")

// SetNeuron sets neuron j of the first hidden layer: its incoming weights
// to w, its bias to b and its outgoing weights to v (see model.Net.SetNeuron:
// TaskReLU's single unit, the output, has none). The other neurons and the
// optimizer state are kept: their moments still describe the weights they
// belong to, and those of the edited neuron fade within a few dozen steps
// (Adam's β₁ = 0.9). A value that is NaN or ±Inf, a bias other than 0 for a
// network without biases, or a neuron the network does not have is refused.
func (t *Trainer) SetNeuron(j int, w []float64, b float64, v []float64) error {
	c := t.cfg
	switch {
	case t.status == Diverged:
		return errDiverged
	case j < 0 || j >= c.Hidden[0]:
		return fmt.Errorf("no neuron %d: the first layer has %d", j+1, c.Hidden[0])
	}
	ow, _, ov, _ := t.net.Neuron(0, j)
	switch {
	case len(w) != len(ow) || len(v) != len(ov) && !c.Direct:
		return fmt.Errorf("neuron %d has %d incoming and %d outgoing weights, not %d and %d", j+1, len(ow), len(ov), len(w), len(v))
	case !finite(b) || slices.ContainsFunc(w, notFinite) || slices.ContainsFunc(v, notFinite):
		return errors.New("weights must be finite numbers (no NaN, no Inf)")
	case c.NoBias && b != 0:
		return errors.New("the network has no biases: b stays 0 (--bias adds them)")
	}
	t.net.SetNeuron(0, j, w, b, v)
	t.moved(false)
	return nil
}

// SetParams puts the network at params, every weight, bias (and PReLU
// slope) in the layout of Params, with a fresh optimizer state: its
// moments were measured at other weights. Params of another length, or
// with a value that is NaN or ±Inf, are refused.
func (t *Trainer) SetParams(params []float64) error {
	switch {
	case t.status == Diverged:
		return errDiverged
	case len(params) != len(t.net.Params):
		return fmt.Errorf("%d parameters for a network of %d", len(params), len(t.net.Params))
	case slices.ContainsFunc(params, notFinite):
		return errors.New("weights must be finite numbers (no NaN, no Inf)")
	}
	copy(t.net.Params, params)
	t.moved(true)
	return nil
}

// Nudge adds Gaussian noise of standard deviation eps, drawn from rng, to
// every weight and bias (not to PReLU's slopes), and starts the optimizer
// state afresh, as SetParams does. An eps that is negative, NaN or ±Inf is
// refused.
func (t *Trainer) Nudge(eps float64, rng *rand.Rand) error {
	if !(eps >= 0) || math.IsInf(eps, 0) {
		return fmt.Errorf("nudge %v out of range (must be a finite number ≥ 0)", eps)
	}
	p := t.Params()
	for _, ts := range t.net.Tensors() {
		if ts.Kind == model.Slope {
			continue
		}
		for i := ts.Off; i < ts.Off+ts.Len; i++ {
			p[i] += eps * rng.NormFloat64()
		}
	}
	return t.SetParams(p)
}

// moved takes note that the weights were moved by hand: the training MSE of
// the epoch under way was another network's (NaN until the next epoch
// ends), the weights are sane as they are, and the held-out MSE is
// measured anew; fresh starts the optimizer state afresh.
func (t *Trainer) moved(fresh bool) {
	t.sane, t.saneEpoch, t.lowest = slices.Clone(t.net.Params), t.epoch, math.Inf(1)
	t.trainMSE = math.NaN()
	if fresh {
		t.opt = t.opt.Fresh(t.net.Tensors())
	}
	t.evaluate()
}

func notFinite(v float64) bool { return !finite(v) }

// ParseWeight reads a weight typed by a person, named name in the error:
// a finite number, as the configuration's values are ("w_x \"nan\" is not
// a finite number").
func ParseWeight(name, s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	switch {
	case s == "":
		return 0, fmt.Errorf("%s is empty: type a number", name)
	case errors.Is(err, strconv.ErrRange) && math.IsInf(x, 0):
		return 0, fmt.Errorf("%s %q is not a finite number", name, s)
	case err != nil:
		return 0, fmt.Errorf("%s %q is not a number", name, s)
	case !finite(x):
		return 0, fmt.Errorf("%s %q is not a finite number", name, s)
	}
	return x, nil
}
