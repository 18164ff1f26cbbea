package train

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Summary is what a sweep found for one configuration.
type Summary struct {
	// Config is the configuration its runs share; its seed is not theirs.
	Config Config `json:"config"`
	// Line is the configuration string without the seed; Seeds lists the
	// seeds of the runs as ranges, such as "1-20" or "1-5,9".
	Line   string `json:"config_string"`
	Seeds  string `json:"seeds"`
	Runs   int    `json:"runs"`
	Fitted int    `json:"fitted"`
	// FittedRate is the share of fitted runs and FittedCI its 95% Wilson
	// score interval.
	FittedRate float64    `json:"fitted_rate"`
	FittedCI   [2]float64 `json:"fitted_ci"`
	// MSE holds quantiles of the final held-out MSE.
	MSE Quantiles `json:"mse"`
	// Outcomes counts the runs by outcome; for a task without basins
	// (Task.HasBasins) it has every outcome, zero or not.
	Outcomes map[string]int `json:"outcomes"`
	// Basins counts the runs by basin family (see Basin.Family), and
	// Geometries by the full name, such as "pyramid of 3 lines + 1 unused";
	// both are nil (null in JSON) for a task without basins.
	Basins     map[string]int `json:"basins"`
	Geometries map[string]int `json:"geometries"`
	// Spectrum counts the runs of the amplitude spectrum by the shapes of
	// their bins; nil for other tasks.
	Spectrum *SpectrumTally `json:"spectrum,omitempty"`
	// MeanDead and MeanCollapsed average the dead neurons and collapsed
	// pairs per run.
	MeanDead      float64 `json:"mean_dead"`
	MeanCollapsed float64 `json:"mean_collapsed"`
	// Decided is the median epoch from which the basin no longer changed;
	// NaN (null in JSON) for a task without basins.
	Decided      NullFloat `json:"decided_median_epoch"`
	StoppedEarly int       `json:"stopped_early"`
	Seconds      float64   `json:"seconds"`
	// Partial marks a sweep that was stopped before every run finished.
	Partial bool        `json:"partial,omitempty"`
	Records []RunResult `json:"records,omitempty"`
}

// Quantiles of a sample: min, 10th, 25th, 50th, 75th, 90th percentile, max.
type Quantiles struct {
	Min    NullFloat `json:"min"`
	P10    NullFloat `json:"p10"`
	P25    NullFloat `json:"p25"`
	Median NullFloat `json:"median"`
	P75    NullFloat `json:"p75"`
	P90    NullFloat `json:"p90"`
	Max    NullFloat `json:"max"`
}

// Summarize groups the results of a sweep by configuration; with details it
// keeps every run in the summary.
func Summarize(configs []Config, results []RunResult, details bool) []Summary {
	out := make([]Summary, len(configs))
	by := make([][]RunResult, len(configs))
	for _, r := range results {
		by[r.Config] = append(by[r.Config], r)
	}
	for i, c := range configs {
		rs := by[i]
		s := Summary{Config: c, Line: withoutSeed(c.String()), Runs: len(rs), Outcomes: map[string]int{}}
		if c.Task.HasBasins() {
			s.Basins, s.Geometries = map[string]int{}, map[string]int{}
		} else {
			for _, o := range Outcomes {
				s.Outcomes[o.String()] = 0
			}
		}
		var mse, decided []float64
		var seeds []uint64
		for _, r := range rs {
			seeds = append(seeds, r.Seed)
			if r.Outcome == Fitted {
				s.Fitted++
			}
			s.Outcomes[r.Outcome.String()]++
			if r.Basin != "" && s.Basins != nil {
				s.Basins[string(r.Basin.Family())]++
				s.Geometries[string(r.Basin)]++
			}
			s.MeanDead += float64(r.Dead)
			s.MeanCollapsed += float64(r.Collapsed)
			if r.Stopped {
				s.StoppedEarly++
			}
			s.Seconds += r.Seconds
			mse = append(mse, float64(r.TestMSE))
			decided = append(decided, float64(r.Decided))
		}
		if n := float64(len(rs)); n > 0 {
			s.FittedRate = float64(s.Fitted) / n
			s.FittedCI = Wilson(s.Fitted, len(rs))
			s.MeanDead /= n
			s.MeanCollapsed /= n
		}
		q := quantiles(mse, 0, 0.1, 0.25, 0.5, 0.75, 0.9, 1)
		s.MSE = Quantiles{NullFloat(q[0]), NullFloat(q[1]), NullFloat(q[2]), NullFloat(q[3]), NullFloat(q[4]), NullFloat(q[5]), NullFloat(q[6])}
		s.Decided = NullFloat(quantiles(decided, 0.5)[0])
		if !c.Task.HasBasins() {
			s.Decided = NullFloat(math.NaN())
		}
		s.Seeds = SeedRanges(seeds)
		s.Spectrum = tallySpectrum(rs)
		if details {
			s.Records = rs
		}
		out[i] = s
	}
	return out
}

// Wilson returns the 95% Wilson score interval of k successes in n trials.
func Wilson(k, n int) [2]float64 {
	if n == 0 {
		return [2]float64{0, 1}
	}
	const z = 1.959963984540054
	p, fn := float64(k)/float64(n), float64(n)
	den := 1 + z*z/fn
	mid := (p + z*z/(2*fn)) / den
	half := z * math.Sqrt(p*(1-p)/fn+z*z/(4*fn*fn)) / den
	return [2]float64{max(0, mid-half), min(1, mid+half)}
}

// quantiles returns the p-quantiles of xs by linear interpolation between
// order statistics (the default of R and NumPy); NaN values (diverged runs)
// sort last. With no values it returns NaN.
func quantiles(xs []float64, ps ...float64) []float64 {
	out := make([]float64, len(ps))
	if len(xs) == 0 {
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	s := slices.Clone(xs)
	slices.SortFunc(s, func(a, b float64) int {
		switch {
		case math.IsNaN(a) && math.IsNaN(b):
			return 0
		case math.IsNaN(a):
			return 1
		case math.IsNaN(b):
			return -1
		}
		return cmp.Compare(a, b)
	})
	for i, p := range ps {
		h := p * float64(len(s)-1)
		lo := int(math.Floor(h))
		hi := min(lo+1, len(s)-1)
		out[i] = s[lo] + (h-float64(lo))*(s[hi]-s[lo])
	}
	return out
}

// withoutSeed returns the configuration string line without its seed field.
func withoutSeed(line string) string {
	fs := strings.Fields(line)
	return strings.Join(slices.DeleteFunc(fs, func(f string) bool { return strings.HasPrefix(f, "seed=") }), " ")
}

// SeedRanges writes seeds, sorted, as runs of consecutive numbers:
// "1-20", "1-5,9", or "" for none. ParseSeeds reads back a single range
// or a list.
func SeedRanges(seeds []uint64) string {
	s := slices.Compact(slices.Sorted(slices.Values(seeds)))
	var parts []string
	for i := 0; i < len(s); {
		j := i
		for j+1 < len(s) && s[j+1] == s[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, strconv.FormatUint(s[i], 10))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", s[i], s[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}
