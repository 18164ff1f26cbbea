package train

import (
	"context"
	"math"
	"time"
)

// Trial is one run as a sweep trains it: a trainer probed on a cadence
// that fits its task's run (every ProbeEvery epochs for --task abs, see
// Cadence) and where it diverges, to see when its basin is decided and
// whether its loss still falls. Its Result is the sweep's record of the
// run at the epoch it stands at.
//
// A watched trial (NewWatchedTrial) also keeps a record of its probes,
// which the lab's trials draw, and measures its verdict on the whole
// held-out set on its cadence (every WatchEvery epochs for --task abs),
// where it diverges, and when Watch asks: the verdict Snapshot gives at
// that epoch, which a sweep stopped there records.
type Trial struct {
	// T is the run; train it through the trial, so it is probed.
	T *Trainer

	watch   bool
	blind   bool // the probes leave out the MSE, which Stale reads (see Sweep.one)
	every   Cadence
	probed  int     // the epoch of the last probe
	basin   Basin   // the basin of the last probe
	decided int     // the epoch from which the probed basin has held; 0 before the first probe
	best    float64 // the lowest probed MSE,
	since   int     // and the epoch it was reached at
	seconds float64 // spent training
	last    Snapshot
	rec     TrialRecord
}

// NewTrial returns a trial of c at epoch 0, or the first error of
// c.Validate.
func NewTrial(c Config) (*Trial, error) {
	t, err := New(c)
	if err != nil {
		return nil, err
	}
	t.SetEvalEvery(math.MaxInt) // the probes measure on the way
	every := CadenceOf(c)
	return &Trial{T: t, every: every, best: math.Inf(1), rec: TrialRecord{Stride: every.Probe}}, nil
}

// NewWatchedTrial returns a trial of c that measures its verdict at every
// probe and keeps a record of it.
func NewWatchedTrial(c Config) (*Trial, error) {
	t, err := NewTrial(c)
	if err != nil {
		return nil, err
	}
	t.watch = true
	t.Watch()
	t.rec.add(0, t.last.TrainMSE, t.last.TestMSE, t.last.Basin)
	return t, nil
}

// WatchEvery is how often, in epochs, a watched trial of --task abs
// measures its verdict: on the whole held-out set it costs about as much
// as training 20 of its epochs, so every probe would double the work.
const WatchEvery = 100

// Cadence is how often, in epochs, a trial probes its run (Probe) and a
// watched trial measures its verdict (Watch).
type Cadence struct{ Probe, Watch int }

// CadenceOf returns the cadence of a trial of c: every ProbeEvery and
// WatchEvery epochs, or more often where the task's run (Task.Epochs) would
// see fewer than 20 of them: every epoch for TaskReLU's 20, whose epoch of
// 100 batches of 1000 costs ten times the verdict's 10,000 samples.
func CadenceOf(c Config) Cadence {
	n := max(1, c.Task.Epochs()/20)
	return Cadence{Probe: min(ProbeEvery, n), Watch: min(WatchEvery, n)}
}

// Run trains up to n more epochs, probing at every multiple of its
// cadence and where the run diverges, and returns how many it ran.
func (t *Trial) Run(n int) int {
	start := time.Now()
	ran := 0
	every := t.every.Probe
	for ran < n && t.T.Status() == Running {
		ran += t.T.Run(min(n-ran, every-t.T.Epoch()%every))
		if t.T.Epoch()%every == 0 || t.T.Status() != Running {
			t.probe()
		}
	}
	t.seconds += time.Since(start).Seconds()
	return ran
}

// probe measures the run as a sweep does; a watched trial records it,
// and every WatchEvery epochs measures its verdict.
func (t *Trial) probe() {
	mse, b := t.T.probe(!t.blind || t.watch)
	e := t.T.Epoch()
	t.probed = e
	if b != t.basin || t.decided == 0 {
		t.basin, t.decided = b, e
	}
	if mse < t.best*(1-1e-3) {
		t.best, t.since = mse, e
	}
	if t.watch {
		t.rec.add(e, t.T.TrainMSE(), mse, b)
		if e%t.every.Watch == 0 || t.T.Status() != Running {
			t.Watch()
		}
	}
}

