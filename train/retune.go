package train

import (
	"fmt"
	"slices"
	"strings"
)

// Retuned says what Retune changed: the keys of the settings, as
// configuration strings name them, in their order ("l2", "schedule"), and
// whether the optimizer's state started anew. The zero value is a change
// of nothing.
type Retuned struct {
	Changed []string
	Fresh   bool
}

// Retune switches the run to c, which may differ from the run's
// configuration in the settings that the training step reads as it goes:
// L1, L2, Dropout, Repel, Schedule, Horizon, Revive, Target and the
// optimizer's. The next minibatch trains with them; the weights, the
// epoch, the data and the record are kept, and so is the optimizer state,
// unless c names another optimizer or changes a setting of it other than
// the learning rate, in which case it starts anew. Any other difference is
// an error, as is a c that is not valid; either changes nothing.
//
// A run saved after Retune resumes with c, bit for bit as if it had not
// stopped: the learning rate of the schedule is the one Load computes.
func (t *Trainer) Retune(c Config) (Retuned, error) {
	if err := c.Validate(); err != nil {
		return Retuned{}, err
	}
	if fixed, was := c.untuned(), t.cfg.untuned(); fixed.String() != was.String() {
		return Retuned{}, fmt.Errorf("%s cannot change while the run trains, only %s",
			strings.Join(diffKeys(was, fixed), ", "), strings.Join(tunable, ", "))
	}
	r := Retuned{Changed: diffKeys(t.cfg, c)}
	old, opt := t.cfg.Opt, c.Opt
	old.LR = opt.LR
	if old != opt {
		if err := t.SetOptimizer(c.Opt); err != nil {
			return Retuned{}, err
		}
		r.Fresh = true
	}
	c.Hidden = slices.Clone(c.Hidden)
	t.cfg = c
	t.scheduled()
	return r, nil
}

// tunable names the settings Retune changes, as configuration strings do.
var tunable = []string{"l1", "l2", "dropout", "repel", "schedule", "horizon", "revive", "target", "the optimizer's"}

// untuned returns c with the settings Retune changes at their zero values.
func (c Config) untuned() Config {
	c.L1, c.L2, c.Dropout, c.Repel, c.Target = 0, 0, 0, 0, 0
	c.Schedule, c.Horizon, c.Revive = Constant, 0, 0
	c.Opt.Name, c.Opt.LR = "", 0
	c.Opt.Momentum, c.Opt.Nesterov, c.Opt.Rho, c.Opt.Centered = 0, false, 0, false
	c.Opt.AMSGrad, c.Opt.WarmupSteps, c.Opt.WeightDecay = false, 0, 0
	return c
}

// diffKeys returns the keys of the configuration strings of a and b whose
// values differ, in the order of b's string, then those only a has.
func diffKeys(a, b Config) []string {
	as, bs := keyValues(a.String()), keyValues(b.String())
	var keys []string
	for _, kv := range bs {
		if i := slices.IndexFunc(as, func(x [2]string) bool { return x[0] == kv[0] }); i < 0 || as[i][1] != kv[1] {
			keys = append(keys, kv[0])
		}
	}
	for _, kv := range as {
		if !slices.ContainsFunc(bs, func(x [2]string) bool { return x[0] == kv[0] }) {
			keys = append(keys, kv[0])
		}
	}
	return keys
}

// keyValues splits a configuration string into its key=value pairs.
func keyValues(s string) [][2]string {
	var kvs [][2]string
	for _, f := range strings.Fields(s) {
		k, v, _ := strings.Cut(f, "=")
		kvs = append(kvs, [2]string{k, v})
	}
	return kvs
}
