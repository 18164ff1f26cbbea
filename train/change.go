package train

import (
	"errors"
	"math"
	"math/rand/v2"

	"relulab/model"
	"relulab/train/optim"
)

// The changes below are the lab's keys. Each keeps the epoch count and the
// loss history, and says in its doc comment what else it keeps; a new
// initializer or seed is a new run, made with New.

// SetOptimizer switches to a fresh optimizer c: the weights are kept, the
// optimizer state starts anew.
func (t *Trainer) SetOptimizer(c optim.Config) error {
	opt, err := optim.New(c, t.net.Tensors())
	if err != nil {
		return err
	}
	t.cfg.Opt, t.opt = c, opt
	return nil
}

// SetLearningRate changes the learning rate from the next minibatch on
// (through the schedule, if there is one); the weights and the optimizer
// state are kept.
func (t *Trainer) SetLearningRate(lr float64) error {
	c := t.cfg.Opt
	c.LR = lr
	if err := c.Validate(); err != nil {
		return err
	}
	t.cfg.Opt = c
	t.scheduled() // the rate Load would compute, should the run be saved now
	return nil
}

// SetActivation switches the hidden activation (and ends a slope anneal if
// it leaves leaky_relu). The weights are kept; so is the optimizer state, unless switching to or from prelu adds or drops its
// slopes, in which case it starts anew. It reports whether it did.
func (t *Trainer) SetActivation(a model.Activation) (fresh bool, err error) {
	c := t.cfg
	c.Act = a
	if a != model.LeakyReLU {
		c.SlopeAnneal = 0 // annealing is leaky_relu's
	}
	if err := c.Validate(); err != nil {
		return false, err
	}
	t.cfg = c
	net := t.net.WithActivation(a)
	fresh = len(net.Params) != len(t.net.Params)
	t.adopt(net, fresh)
	t.scheduled() // the slope, should the anneal have ended
	return fresh, nil
}

// SetWidth gives the first hidden layer width neurons: the first neurons
// are kept, new ones are drawn fresh by the initializer (the same ones for
// the same seed), and the optimizer state starts anew. The single unit of
// TaskReLU, which is the output, becomes the first unit of a hidden layer
// feeding a linear output with weight 1 (see model.Net.WithOutput); a
// width of 1 or less keeps it as it is, and is refused.
func (t *Trainer) SetWidth(width int) error {
	c := t.cfg
	if c.Direct && width <= 1 {
		return errors.New("the single unit is the output: h gives it a hidden layer with a linear output")
	}
	c.Hidden = append([]int(nil), c.Hidden...)
	c.Hidden[0] = width
	direct := c.Direct
	c.Direct = false
	if err := c.Validate(); err != nil {
		return err
	}
	t.cfg = c
	rng := rand.New(rand.NewPCG(c.Seed, streamGrow+uint64(width)))
	if direct {
		t.adopt(t.net.WithOutput(width, c.Init, rng), true)
		return nil
	}
	t.adopt(t.net.WithWidth(width, c.Init, rng), true)
	return nil
}

// SetBatch changes the minibatch size; the weights and the optimizer state
// are kept.
func (t *Trainer) SetBatch(batch int) error {
	c := t.cfg
	c.Batch = batch
	if err := c.Validate(); err != nil {
		return err
	}
	t.cfg = c
	t.ws = t.net.NewWorkspace(batch)
	if c.Samples == 0 {
		t.train = newTrainingSet(c) // the buffer of one streamed batch
	}
	return nil
}

// SetData switches the input distribution: a new training set and held-out
// set are drawn; the weights and the optimizer state are kept.
func (t *Trainer) SetData(d Data) error {
	c := t.cfg
	c.Data = d
	if err := c.Validate(); err != nil {
		return err
	}
	t.cfg = c
	t.train = newTrainingSet(c)
	t.test = sharedHeldOut(c.Task, d)
	t.trainMSE, t.lowest = math.NaN(), math.Inf(1) // the last epoch's was on other data
	t.evaluate()
	return nil
}

// adopt makes net the trained network, with a fresh optimizer if fresh.
// The last epoch's training loss was another network's: until the next
// epoch ends, the training MSE is NaN, not measured.
func (t *Trainer) adopt(net *model.Net, fresh bool) {
	t.net = net
	t.ws = net.NewWorkspace(t.cfg.Batch)
	t.evalW = net.NewWorkspace(evalChunk)
	if fresh {
		t.grad = make([]float64, len(net.Params))
	}
	t.moved(fresh)
}
