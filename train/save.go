package train

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
)

// SaveVersion is the version of the saved-run format this relulab writes;
// it reads every version up to this one.
const SaveVersion = 1

// saveFormat names the format in every saved run.
const saveFormat = "relulab run"

// Event is a line of the lab's log, saved with a run: something that
// happened at an epoch, such as a key's change or a neuron's death.
type Event struct {
	Epoch int    `json:"epoch"`
	Text  string `json:"text"`
}

// saved is a run as a file holds it: everything that decides how the run
// goes on (weights, optimizer state, the random streams, the order the
// training set was shuffled into), its record, and the lab's events.
type saved struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Config  string `json:"config"`
	Epoch   int    `json:"epoch"`
	// Sample and LossSum are the epoch under way: the samples trained
	// into it and the sum of their losses.
	Sample  int        `json:"sample,omitempty"`
	LossSum ExactFloat `json:"loss_sum,omitempty"`
	// Sane holds the weights a run that diverges takes back (see blowUp),
	// from the start of epoch SaneEpoch, where they are not Params;
	// Lowest is the lowest training MSE so far (missing: +Inf).
	Sane      ExactFloats    `json:"sane_params,omitempty"`
	SaneEpoch int            `json:"sane_epoch,omitempty"`
	Lowest    *ExactFloat    `json:"lowest_train_mse,omitempty"`
	Diverged  bool           `json:"diverged,omitempty"`
	TrainMSE  ExactFloat     `json:"train_mse"`
	TestMSE   ExactFloat     `json:"test_mse"`
	TestEpoch int            `json:"test_epoch"`
	Params    ExactFloats    `json:"params"`
	Optimizer OptimizerState `json:"optimizer"`
	Random    []byte         `json:"random"`  // the PCG state of dropout and streamed batches
	Shuffle   uint64         `json:"shuffle"` // the SplitMix64 state of the shuffle
	// TrainSet is the training set in the order it was shuffled into: X, Y
	// and T, or for a task of columns (the amplitude spectrum) In and Out.
	TrainSet struct {
		X   ExactFloats   `json:"x"`
		Y   ExactFloats   `json:"y"`
		T   ExactFloats   `json:"t"`
		In  []ExactFloats `json:"in,omitempty"`
		Out []ExactFloats `json:"out,omitempty"`
	} `json:"training_set"`
	History struct {
		Stride int         `json:"stride"`
		Epoch  []int       `json:"epoch"`
		Train  ExactFloats `json:"train_mse"`
		Test   ExactFloats `json:"test_mse"`
	} `json:"history"`
	Revivals int     `json:"revivals,omitempty"`
	Revived  []int   `json:"revived,omitempty"`
	Events   []Event `json:"events,omitempty"`
}

// Save returns the run as JSON, with events: Load continues it exactly,
// bit for bit, as if it had never stopped.
func (t *Trainer) Save(events []Event) ([]byte, error) {
	random, err := t.pcg.MarshalBinary()
	if err != nil {
		return nil, err
	}
	s := saved{
		Format: saveFormat, Version: SaveVersion, Config: t.cfg.String(),
		Epoch: t.epoch, Sample: t.sample, LossSum: ExactFloat(t.lossSum), Diverged: t.status == Diverged,
		TrainMSE: ExactFloat(t.trainMSE), TestMSE: ExactFloat(t.testMSE), TestEpoch: t.testEpoch,
		Params: ExactFloats(t.net.Params), Optimizer: saveOptimizer(t.opt),
		Random: random, Shuffle: t.mix.State, Events: events, Revivals: t.revivals, Revived: t.revived,
	}
	if !slices.Equal(t.sane, t.net.Params) {
		s.Sane = ExactFloats(t.sane)
	}
	s.SaneEpoch = t.saneEpoch
	if !math.IsInf(t.lowest, 1) {
		lowest := ExactFloat(t.lowest)
		s.Lowest = &lowest
	}
	s.TrainSet.X, s.TrainSet.Y, s.TrainSet.T = t.train.X, t.train.Y, t.train.T
	for _, c := range t.train.In {
		s.TrainSet.In = append(s.TrainSet.In, c)
	}
	for _, c := range t.train.Out {
		s.TrainSet.Out = append(s.TrainSet.Out, c)
	}
	s.History.Stride, s.History.Epoch = t.hist.Stride, t.hist.Epoch
	s.History.Train, s.History.Test = t.hist.Train, t.hist.Test
	return json.Marshal(s)
}

