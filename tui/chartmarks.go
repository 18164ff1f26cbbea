package tui

import (
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// changeMark marks, on the loss chart's x axis, the column of an epoch at
// which the configuration changed (a key of the lab that changes a
// setting), so that the effect of a switch can be read off the curve;
// divergedMark the column of the epoch at which a run's loss blew up
// (see chartSeries.diverged).
const (
	changeMark   = "▲"
	divergedMark = "✗"
)

// markChanges returns the chart lines, as chartLines drew series in w
// cells, with a changeMark on the x axis in the column of each epoch of
// changes, and a divergedMark in the column of the first epoch of each
// diverged series past its sane one. A change at epoch 0, before the first
// point, has no column.
func markChanges(st Styles, lines []string, series []chartSeries, changes []int, w int) []string {
	cols, last := w-chartGutter-3, 0
	for _, s := range series {
		if len(s.epoch) > 0 {
			last = max(last, s.epoch[len(s.epoch)-1])
		}
	}
	if last == 0 || cols < 8 {
		return lines
	}
	per := chartStep(last, cols)
	// Column c shows the epochs up to (c+1)·per; many marks in one column
	// make one, a divergence over a change.
	col := func(e int) int { return int(math.Ceil(float64(e)/per)) - 1 }
	marks := map[int]string{}
	for _, e := range changes {
		if e > 0 && e <= last {
			marks[col(e)] = st.Warn.Render(changeMark)
		}
	}
	for _, s := range series {
		if e := s.sane + 1; s.diverged && e <= last {
			marks[col(e)] = st.Bad.Render(divergedMark)
		}
	}
	if len(marks) == 0 {
		return lines
	}
	for i, l := range lines {
		plain := ansi.Strip(l)
		axis := strings.Index(plain, "└")
		if axis < 0 {
			continue
		}
		axis = ansi.StringWidth(plain[:axis])
		out := slices.Clone(lines)
		for _, c := range slices.Sorted(maps.Keys(marks)) {
			at := axis + 1 + c
			out[i] = ansi.Cut(out[i], 0, at) + marks[c] + ansi.Cut(out[i], at+1, ansi.StringWidth(out[i]))
		}
		return out
	}
	return lines
}
