package train

import "math"

// Tally counts watched trials by the basin their last verdict names, or by
// outcome when no trial is in a named basin (another width or
// activation). It counts what a sweep of the same seeds, stopped at the
// same epoch, counts.
type Tally struct {
	Runs int
	// Fitted counts the runs whose outcome is fitted.
	Fitted int
	// ByBasin says the rows are basins, best first, then "other" for the
	// runs in none; otherwise they are outcomes.
	ByBasin bool
	Rows    []TallyRow
}

// TallyRow is one basin or outcome of a tally.
type TallyRow struct {
	Name  string
	Count int
	// Share is Count/Runs and CI its 95% Wilson score interval.
	Share float64
	CI    [2]float64
	// Decided is the median epoch from which the runs in this row had been
	// in the basin they were probed in; NaN for an empty row, and for an
	// outcome, which probes do not follow.
	Decided float64
}

// OtherBasin names the row of a basin tally that counts the runs in no
// named basin.
const OtherBasin = "other"

// TallyTrials counts the watched trials ts. Every named basin, or every
// outcome, has a row, in order, even when empty; "other" has one only when
// some run is in it.
func TallyTrials(ts []*Trial) Tally {
	tl := Tally{Runs: len(ts)}
	for _, t := range ts {
		if t.last.Basin != "" {
			tl.ByBasin = true
		}
		if t.last.Outcome == Fitted {
			tl.Fitted++
		}
	}
	var names []string
	if tl.ByBasin {
		names = append(names, nameStrings(Basins)...)
		names = append(names, OtherBasin)
	} else {
		names = outcomeNames[:]
	}
	decided := make(map[string][]float64, len(names))
	for _, t := range ts {
		name := t.last.Outcome.String()
		if tl.ByBasin {
			name = string(t.last.Basin.Family())
			if name == "" {
				name = OtherBasin
			}
		}
		decided[name] = append(decided[name], float64(t.decided))
	}
	for _, name := range names {
		d := decided[name]
		if name == OtherBasin && len(d) == 0 {
			continue
		}
		r := TallyRow{Name: name, Count: len(d), CI: Wilson(len(d), len(ts)), Decided: math.NaN()}
		if tl.ByBasin {
			r.Decided = quantiles(d, 0.5)[0]
		}
		if len(ts) > 0 {
			r.Share = float64(len(d)) / float64(len(ts))
		}
		tl.Rows = append(tl.Rows, r)
	}
	return tl
}

// Row returns the row named name, and whether there is one.
func (tl Tally) Row(name string) (TallyRow, bool) {
	for _, r := range tl.Rows {
		if r.Name == name {
			return r, true
		}
	}
	return TallyRow{}, false
}

func nameStrings(bs []Basin) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = string(b)
	}
	return out
}

// TwoProportion tests whether k1 of n1 and k2 of n2 are drawn with the
// same probability: the pooled two-proportion z-test,
//
//	p = (k1+k2)/(n1+n2);  z = (k2/n2 − k1/n1) / √(p(1−p)(1/n1 + 1/n2))
//
// and its two-sided p-value erfc(|z|/√2). With no variation at all (p is
// 0 or 1) z is 0 and the p-value 1.
func TwoProportion(k1, n1, k2, n2 int) (z, pValue float64) {
	if n1 == 0 || n2 == 0 {
		return 0, 1
	}
	p := float64(k1+k2) / float64(n1+n2)
	se := math.Sqrt(p * (1 - p) * (1/float64(n1) + 1/float64(n2)))
	if se == 0 {
		return 0, 1
	}
	z = (float64(k2)/float64(n2) - float64(k1)/float64(n1)) / se
	return z, math.Erfc(math.Abs(z) / math.Sqrt2)
}
