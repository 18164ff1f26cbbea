package train

import (
	"fmt"
	"math"
	"strings"
)

// OptimumReport is the JSON form of an OptimumResult.
type OptimumReport struct {
	Config   Config         `json:"config"`
	BestMSE  float64        `json:"best_mse"`
	Found    int            `json:"found"`
	Restarts int            `json:"restarts"`
	Weights  []NullFloat    `json:"weights"`
	Neurons  []NeuronReport `json:"neurons"`
	Basin    Basin          `json:"basin"`
	Why      string         `json:"why"`
	MSEs     []NullFloat    `json:"restart_mses"`
}

// NewOptimumReport returns the report of r.
func NewOptimumReport(r OptimumResult) OptimumReport {
	return OptimumReport{Config: r.Config, BestMSE: r.BestMSE, Found: r.Found, Restarts: r.Restarts,
		Weights: nullFloats(r.Params), Neurons: neuronReports(r.Neurons), Basin: r.Basin, Why: r.Why, MSEs: nullFloats(r.MSEs)}
}

// Text describes r for a person: the optimum, how often it was found, its
// geometry and its weights.
func (r OptimumResult) Text() string {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "best population MSE %.5g for %d %s neurons on %s data\n", r.BestMSE, c.Hidden[0], c.Act, c.Data)
	fmt.Fprintf(&b, "found by %d of %d restarts (within 0.5%% after the first polish)\n", r.Found, r.Restarts)
	fmt.Fprintf(&b, "%s\n\n", r.Why)
	if n := c.Task.Spectrum(); n > 0 {
		spectrumUnitsText(&b, n, r.Neurons)
		return b.String()
	}
	fmt.Fprintf(&b, "  #      w_x      w_y        b        v   angle  offset  active\n")
	for _, n := range r.Neurons {
		fmt.Fprintf(&b, "  %-3d %8.4f %8.4f %8.4f %8.4f %6.1f° %7.3f %6.1f%%\n",
			n.Index+1, n.W[0], n.W[1], n.B, n.V[0], n.Angle, n.Offset, 100*n.Active)
	}
	fmt.Fprintf(&b, "  output bias %.4f\n", r.Params[len(r.Params)-1])
	return b.String()
}

// spectrumUnitsText writes the units of a network for the amplitude
// spectrum of n samples as the DFT basis sees them: dominant bin, share,
// angle in the bin's plane, offset, outgoing weight to the bin, activity.
func spectrumUnitsText(b *strings.Builder, n int, neurons []Neuron) {
	r, err := DiagnoseSpectrum(n, neurons)
	if err != nil {
		fmt.Fprintln(b, err)
		return
	}
	fmt.Fprintf(b, "bins: %s\n\n", r.Words())
	fmt.Fprintf(b, "  #   bin  share   angle  offset        v  active\n")
	for i, u := range r.Units {
		v := math.NaN()
		if u.Bin >= 0 {
			v = neurons[i].V[u.Bin]
		}
		fmt.Fprintf(b, "  %-3d %3d %5.1f%% %6.1f° %7.3f %8.4f %6.1f%%\n", u.Num, u.Bin, 100*u.Share, u.Angle, u.Offset, v, 100*neurons[i].Active)
	}
}
