package train

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// SpectrumTally counts the runs of a sweep of the amplitude spectrum by
// the shapes of their bins (see DiagnoseSpectrum).
type SpectrumTally struct {
	// Optimal counts the runs with every bin in its optimum's shape, a
	// pyramid in each complex bin and a fold in each real one; OptimalCI
	// is its 95% Wilson score interval.
	Optimal   int        `json:"every_bin_optimal"`
	OptimalCI [2]float64 `json:"every_bin_optimal_ci"`
	// Bins counts, bin by bin, the runs by the bin's shape.
	Bins []BinTally `json:"bins"`
	// Outcomes counts the runs by outcome name, such as "bin 1 pyramid,
	// bins 0 and 2 folds".
	Outcomes map[string]int `json:"outcomes"`
}

// BinTally counts the runs of a sweep by the shape of bin Bin: its
// Shapes are keyed by shape, "unnamed" for a bin no rule names.
type BinTally struct {
	Bin    int            `json:"bin"`
	Shapes map[string]int `json:"shapes"`
}

// Unnamed is the name a tally gives the shape of a bin no rule names.
const Unnamed = "unnamed"

// binOptimal reports whether bins, the shapes of bins 0 … K−1 of one run,
// are each their optimum's: folds at DC and Nyquist, pyramids between.
func binOptimal(bins []Basin) bool {
	for k, b := range bins {
		if want := (SpectralBin{Real: k == 0 || k == len(bins)-1}).optimum(); b != want {
			return false
		}
	}
	return len(bins) > 0
}

// tallySpectrum counts the runs rs by their bins' shapes; it returns nil
// if no run has bins.
func tallySpectrum(rs []RunResult) *SpectrumTally {
	var t *SpectrumTally
	for _, r := range rs {
		if len(r.Bins) == 0 {
			continue
		}
		if t == nil {
			t = &SpectrumTally{Outcomes: map[string]int{}}
		}
		for len(t.Bins) < len(r.Bins) {
			t.Bins = append(t.Bins, BinTally{Bin: len(t.Bins), Shapes: map[string]int{}})
		}
		for k, b := range r.Bins {
			t.Bins[k].Shapes[cmp.Or(string(b), Unnamed)]++
		}
		t.Optimal += b2i(binOptimal(r.Bins))
		t.Outcomes[r.Spectrum]++
	}
	if t != nil {
		t.OptimalCI = Wilson(t.Optimal, len(rs))
	}
	return t
}

// ShapeNames lists the shapes of a bin tally's columns, best first: every
// shape of BinShapes, then Unnamed.
func ShapeNames() []string { return append(nameStrings(BinShapes), Unnamed) }

// TopOutcomes returns the n most frequent outcome names with their counts,
// most frequent first, ties by name.
func (t SpectrumTally) TopOutcomes(n int) []OutcomeCount {
	var out []OutcomeCount
	for name, c := range t.Outcomes {
		out = append(out, OutcomeCount{name, c})
	}
	slices.SortFunc(out, func(a, b OutcomeCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name))
	})
	return out[:min(n, len(out))]
}

// OutcomeCount is one row of TopOutcomes.
type OutcomeCount struct {
	Name  string
	Count int
}

// Line says what a bin tally counts in one line, its shapes best first and
// only those some run has: "bin 1: pyramid 40, valley 35, corner 25".
func (b BinTally) Line() string {
	var parts []string
	for _, s := range ShapeNames() {
		if c := b.Shapes[s]; c > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", s, c))
		}
	}
	for _, s := range slices.Sorted(maps.Keys(b.Shapes)) { // none, unless a record file has a shape this build does not name
		if !slices.Contains(ShapeNames(), s) {
			parts = append(parts, fmt.Sprintf("%s %d", s, b.Shapes[s]))
		}
	}
	return fmt.Sprintf("bin %d: %s", b.Bin, strings.Join(parts, ", "))
}

// spectrumBins returns the most bins any summary of ss tallies: 0 if none
// is of the amplitude spectrum.
func spectrumBins(ss []Summary) int {
	n := 0
	for _, s := range ss {
		if s.Spectrum != nil {
			n = max(n, len(s.Spectrum.Bins))
		}
	}
	return n
}

// spectrumHead returns the CSV columns of a spectrum tally of bins bins:
// every_bin_optimal, then bin<k>_<shape> for every bin and shape, then
// the outcomes.
func spectrumHead(bins int) []string {
	head := []string{"every_bin_optimal"}
	for k := range bins {
		for _, s := range ShapeNames() {
			head = append(head, fmt.Sprintf("bin%d_%s", k, s))
		}
	}
	return append(head, "spectrum_outcomes")
}

// spectrumRow returns the CSV fields of t under spectrumHead(bins), empty
// for a summary without one; the outcomes as "count name" pairs, most
// frequent first, joined by "; ".
func spectrumRow(t *SpectrumTally, bins int) []string {
	row := make([]string, 0, 2+bins*len(ShapeNames()))
	if t == nil {
		return append(row, make([]string, cap(row))...)
	}
	row = append(row, fmt.Sprint(t.Optimal))
	for k := range bins {
		for _, s := range ShapeNames() {
			c := 0
			if k < len(t.Bins) {
				c = t.Bins[k].Shapes[s]
			}
			row = append(row, fmt.Sprint(c))
		}
	}
	var outs []string
	for _, o := range t.TopOutcomes(len(t.Outcomes)) {
		outs = append(outs, fmt.Sprintf("%d %s", o.Count, o.Name))
	}
	return append(row, strings.Join(outs, "; "))
}

// binsField writes the shapes of a run's bins, space-separated, Unnamed
// for a bin no rule names.
func binsField(bins []Basin) string {
	s := make([]string, len(bins))
	for k, b := range bins {
		s[k] = cmp.Or(string(b), Unnamed)
	}
	return strings.Join(s, " ")
}

// spectrumShapes returns the shape of each bin of s, a run of the
// amplitude spectrum, and the outcome they name; nothing for a run of
// another task, or one that diverged.
func spectrumShapes(s Snapshot) ([]Basin, string) {
	n := s.Config.Task.Spectrum()
	if n == 0 || s.Status == Diverged {
		return nil, ""
	}
	r, err := DiagnoseSpectrum(n, s.Neurons)
	if err != nil { // not one hidden layer
		return nil, ""
	}
	shapes := make([]Basin, len(r.Bins))
	for k, b := range r.Bins {
		shapes[k] = b.Shape
	}
	return shapes, r.Name
}
