package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/progress"
	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"

	"relulab/train"
)

// SweepTable draws the summaries of a sweep as a table, best fitted rate
// first. The configuration column shows only the settings that differ
// between the configurations, or all of them when there is one.
func SweepTable(ss []train.Summary, dark bool) string {
	st := NewStyles(dark)
	ss = slices.Clone(ss)
	slices.SortStableFunc(ss, func(a, b train.Summary) int { return cmp.Compare(b.FittedRate, a.FittedRate) })
	names := configNames(ss)
	head := []string{"configuration", "runs", "fitted [95% CI]", "held-out MSE median (p10–p90)"}
	for _, b := range train.Basins {
		head = append(head, string(b))
	}
	head = append(head, "dead", "collapsed", "decided", "early", "seconds")
	t := table.New().Headers(head...).Border(lipgloss.RoundedBorder()).BorderStyle(st.Border).
		StyleFunc(func(row, col int) lipgloss.Style {
			s := lipgloss.NewStyle().Padding(0, 1)
			switch {
			case row == table.HeaderRow:
				return s.Inherit(st.Title)
			case col > 0:
				return s.Align(lipgloss.Right)
			}
			return s
		})
	for i, s := range ss {
		row := []string{names[i], fmt.Sprint(s.Runs),
			fmt.Sprintf("%.0f%% [%.0f–%.0f]", 100*s.FittedRate, 100*s.FittedCI[0], 100*s.FittedCI[1]),
			fmt.Sprintf("%s (%s–%s)", sci(float64(s.MSE.Median)), sci(float64(s.MSE.P10)), sci(float64(s.MSE.P90)))}
		for _, b := range train.Basins {
			row = append(row, fmt.Sprint(s.Basins[string(b)]))
		}
		row = append(row, fmt.Sprintf("%.2f", s.MeanDead), fmt.Sprintf("%.2f", s.MeanCollapsed),
			fmt.Sprintf("%.0f", s.Decided), fmt.Sprint(s.StoppedEarly), fmt.Sprintf("%.1f", s.Seconds))
		t.Row(row...)
	}
	out := t.String()
	if len(ss) > 0 && ss[0].Partial {
		done := 0
		for _, s := range ss {
			done += s.Runs
		}
		out = st.Warn.Render(fmt.Sprintf("partial: stopped after %d runs; the rows count only the runs that finished", done)) + "\n" + out
	}
	return out
}

// configNames returns, for each summary, the settings in which its
// configuration differs from the others, without the seed.
func configNames(ss []train.Summary) []string {
	lines := make([]string, len(ss))
	for i, s := range ss {
		lines[i] = s.Line
	}
	return distinct(lines, "seed=")
}

// distinct returns, for each configuration string, the settings (fields
// key=value) in which it differs from the others, leaving out the fields
// that start with drop (if not empty); all of them when there is one, or
// when it differs in nothing.
func distinct(lines []string, drop string) []string {
	fields := make([][]string, len(lines))
	for i, line := range lines {
		for _, f := range strings.Fields(line) {
			if drop == "" || !strings.HasPrefix(f, drop) {
				fields[i] = append(fields[i], f)
			}
		}
	}
	names := make([]string, len(lines))
	for i, fs := range fields {
		var keep []string
		for _, f := range fs {
			if len(lines) == 1 || !everywhere(fields, f) {
				keep = append(keep, f)
			}
		}
		if len(keep) == 0 {
			keep = fs
		}
		names[i] = strings.Join(keep, " ")
	}
	return names
}

func everywhere(fields [][]string, f string) bool {
	for _, fs := range fields {
		if !slices.Contains(fs, f) {
			return false
		}
	}
	return true
}

// Progress draws a sweep's progress on one line: a bar, the runs done, the
// runs per second and the time left.
type Progress struct {
	bar   progress.Model
	start time.Time
	now   func() time.Time
}

// NewProgress returns a progress line of width cells that starts timing
// now; clock nil means time.Now.
func NewProgress(width int, clock func() time.Time) *Progress {
	if clock == nil {
		clock = time.Now
	}
	bar := progress.New(progress.WithDefaultBlend(), progress.WithWidth(max(width-40, 10)))
	return &Progress{bar: bar, start: clock(), now: clock}
}

// Line returns the progress line for done of total runs.
func (p *Progress) Line(done, total int) string {
	el := p.now().Sub(p.start).Seconds()
	rate, left := 0.0, "–"
	if el > 0 && done > 0 {
		rate = float64(done) / el
		left = (time.Duration(float64(total-done) / rate * float64(time.Second))).Round(time.Second).String()
	}
	return fmt.Sprintf("%s %d/%d runs · %.1f runs/s · %s left", p.bar.ViewAs(float64(done)/float64(max(total, 1))), done, total, rate, left)
}