// Load returns the run that Save wrote into data, and its events. A file
// that is not a saved run, is truncated, comes from a newer format
// version or does not fit its own configuration is an error that says so.
func Load(data []byte) (*Trainer, []Event, error) {
	var s saved
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, nil, fmt.Errorf("not a saved relulab run, or cut short: %w", err)
	}
	switch {
	case s.Format != saveFormat:
		return nil, nil, errors.New("not a saved relulab run (no \"format\": \"relulab run\")")
	case s.Version > SaveVersion:
		return nil, nil, fmt.Errorf("saved by a newer relulab (format version %d; this one reads up to %d)", s.Version, SaveVersion)
	case s.Version < 1:
		return nil, nil, fmt.Errorf("format version %d does not exist", s.Version)
	}
	c, err := ParseConfig(s.Config)
	if err != nil {
		return nil, nil, err
	}
	t, err := New(c)
	if err != nil {
		return nil, nil, err
	}
	h := s.History
	switch n := len(h.Epoch); {
	case len(s.Params) != len(t.net.Params):
		return nil, nil, fmt.Errorf("params: %d values, but the network of %q has %d", len(s.Params), s.Config, len(t.net.Params))
	case t.train.In == nil && (len(s.TrainSet.X) != t.train.Len() || len(s.TrainSet.Y) != t.train.Len() || len(s.TrainSet.T) != t.train.Len()):
		return nil, nil, fmt.Errorf("training set: %d, %d and %d values, want %d each",
			len(s.TrainSet.X), len(s.TrainSet.Y), len(s.TrainSet.T), t.train.Len())
	case t.train.In != nil && !columnsFit(s.TrainSet.In, len(t.train.In), t.train.Len()):
		return nil, nil, fmt.Errorf("training set: want %d input columns of %d values", len(t.train.In), t.train.Len())
	case t.train.In != nil && !columnsFit(s.TrainSet.Out, len(t.train.Out), t.train.Len()):
		return nil, nil, fmt.Errorf("training set: want %d target columns of %d values", len(t.train.Out), t.train.Len())
	case len(h.Train) != n || len(h.Test) != n || n > historyCap || h.Stride < 0 || h.Stride&(h.Stride-1) != 0 || n > 0 && h.Stride == 0:
		return nil, nil, fmt.Errorf("history: stride %d, %d epochs, %d train and %d held-out losses", h.Stride, n, len(h.Train), len(h.Test))
	case s.Epoch < 0 || s.TestEpoch > s.Epoch:
		return nil, nil, fmt.Errorf("epoch %d, held-out measured at %d", s.Epoch, s.TestEpoch)
	case s.Sample < 0 || s.Sample >= c.epochSize():
		return nil, nil, fmt.Errorf("sample %d of an epoch of %d", s.Sample, c.epochSize())
	case s.Sane != nil && len(s.Sane) != len(s.Params):
		return nil, nil, fmt.Errorf("sane_params: %d values, want %d", len(s.Sane), len(s.Params))
	}
	if err := restoreOptimizer(t.opt, s.Optimizer); err != nil {
		return nil, nil, err
	}
	if err := t.pcg.UnmarshalBinary(s.Random); err != nil {
		return nil, nil, fmt.Errorf("random state: %w", err)
	}
	copy(t.net.Params, s.Params)
	copy(t.sane, s.Params)
	if s.Sane != nil {
		copy(t.sane, s.Sane)
	}
	t.saneEpoch = s.SaneEpoch
	if s.Lowest != nil {
		t.lowest = float64(*s.Lowest)
	}
	copy(t.train.X, s.TrainSet.X)
	copy(t.train.Y, s.TrainSet.Y)
	copy(t.train.T, s.TrainSet.T)
	for k, c := range t.train.In {
		copy(c, s.TrainSet.In[k])
	}
	for k, c := range t.train.Out {
		copy(c, s.TrainSet.Out[k])
	}
	t.mix.State = s.Shuffle
	t.sample, t.lossSum = s.Sample, float64(s.LossSum)
	t.epoch, t.trainMSE, t.testMSE, t.testEpoch = s.Epoch, float64(s.TrainMSE), float64(s.TestMSE), s.TestEpoch
	if s.Diverged {
		t.status = Diverged
	}
	t.hist = History{Stride: h.Stride, Epoch: h.Epoch, Train: h.Train, Test: h.Test}
	t.revivals, t.revived = s.Revivals, s.Revived
	t.scheduled()
	return t, s.Events, nil
}

// columnsFit reports whether cols is c columns of n values each.
func columnsFit(cols []ExactFloats, c, n int) bool {
	if len(cols) != c {
		return false
	}
	for _, col := range cols {
		if len(col) != n {
			return false
		}
	}
	return true
}
