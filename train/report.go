package train

import (
	"math"
	"strconv"
)

// Num is a float64 that encodes as JSON null when it is NaN or ±Inf, which
// JSON cannot hold: a diverged loss or an unknown reference.
type Num float64

// MarshalJSON writes the shortest form that parses back to n, or null.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads a number, or null as NaN.
func (n *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Num(math.NaN())
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	*n = Num(f)
	return err
}

// Report is the JSON form of a finished run.
type Report struct {
	Config    Config         `json:"config"`
	Line      string         `json:"config_string"`
	Epochs    int            `json:"epochs"`
	TrainMSE  Num            `json:"train_mse"`
	TestMSE   Num            `json:"test_mse"`
	Reference Num            `json:"reference"`
	Target    Num            `json:"target"`
	Outcome   Outcome        `json:"outcome"`
	Basin     Basin          `json:"basin"`
	Why       string         `json:"why"`
	Neurons   []NeuronReport `json:"neurons"`
	Collapsed [][2]int       `json:"collapsed"`
	Seconds   float64        `json:"seconds"`
}

// NeuronReport is the JSON form of a Neuron.
type NeuronReport struct {
	Layer         int    `json:"layer"`
	Index         int    `json:"index"`
	W             []Num  `json:"w"`
	B             Num    `json:"b"`
	V             []Num  `json:"v"`
	Slope         Num    `json:"slope,omitempty"`
	Active        Num    `json:"active"`
	Weak          bool   `json:"weak"`
	Dead          bool   `json:"dead"`
	CollapsedWith []int  `json:"collapsed_with"`
	Angle         Num    `json:"angle"`
	Offset        Num    `json:"offset"`
	State         string `json:"state"`
}

// NewReport returns the report of snapshot s of a run that took seconds.
func NewReport(s Snapshot, seconds float64) Report {
	r := Report{
		Config: s.Config, Line: s.Config.String(), Epochs: s.Epoch,
		TrainMSE: Num(s.TrainMSE), TestMSE: Num(s.TestMSE),
		Reference: Num(s.Reference), Target: Num(s.Target),
		Outcome: s.Outcome, Basin: s.Basin, Why: s.Why,
		Collapsed: append([][2]int{}, s.Collapsed...), Seconds: seconds,
		Neurons: neuronReports(s.Neurons),
	}
	return r
}

// neuronReports returns the JSON form of ns.
func neuronReports(ns []Neuron) []NeuronReport {
	out := []NeuronReport{}
	for _, n := range ns {
		out = append(out, NeuronReport{
			Layer: n.Layer, Index: n.Index, W: nums64(n.W), B: Num(n.B), V: nums64(n.V),
			Slope: Num(n.Slope), Active: Num(n.Active), Weak: n.Weak, Dead: n.Dead,
			CollapsedWith: append([]int{}, n.CollapsedWith...),
			Angle:         Num(n.Angle), Offset: Num(n.Offset), State: n.State(),
		})
	}
	return out
}

func nums64(fs []float64) []Num {
	out := make([]Num, len(fs))
	for i, f := range fs {
		out[i] = Num(f)
	}
	return out
}