// Watch measures the verdict of a watched trial now, unless it stands at
// the epoch of the last one.
func (t *Trial) Watch() {
	if !t.watch || t.last.Params != nil && t.last.Epoch == t.T.Epoch() {
		return
	}
	t.last = t.T.verdict()
	t.T.setTest(t.last.TestMSE)
}

// Stale reports whether the probed MSE has not improved by 0.1% for
// patience epochs. A sweep's trial measures that MSE only if the sweep
// has Patience.
func (t *Trial) Stale(patience int) bool { return t.T.Epoch()-t.since >= patience }

// Decided returns the epoch from which the probed basin has held, as of
// the last probe; 0 before the first.
func (t *Trial) Decided() int { return t.decided }

// Verdict returns the snapshot, without history, that a watched trial
// last measured (see Watch). For a trial that is not watched it is the
// zero Snapshot.
func (t *Trial) Verdict() Snapshot { return t.last }

// Record returns the record of a watched trial. It aliases the trial's
// and stays valid until the trial next runs; it must not be modified.
func (t *Trial) Record() TrialRecord { return t.rec }

// Result returns the sweep's record of the run at its epoch: the epoch is
// probed first if it was not, as a sweep probes where it ends.
func (t *Trial) Result() RunResult {
	r := RunResult{Decided: t.decided}
	if e := t.T.Epoch(); e != t.probed {
		if _, b := t.T.probe(false); b != t.basin || r.Decided == 0 {
			r.Decided = e
		}
	}
	s := t.T.verdict()
	r.Seed, r.TrainMSE, r.TestMSE = s.Config.Seed, NullFloat(s.TrainMSE), NullFloat(s.TestMSE)
	r.Outcome, r.Basin, r.Epochs = s.Outcome, s.Basin, s.Epoch
	for _, n := range s.Neurons {
		if n.Dead {
			r.Dead++
		}
	}
	r.Collapsed = len(s.Collapsed)
	r.Bins, r.Spectrum = spectrumShapes(s)
	r.Params = nullFloats(s.Params)
	r.Seconds = t.seconds
	return r
}

// setTest records mse as the held-out MSE of the current epoch, measured
// by someone else (a watched trial's verdict), in the history too.
func (t *Trainer) setTest(mse float64) {
	t.testMSE, t.testEpoch = mse, t.epoch
	if n := len(t.hist.Epoch); n > 0 && t.hist.Epoch[n-1] == t.epoch {
		t.hist.Test[n-1] = mse
	}
}

// RunTrials runs every trial n more epochs on up to workers goroutines at
// once (one per CPU if workers ≤ 0) and returns when all are done, so the
// trials stay in lockstep. Each trial is deterministic, whatever the
// number of workers.
func RunTrials(ts []*Trial, n, workers int) {
	forEach(context.Background(), len(ts), workers, func(_ context.Context, i int) error {
		ts[i].Run(n)
		return nil
	})
}

// TrialRecord holds a watched trial's probes within a fixed budget of
// points: when the budget is full, every other point is dropped and
// Stride (in epochs; 0 means ProbeEvery) doubles, so the record always
// spans the whole run.
// Train is the last epoch's training loss; Test and Basin are what the
// probe measured on the first ProbeSize held-out samples (at epoch 0, on
// all of them).
type TrialRecord struct {
	Stride int
	Epoch  []int
	Train  []float64
	Test   []float64
	Basin  []Basin
}

// recordCap is the most points a TrialRecord keeps: 256 runs' records
// take under 10 MB.
const recordCap = 512

// add records a probe at epoch, if it falls on the stride.
func (r *TrialRecord) add(epoch int, train, test float64, b Basin) {
	if r.Stride == 0 {
		r.Stride = ProbeEvery
	}
	if epoch%r.Stride != 0 {
		return
	}
	if len(r.Epoch) == recordCap {
		r.Stride *= 2
		k := thin(r.Epoch, r.Stride, func(k, i int) { r.Train[k], r.Test[k], r.Basin[k] = r.Train[i], r.Test[i], r.Basin[i] })
		r.Epoch, r.Train, r.Test, r.Basin = r.Epoch[:k], r.Train[:k], r.Test[:k], r.Basin[:k]
		if epoch%r.Stride != 0 {
			return
		}
	}
	r.Epoch = append(r.Epoch, epoch)
	r.Train = append(r.Train, train)
	r.Test = append(r.Test, test)
	r.Basin = append(r.Basin, b)
}
