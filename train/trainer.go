package train

import (
	"math"
	"math/rand/v2"
	"slices"

	"relulab/model"
	"relulab/train/optim"
)

// Status is the state of a run. The zero value is Running.
type Status int

// The states of a run.
const (
	Running  Status = iota // training can go on
	Diverged               // the loss or the weights became NaN or ±Inf; training has stopped
)

func (s Status) String() string {
	if s == Diverged {
		return "diverged"
	}
	return "running"
}

// MarshalText returns the name of s.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Trainer trains one network on one configuration, an epoch at a time. It
// belongs to one goroutine. Run allocates nothing per minibatch.
type Trainer struct {
	cfg   Config
	net   *model.Net
	opt   *optim.Optimizer
	lr    float64 // the learning rate of this epoch, from the schedule
	grad  []float64
	ws    *model.Workspace // minibatches
	evalW *model.Workspace // held-out chunks
	train Dataset          // the training set, or the streaming buffer
	test  Dataset
	// mb is the minibatch under way, views into train (see batch); bin and
	// bout hold its column views for a task of columns (see Dataset.In).
	mb        Dataset
	bin, bout [][]float64
	mix       SplitMix64 // shuffling
	pcg       *rand.PCG  // the source of rng, saved with the run
	rng       *rand.Rand // dropout and streamed batches

	epoch     int
	sample    int     // samples trained in the epoch under way; 0 between epochs
	lossSum   float64 // Σ minibatch loss × size over the epoch under way
	evalEvery int
	trainMSE  float64
	testMSE   float64
	testEpoch int // the epoch testMSE was measured at
	status    Status
	hist      History
	revivals  int   // revivals that re-drew neurons
	revived   []int // the neurons of the latest
	// sane holds the weights at the start of the latest epoch that began
	// before the loss blew up (see blowUp), and saneEpoch that epoch's
	// number: should the run diverge, the network takes them back. lowest
	// is the lowest training MSE of this network on this data.
	sane      []float64
	saneEpoch int
	lowest    float64
	// path, if not nil, records the weights (see RecordTrajectory).
	path *Trajectory
}

// New returns a trainer for c at epoch 0, or the first error of c.Validate.
func New(c Config) (*Trainer, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c.Hidden = append([]int(nil), c.Hidden...)
	t := &Trainer{cfg: c, evalEvery: 1}
	t.net = c.newNet()
	t.net.Init(c.Init, rand.New(rand.NewPCG(c.Seed, streamInit)))
	c.setWeights(t.net)
	opt, err := optim.New(c.Opt, t.net.Tensors())
	if err != nil {
		return nil, err
	}
	t.opt = opt
	t.test = sharedHeldOut(c.Task, c.Data)
	t.reset()
	return t, nil
}

// reset rebuilds everything but the network and the optimizer from the
// configuration: the training data, the random stream and the record.
func (t *Trainer) reset() {
	c := t.cfg
	t.train = newTrainingSet(c)
	t.bin, t.bout = make([][]float64, c.Task.Inputs()), make([][]float64, c.Task.Outputs())
	t.pcg = rand.NewPCG(c.Seed, streamTrain)
	t.rng = rand.New(t.pcg)
	t.mix = SplitMix64{State: t.rng.Uint64()}
	t.grad = make([]float64, len(t.net.Params))
	t.sane, t.saneEpoch, t.lowest = slices.Clone(t.net.Params), 0, math.Inf(1)
	t.ws = t.net.NewWorkspace(c.Batch)
	t.evalW = t.net.NewWorkspace(evalChunk)
	t.epoch, t.sample, t.lossSum, t.status, t.hist = 0, 0, 0, Running, History{}
	t.revivals, t.revived = 0, nil
	t.trainMSE, t.testMSE, t.testEpoch = math.NaN(), math.NaN(), -1
	t.scheduled()
	t.evaluate()
	t.record()
}

// newTrainingSet draws the training set of c, or the buffer of one streamed
// batch if c.Samples is 0.
func newTrainingSet(c Config) Dataset {
	n := c.Samples
	if n == 0 {
		n = c.Batch
	}
	return NewDataset(c.Task, c.Data, n, rand.NewPCG(c.Seed, streamData))
}

// evalChunk is the number of held-out samples evaluated per pass.
const evalChunk = 500

// Config returns the trainer's configuration.
func (t *Trainer) Config() Config {
	c := t.cfg
	c.Hidden = append([]int(nil), c.Hidden...)
	return c
}

// Epoch returns the number of epochs trained.
func (t *Trainer) Epoch() int { return t.epoch }

// Status returns the state of the run.
func (t *Trainer) Status() Status { return t.status }

// TestMSE returns the held-out MSE at the last evaluation.
func (t *Trainer) TestMSE() float64 { return t.testMSE }

