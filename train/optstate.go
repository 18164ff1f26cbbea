package train

import (
	"fmt"
	"slices"
)

// vars is an optimizer's state: its step count, its running scalars and
// its per-parameter slices, by name. Restoring writes through the pointers
// and into the slices, so a restored optimizer goes on exactly as the
// saved one would have.
type vars struct {
	steps   *int
	scalars map[string]*float64
	slices  map[string][]float64
}

// varsOf returns the state of an optimizer built on b: b's step count, the
// bias-correction powers p if not nil, and the named per-parameter slices.
func (b *base) varsOf(p *powers, named map[string][]float64) vars {
	v := vars{steps: &b.t, scalars: map[string]*float64{}, slices: named}
	if p != nil {
		v.scalars["beta1_power"], v.scalars["beta2_power"] = &p.b1t, &p.b2t
	}
	return v
}

// OptimizerState is an optimizer's state as a saved run holds it.
type OptimizerState struct {
	Steps   int                    `json:"steps"`
	Scalars map[string]ExactFloat  `json:"scalars,omitempty"`
	Slices  map[string]ExactFloats `json:"slices,omitempty"`
}

// saveOptimizer returns a copy of o's state.
func saveOptimizer(o Optimizer) OptimizerState {
	v := o.vars()
	s := OptimizerState{Steps: *v.steps, Scalars: map[string]ExactFloat{}, Slices: map[string]ExactFloats{}}
	for k, x := range v.scalars {
		s.Scalars[k] = ExactFloat(*x)
	}
	for k, x := range v.slices {
		s.Slices[k] = slices.Clone(x)
	}
	return s
}

// restoreOptimizer sets o's state to s, or changes nothing and returns why
// s does not fit o: a missing or unknown name, or a slice of another
// length.
func restoreOptimizer(o Optimizer, s OptimizerState) error {
	v := o.vars()
	if len(s.Scalars) != len(v.scalars) || len(s.Slices) != len(v.slices) {
		return fmt.Errorf("optimizer state: %d scalars and %d slices, want %d and %d",
			len(s.Scalars), len(s.Slices), len(v.scalars), len(v.slices))
	}
	for k := range v.scalars {
		if _, ok := s.Scalars[k]; !ok {
			return fmt.Errorf("optimizer state: no %s", k)
		}
	}
	for k, x := range v.slices {
		if len(s.Slices[k]) != len(x) {
			return fmt.Errorf("optimizer state: %s holds %d values, want %d", k, len(s.Slices[k]), len(x))
		}
	}
	if s.Steps < 0 {
		return fmt.Errorf("optimizer state: %d steps", s.Steps)
	}
	*v.steps = s.Steps
	for k, x := range v.scalars {
		*x = float64(s.Scalars[k])
	}
	for k, x := range v.slices {
		copy(x, s.Slices[k])
	}
	return nil
}
