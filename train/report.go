package train

import (
	"math"
	"strconv"
)

// NullFloat is a float64 that encodes as JSON null when it is NaN or ±Inf, which
// JSON cannot hold: a diverged loss or an unknown reference.
type NullFloat float64

// MarshalJSON writes the shortest form that parses back to n, or null.
func (n NullFloat) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads a number, or null as NaN.
func (n *NullFloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = NullFloat(math.NaN())
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	*n = NullFloat(f)
	return err
}

// Report is the JSON form of a finished run.
type Report struct {
	Config   Config    `json:"config"`
	Line     string    `json:"config_string"`
	Epochs   int       `json:"epochs"`
	TrainMSE NullFloat `json:"train_mse"`
	TestMSE  NullFloat `json:"test_mse"`
	// OutputMSE is the held-out MSE of each output of a task of several
	// (the amplitude spectrum's bins, k = 0 … N/2); left out for one.
	OutputMSE []NullFloat `json:"output_mse,omitempty"`
	Reference NullFloat   `json:"reference"`
	// ReferenceWidth is the width Reference was searched for: below the
	// network's own, it is a narrower network's optimum, a bound.
	ReferenceWidth int       `json:"reference_width"`
	Target         NullFloat `json:"target"`
	// WeightsEpoch is the epoch the neurons' weights are from: the run's
	// last, or for a diverged run the start of the last epoch before its
	// loss blew up.
	WeightsEpoch int            `json:"weights_epoch"`
	Outcome      Outcome        `json:"outcome"`
	Basin        Basin          `json:"basin"`
	Why          string         `json:"why"`
	Neurons      []NeuronReport `json:"neurons"`
	Collapsed    [][2]int       `json:"collapsed"`
	Seconds      float64        `json:"seconds"`
}

// NeuronReport is the JSON form of a Neuron.
type NeuronReport struct {
	Layer         int         `json:"layer"`
	Index         int         `json:"index"`
	W             []NullFloat `json:"w"`
	B             NullFloat   `json:"b"`
	V             []NullFloat `json:"v"`
	Slope         NullFloat   `json:"slope,omitempty"`
	Active        NullFloat   `json:"active"`
	Weak          bool        `json:"weak"`
	Dead          bool        `json:"dead"`
	CollapsedWith []int       `json:"collapsed_with"`
	Angle         NullFloat   `json:"angle"`
	Offset        NullFloat   `json:"offset"`
	State         string      `json:"state"`
}

// NewReport returns the report of snapshot s of a run that took seconds.
func NewReport(s Snapshot, seconds float64) Report {
	r := Report{
		Config: s.Config, Line: s.Config.String(), Epochs: s.Epoch,
		TrainMSE: NullFloat(s.TrainMSE), TestMSE: NullFloat(s.TestMSE),
		Reference: NullFloat(s.Reference), ReferenceWidth: s.ReferenceWidth, Target: NullFloat(s.Target),
		WeightsEpoch: s.WeightsEpoch,
		Outcome:      s.Outcome, Basin: s.Basin, Why: s.Why,
		Collapsed: append([][2]int{}, s.Collapsed...), Seconds: seconds,
		Neurons: neuronReports(s.Neurons),
	}
	if s.OutputMSE != nil {
		r.OutputMSE = nullFloats(s.OutputMSE)
	}
	return r
}

// neuronReports returns the JSON form of ns.
func neuronReports(ns []Neuron) []NeuronReport {
	out := []NeuronReport{}
	for _, n := range ns {
		out = append(out, NeuronReport{
			Layer: n.Layer, Index: n.Index, W: nullFloats(n.W), B: NullFloat(n.B), V: nullFloats(n.V),
			Slope: NullFloat(n.Slope), Active: NullFloat(n.Active), Weak: n.Weak, Dead: n.Dead,
			CollapsedWith: append([]int{}, n.CollapsedWith...),
			Angle:         NullFloat(n.Angle), Offset: NullFloat(n.Offset), State: n.State(),
		})
	}
	return out
}

func nullFloats(fs []float64) []NullFloat {
	out := make([]NullFloat, len(fs))
	for i, f := range fs {
		out[i] = NullFloat(f)
	}
	return out
}