// TrainMSE returns the mean training loss of the last epoch.
func (t *Trainer) TrainMSE() float64 { return t.trainMSE }

// Params returns a copy of the network's parameters: for a diverged run,
// those from before its loss blew up (see blowUp).
func (t *Trainer) Params() []float64 { return append([]float64(nil), t.net.Params...) }

// SetEvalEvery sets how often, in epochs, Run measures the held-out MSE:
// at the epochs divisible by k. k ≤ 1 measures it after every epoch; the
// default is 1. A run that diverges is always measured.
func (t *Trainer) SetEvalEvery(k int) { t.evalEvery = max(k, 1) }

// Evaluate measures the held-out MSE now and returns it.
func (t *Trainer) Evaluate() float64 {
	t.evaluate()
	return t.testMSE
}

// Run trains up to n more epochs and returns how many it ran: fewer if the
// run diverges. An epoch that RunSamples left under way counts as the
// first.
func (t *Trainer) Run(n int) int {
	ran := 0
	for ran < n && t.status == Running {
		if _, ended := t.minibatch(); ended {
			ran++
		}
	}
	return ran
}

// RunSamples trains minibatches of the epoch under way, or of a new one,
// until n samples have been trained, the epoch ends or the run diverges,
// and reports whether the epoch ended. It never splits a minibatch: it
// stops at the first minibatch boundary at or past n samples, so one call
// trains at most n samples and one minibatch more (4096 at most), however
// large an epoch. Epochs end as Run's do, and a run trained in slices of
// any sizes is, bit for bit, the run Run trains epoch by epoch.
func (t *Trainer) RunSamples(n int) (ended bool) {
	for done := 0; done < n && !ended && t.status == Running; {
		var size int
		size, ended = t.minibatch()
		done += size
	}
	return ended
}

// minibatch trains the next minibatch of the epoch under way, or of a new
// one, and returns its size and whether it ended the epoch; the end of an
// epoch measures the held-out MSE every evalEvery epochs and records the
// epoch in the history.
func (t *Trainer) minibatch() (size int, ended bool) {
	if size, ended = t.step(); ended {
		if t.status == Diverged || t.epoch%t.evalEvery == 0 {
			t.evaluate()
		}
		test := math.NaN()
		if t.testEpoch == t.epoch {
			test = t.testMSE
		}
		t.hist.add(t.epoch, t.trainMSE, test)
	}
	return size, ended
}

// step trains one minibatch: the next of the shuffled training set, or a
// freshly drawn one if c.Samples is 0, in which case c.Steps batches (or
// 1024 samples) make an epoch. After the last of an epoch it sets trainMSE, the sample-weighted
// mean of the epoch's minibatch losses, as Keras reports it, and revives
// neurons when the configuration says so.
func (t *Trainer) step() (size int, ended bool) {
	c := &t.cfg // not a copy: the Config is large and this runs per minibatch
	if t.sample == 0 {
		if !(t.trainMSE > blowUp*t.lowest) { // NaN, at the start or after a change, is not a blow-up
			copy(t.sane, t.net.Params)
			t.saneEpoch = t.epoch
		}
		t.scheduled()
		if c.Samples > 0 {
			t.train.Shuffle(&t.mix)
		}
	}
	n := c.epochSize()
	size = min(c.Batch, n-t.sample)
	var b *Dataset
	if c.Samples > 0 {
		b = t.batch(t.sample, t.sample+size)
	} else {
		b = t.batch(0, size)
		b.draw(c.Task, c.Data, t.pcg)
	}
	t.lossSum += float64(t.update(b) * float64(size))
	t.sample += size
	if t.sample < n {
		return size, false
	}
	t.epoch++
	t.trainMSE = t.lossSum / float64(t.sample)
	t.sample, t.lossSum = 0, 0
	if !finite(t.trainMSE) || slices.ContainsFunc(t.net.Params, func(p float64) bool { return !finite(p) }) {
		t.measure()
		t.diverge()
	}
	if t.trainMSE < t.lowest {
		t.lowest = t.trainMSE
	}
	t.record()
	if t.status == Running && c.Revive > 0 && t.epoch%c.Revive == 0 && 2*t.epoch <= c.horizon() {
		if drawn := t.revive(); drawn != nil {
			t.revivals, t.revived = t.revivals+1, drawn
		}
	}
	return size, true
}

// batch sets the minibatch t.mb to the samples [i, j) of the training set,
// as views, and returns it: no allocation, and no copy of a Dataset, which
// is large enough for its copies to show in a step's profile.
func (t *Trainer) batch(i, j int) *Dataset {
	t.train.viewInto(&t.mb, i, j, t.bin, t.bout)
	return &t.mb
}

