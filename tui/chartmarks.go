package tui

import (
	"math"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// changeMark marks, on the loss chart's x axis, the column of an epoch at
// which the configuration changed (a key of the lab that changes a
// setting), so that the effect of a switch can be read off the curve.
const changeMark = "▲"

// markChanges returns the chart lines, as chartLines drew series in w
// cells, with a changeMark on the x axis in the column of each epoch of
// changes. A change at epoch 0, before the first point, has no column.
func markChanges(st Styles, lines []string, series []chartSeries, changes []int, w int) []string {
	cols, last := w-chartGutter-3, 0
	for _, s := range series {
		if len(s.epoch) > 0 {
			last = max(last, s.epoch[len(s.epoch)-1])
		}
	}
	if len(changes) == 0 || last == 0 || cols < 8 {
		return lines
	}
	per := chartStep(last, cols)
	for i, l := range lines {
		plain := ansi.Strip(l)
		axis := strings.Index(plain, "└")
		if axis < 0 {
			continue
		}
		axis = ansi.StringWidth(plain[:axis])
		// Column c shows the epochs up to (c+1)·per; many changes in one
		// column make one mark.
		var ats []int
		for _, e := range changes {
			if e > 0 && e <= last {
				ats = append(ats, axis+int(math.Ceil(float64(e)/per)))
			}
		}
		slices.Sort(ats)
		out := slices.Clone(lines)
		for _, at := range slices.Compact(ats) {
			out[i] = ansi.Cut(out[i], 0, at) + st.Warn.Render(changeMark) + ansi.Cut(out[i], at+1, ansi.StringWidth(out[i]))
		}
		return out
	}
	return lines
}
