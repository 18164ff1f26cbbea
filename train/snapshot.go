package train

import "fmt"

// Snapshot is a copy of a run's state: nothing in it aliases the trainer.
type Snapshot struct {
	Config   Config
	Epoch    int
	Status   Status
	TrainMSE float64 // mean minibatch loss of the last epoch
	TestMSE  float64 // held-out, at the last evaluation
	History  History
	Params   []float64
	Neurons  []Neuron
	// Collapsed lists the collapsed pairs of neurons as indices into Neurons.
	Collapsed [][2]int
	// Reference is the population MSE of the best network of this
	// configuration's shape, or NaN if none is known; Target is the
	// held-out MSE that counts as fitted, or NaN.
	Reference float64
	Target    float64
	Outcome   Outcome
	Basin     Basin
	// Why says in words what the outcome and basin are, such as
	// "valley: neurons 1 and 3 antipodal, 2 weak".
	Why string
}

// Snapshot returns a copy of the run's state with diagnostics measured on
// the held-out set.
func (t *Trainer) Snapshot() Snapshot {
	s := Snapshot{
		Config:   t.Config(),
		Epoch:    t.epoch,
		Status:   t.status,
		TrainMSE: t.trainMSE,
		TestMSE:  t.testMSE,
		History:  t.hist.Clone(),
		Params:   t.Params(),
	}
	if t.status == Running {
		s.Neurons = diagnose(t.net, t.test, t.evalW)
	}
	for i, a := range s.Neurons {
		for j := i + 1; j < len(s.Neurons); j++ {
			if b := s.Neurons[j]; a.Layer == b.Layer && contains(a.CollapsedWith, b.Index) {
				s.Collapsed = append(s.Collapsed, [2]int{i, j})
			}
		}
	}
	s.Reference = Reference(s.Config)
	s.Target = s.Config.Target
	if s.Target == 0 {
		s.Target = FitFactor * s.Reference
	}
	s.Basin, s.Why = classify(s)
	s.Outcome = judge(s)
	return s
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// FitFactor is how far above the reference optimum a held-out MSE may be
// for the run to count as fitted.
const FitFactor = 1.5

// Summary returns the snapshot in one line: epoch, losses, outcome and the
// basin in words.
func (s Snapshot) Summary() string {
	return fmt.Sprintf("epoch %d  train %.4g  test %.4g  %s  %s", s.Epoch, s.TrainMSE, s.TestMSE, s.Outcome, s.Why)
}
