package tui

import (
	"fmt"
	"math"
	"strings"

	"relulab/train"
)

// spectrumOutcomes is how many outcome names a sweep's spectrum block
// lists, most frequent first.
const spectrumOutcomes = 5

// sweepSpectrum lists, under the table, what the runs of each
// configuration of the amplitude spectrum did bin by bin: how many had
// every bin in its optimum's shape, the shapes of each bin, and the most
// frequent outcomes, wrapped to width (0: no limit); or nothing if no
// configuration is of the spectrum.
func sweepSpectrum(st Styles, ss []train.Summary, width int) string {
	if width <= 0 {
		width = math.MaxInt
	}
	names := configNames(ss)
	var b strings.Builder
	for i, s := range ss {
		t := s.Spectrum
		if t == nil {
			continue
		}
		title := fmt.Sprintf("bins of %s · every bin optimal (pyramids and folds): %d of %d, %.0f%% [%.0f–%.0f]",
			names[i], t.Optimal, s.Runs, 100*float64(t.Optimal)/float64(max(s.Runs, 1)), 100*t.OptimalCI[0], 100*t.OptimalCI[1])
		b.WriteString("\n" + st.Title.Render(wrapWords(title, width)) + "\n")
		for _, bt := range t.Bins {
			b.WriteString(wrapParts([]string{bt.Line()}, width) + "\n")
		}
		b.WriteString(st.Title.Render("outcomes") + "\n")
		for _, o := range t.TopOutcomes(spectrumOutcomes) {
			b.WriteString(wrapParts([]string{fmt.Sprintf("%d  %s", o.Count, o.Name)}, width) + "\n")
		}
		if n := len(t.Outcomes) - spectrumOutcomes; n > 0 {
			b.WriteString(fmt.Sprintf("  and %d more\n", n))
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
