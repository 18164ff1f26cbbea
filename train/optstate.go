package train

import "relulab/train/optim"

// OptimizerState is an optimizer's state as a saved run holds it: exact,
// NaN and ±Inf included.
type OptimizerState struct {
	Steps   int                    `json:"steps"`
	Scalars map[string]ExactFloat  `json:"scalars,omitempty"`
	Slices  map[string]ExactFloats `json:"slices,omitempty"`
}

// saveOptimizer returns a copy of o's state.
func saveOptimizer(o *optim.Optimizer) OptimizerState {
	v := o.State()
	s := OptimizerState{Steps: v.Steps, Scalars: map[string]ExactFloat{}, Slices: map[string]ExactFloats{}}
	for k, x := range v.Scalars {
		s.Scalars[k] = ExactFloat(x)
	}
	for k, x := range v.Slices {
		s.Slices[k] = x
	}
	return s
}

// restoreOptimizer sets o's state to s, or changes nothing and returns why
// s does not fit o.
func restoreOptimizer(o *optim.Optimizer, s OptimizerState) error {
	v := optim.State{Steps: s.Steps, Scalars: map[string]float64{}, Slices: map[string][]float64{}}
	for k, x := range s.Scalars {
		v.Scalars[k] = float64(x)
	}
	for k, x := range s.Slices {
		v.Slices[k] = x
	}
	return o.SetState(v)
}