// epochSize returns the samples of one epoch of c: the training set, or
// Steps streamed batches, or 1024 streamed samples. It takes a pointer, as
// step calls it every minibatch and a copy of the Config costs more than
// the answer.
func (c *Config) epochSize() int {
	switch {
	case c.Samples > 0:
		return c.Samples
	case c.Steps > 0:
		return c.Steps * c.Batch
	}
	return DefaultSamples
}

// scheduled sets what changes with the epoch to its value for the coming
// epoch: the learning rate of the schedule and the annealed slope.
func (t *Trainer) scheduled() {
	c := t.cfg
	t.lr = c.Opt.LR
	if c.Schedule != Constant {
		t.lr = c.Schedule.Rate(c.Opt.LR, t.epoch, c.horizon())
	}
	t.net.Slope = c.Slope
	if c.SlopeAnneal > 0 {
		t.net.Slope = c.Slope * max(0, 1-float64(t.epoch)/float64(c.SlopeAnneal))
	}
}

// update takes one optimizer step on minibatch b and returns its MSE.
func (t *Trainer) update(b *Dataset) float64 {
	c := &t.cfg
	var loss float64
	if b.In != nil {
		loss = t.net.GradientCols(t.grad, t.ws, b.In, b.Out, c.Dropout, t.rng)
	} else {
		loss = t.net.Gradient(t.grad, t.ws, b.X, b.Y, b.T, c.Dropout, t.rng)
	}
	if c.L1 != 0 || c.L2 != 0 || c.Repel != 0 {
		t.net.Penalty(t.grad, c.L1, c.L2, c.Repel)
	}
	t.opt.Step(t.net.Params, t.grad, t.lr)
	return loss
}

// evaluate measures the held-out MSE, unless the run has diverged: the
// measurement of the diverged weights stands. A measurement that is not
// finite is a divergence.
func (t *Trainer) evaluate() {
	if t.status == Diverged {
		return
	}
	if t.measure(); !finite(t.testMSE) {
		t.diverge()
	}
}

// blowUp is how far above its lowest the training MSE of an epoch may be
// for the next epoch's starting weights to be kept as sane: a run's loss
// often climbs for many epochs, through absurd but finite values, before
// it becomes Inf or NaN.
const blowUp = 10

// diverge stops the run and takes back the weights from before the loss
// blew up, for the lab and the record to show: the last finite ones at the
// latest.
func (t *Trainer) diverge() {
	t.status = Diverged
	copy(t.net.Params, t.sane)
}

// SaneEpoch returns the epoch whose starting weights a diverged run shows:
// the last before its loss blew up.
func (t *Trainer) SaneEpoch() int { return t.saneEpoch }

// measure measures the held-out MSE of the network as it is: averaged
// over the samples and, for a task of several outputs, the outputs.
func (t *Trainer) measure() {
	t.testMSE, t.testEpoch = mse(t.net, t.evalW, t.test), t.epoch
}

// mse returns the MSE of net on d, averaged over the samples and the
// outputs, evaluated in chunks of evalChunk samples with ws: the held-out
// measure, summed in one order everywhere (see squaredErrors).
func mse(net *model.Net, ws *model.Workspace, d Dataset) float64 {
	if d.In == nil { // the same sum, on the kernel that stores nothing
		var lanes [4]float64
		for s := 0; s < d.Len(); s += evalChunk {
			b := d.Slice(s, min(s+evalChunk, d.Len()))
			net.SquaredError(ws, b.X, b.Y, b.T, &lanes)
		}
		return model.LaneTotal(&lanes) / float64(d.Len())
	}
	sse := make([]float64, net.Sizes[len(net.Sizes)-1])
	for s := 0; s < d.Len(); s += evalChunk {
		squaredErrors(sse, nil, s, net, ws, d.Slice(s, min(s+evalChunk, d.Len())))
	}
	return meanOf(sse) / float64(d.Len())
}

// squaredErrors adds the squared errors (out_o − t_o)² of the network on
// the samples of b, which start at sample first of their set, and leaves
// the neurons' values on them in ws for the diagnostics. With one output
// (a dataset of X, Y and T) they go to the four lanes as
// model.Net.SquaredError adds them; with several, to sse[o], sample by
// sample.
func squaredErrors(sse []float64, lanes *[4]float64, first int, net *model.Net, ws *model.Workspace, b Dataset) {
	if b.In == nil {
		model.AddSquaredErrors(lanes, first, net.Forward(ws, b.X, b.Y), b.T)
		return
	}
	for k, out := range net.ForwardCols(ws, b.In) {
		for i, o := range out {
			r := o - b.Out[k][i]
			sse[k] += float64(r * r)
		}
	}
}

// meanOf returns the mean of v: v[0] itself for one value.
func meanOf(v []float64) float64 {
	if len(v) == 1 {
		return v[0]
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// finite reports whether v is neither NaN nor ±Inf.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
