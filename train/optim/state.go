package optim

import (
	"fmt"
	"maps"
	"slices"
)

// vars is an update rule's state: its running scalars and its
// per-parameter slices, by name. Restoring writes through the pointers and
// into the slices, so a restored optimizer goes on exactly as the saved one
// would have.
type vars struct {
	scalars map[string]*float64
	slices  map[string][]float64
}

// varsOf returns the state of a rule: the bias-correction powers p if not
// nil, and the named per-parameter slices.
func varsOf(p *powers, named map[string][]float64) vars {
	v := vars{scalars: map[string]*float64{}, slices: named}
	if p != nil {
		v.scalars["beta1_power"], v.scalars["beta2_power"] = &p.b1t, &p.b2t
	}
	return v
}

// State is a copy of an optimizer's state: the updates applied, its
// running scalars and its per-parameter slices, by their Keras names.
type State struct {
	Steps   int
	Scalars map[string]float64
	Slices  map[string][]float64
}

// State returns a copy of o's state.
func (o *Optimizer) State() State {
	v := o.rule.vars()
	s := State{Steps: o.t, Scalars: map[string]float64{}, Slices: map[string][]float64{}}
	for k, x := range v.scalars {
		s.Scalars[k] = *x
	}
	for k, x := range v.slices {
		s.Slices[k] = slices.Clone(x)
	}
	return s
}

// SetState sets o's state to s, or changes nothing and returns why s does
// not fit o: a missing or unknown name, or a slice of another length.
func (o *Optimizer) SetState(s State) error {
	v := o.rule.vars()
	if len(s.Scalars) != len(v.scalars) || len(s.Slices) != len(v.slices) {
		return fmt.Errorf("optimizer state: %d scalars and %d slices, want %d and %d",
			len(s.Scalars), len(s.Slices), len(v.scalars), len(v.slices))
	}
	for _, k := range slices.Sorted(maps.Keys(v.scalars)) {
		if _, ok := s.Scalars[k]; !ok {
			return fmt.Errorf("optimizer state: no %s", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(v.slices)) {
		if len(s.Slices[k]) != len(v.slices[k]) {
			return fmt.Errorf("optimizer state: %s holds %d values, want %d", k, len(s.Slices[k]), len(v.slices[k]))
		}
	}
	if s.Steps < 0 {
		return fmt.Errorf("optimizer state: %d steps", s.Steps)
	}
	o.t = s.Steps
	for k, x := range v.scalars {
		*x = s.Scalars[k]
	}
	for k, x := range v.slices {
		copy(x, s.Slices[k])
	}
	return nil
}
