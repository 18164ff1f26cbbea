package train

import (
	"fmt"
	"math"
	"slices"

	"relulab/model"
)

// Snapshot is a copy of a run's state: nothing in it aliases the trainer.
type Snapshot struct {
	Config   Config
	Epoch    int
	Status   Status
	TrainMSE float64 // mean minibatch loss of the last epoch; NaN if the network or data changed since
	TestMSE  float64 // held-out, at the last evaluation
	// OutputMSE holds, for a task of several outputs (the amplitude
	// spectrum's bins), the held-out MSE of each output, measured with
	// the neurons: their mean is TestMSE for a running run. It is nil for
	// one output.
	OutputMSE []float64
	History   History
	Params    []float64
	// WeightsEpoch is the epoch Params are from: Epoch, or for a diverged
	// run the start of the last epoch before its loss blew up.
	WeightsEpoch int
	Neurons      []Neuron
	// Collapsed lists the collapsed pairs of neurons as indices into Neurons.
	Collapsed [][2]int
	// Reference is the population MSE of the best network of this
	// configuration's shape, or NaN if none is known, and ReferenceWidth
	// the width it was searched for (see Reference): below the network's
	// own, Reference is the bound of a narrower network. Target is the
	// held-out MSE that counts as fitted, or NaN.
	Reference      float64
	ReferenceWidth int
	Target         float64
	Outcome        Outcome
	Basin          Basin
	// Why says in words what the outcome and basin are, such as
	// "valley: neurons 1 and 3 antipodal, 2 weak".
	Why string
	// Revivals counts the revivals of Config.Revive that re-drew neurons;
	// Revived lists the neurons (indices into the first layer) of the
	// latest.
	Revivals int
	Revived  []int
}

// Snapshot returns a copy of the run's state with diagnostics measured on
// the held-out set.
func (t *Trainer) Snapshot() Snapshot {
	s := t.verdict()
	s.History = t.hist.Clone()
	return s
}

// verdict returns the snapshot without its history: the diagnostics, the
// outcome and the basin, measured on the whole held-out set.
func (t *Trainer) verdict() Snapshot {
	s := Snapshot{
		Config:   t.Config(),
		Epoch:    t.epoch,
		Status:   t.status,
		TrainMSE: t.trainMSE,
		TestMSE:  t.testMSE,
		Params:   t.Params(),
		Revivals: t.revivals,
		Revived:  slices.Clone(t.revived),
	}
	// A diverged run's network holds its weights from before the loss blew
	// up: its neurons are those, and its held-out MSE the diverged
	// weights' measurement.
	s.WeightsEpoch = t.epoch
	if t.status == Diverged {
		s.WeightsEpoch = t.saneEpoch
	}
	var mse []float64
	s.Neurons, mse = diagnoseOutputs(t.net, t.test, t.evalW, t.cfg.vanished())
	s.Collapsed = collapsedPairs(s.Neurons)
	if t.status == Running {
		s.TestMSE = meanOf(mse)
	}
	if len(mse) > 1 {
		s.OutputMSE = mse
	}
	s.Reference, s.ReferenceWidth = Reference(s.Config)
	s.Target = s.Config.Target
	if s.Target == 0 {
		s.Target = FitFactor * s.Reference
		if s.Config.Task == TaskReLU {
			s.Target = max(s.Target, FitFloor)
		}
	}
	s.Basin, s.Why = classify(s)
	s.Outcome = judge(s)
	s.Why += s.judgedBy()
	return s
}

// judgedBy says what the outcome was judged against when that is not the
// optimum of the network's own shape: the optimum of a narrower network,
// or nothing at all.
func (s Snapshot) judgedBy() string {
	c := s.Config
	switch {
	case s.Status == Diverged || s.Config.Target != 0:
		return ""
	case s.Outcome == Unjudged && len(c.Hidden) > 1:
		return "; no reference optimum for more than one layer (--target sets the MSE that counts as fitted)"
	case s.Outcome == Unjudged && c.Task.Spectrum() > 0:
		return fmt.Sprintf("; no reference optimum for %s at width %d (--target sets the MSE that counts as fitted)", c.Task, c.Hidden[0])
	case s.Outcome == Unjudged:
		return fmt.Sprintf("; no reference optimum for %s (--target sets the MSE that counts as fitted)", referenceShape(c))
	case s.ReferenceWidth > 0 && s.ReferenceWidth < c.Hidden[0]:
		return fmt.Sprintf("; judged against the optimum of %d neurons (%.3g), a bound for %d: wider nets are not searched",
			s.ReferenceWidth, s.Reference, c.Hidden[0])
	}
	return ""
}

// referenceShape names what the reference table lacks for c: its
// activation, or leaky_relu's slope.
func referenceShape(c Config) string {
	if a := c.finalAct(); a != model.LeakyReLU {
		return a.String()
	}
	return fmt.Sprintf("leaky_relu at slope %v (the table has %v)", c.Slope, DefaultSlope)
}

// FitFactor is how far above the reference optimum a held-out MSE may be
// for the run to count as fitted.
const FitFactor = 1.5

// Summary returns the snapshot in one line: epoch, losses, outcome and the
// basin in words. A training MSE not measured since the network or its
// data changed is "–".
func (s Snapshot) Summary() string {
	train := fmt.Sprintf("%.4g", s.TrainMSE)
	if math.IsNaN(s.TrainMSE) && s.Status == Running {
		train = "–"
	}
	return fmt.Sprintf("epoch %d  train %s  test %.4g  %s  %s", s.Epoch, train, s.TestMSE, s.Outcome, s.Why)
}

// ProbeSize is the number of held-out samples Probe measures.
const ProbeSize = 2000

// Probe measures the run cheaply on the first ProbeSize held-out samples:
// their MSE and the basin the geometry names. A sweep probes every few
// epochs to see when the basin is decided and when the loss stops falling.
func (t *Trainer) Probe() (mse float64, basin Basin) { return t.probe(true) }

// probe is Probe, which without loss leaves out the MSE, NaN, and measures
// only the neurons that name the basin: nothing at all for a task that
// names none.
func (t *Trainer) probe(loss bool) (mse float64, basin Basin) {
	s := Snapshot{Config: t.cfg, Epoch: t.epoch, Status: t.status, TrainMSE: t.trainMSE}
	if t.status != Running || !loss && !t.cfg.Task.basins() {
		return math.NaN(), ""
	}
	test := t.test.Slice(0, ProbeSize)
	if loss {
		s.Neurons, mse = diagnose(t.net, test, t.evalW, t.cfg.vanished())
	} else {
		s.Neurons, mse = neurons(t.net, test, t.evalW, t.cfg.vanished(), nil), math.NaN()
	}
	s.Collapsed = collapsedPairs(s.Neurons)
	basin, _ = classify(s)
	return mse, basin
}
