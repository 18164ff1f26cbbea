package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"relulab/train"
)

// TestSweepTableCountsOutcomesWithoutBasins checks that a sweep of --task
// relu shows its runs by outcome, not basin columns that would all be 0,
// at every width, and that beside --task abs a basin cell of relu is "–"
// and abs's runs are counted by outcome too.
func TestSweepTableCountsOutcomesWithoutBasins(t *testing.T) {
	relu := train.TaskConfig(train.TaskReLU)
	var rs []train.RunResult
	for i := range 10 {
		o := train.Dead
		if i < 3 {
			o = train.Fitted
		}
		rs = append(rs, train.RunResult{Seed: uint64(i + 1), TestMSE: 0.5, Outcome: o, Dead: int(train.Dead - o)})
	}
	ss := train.Summarize([]train.Config{relu}, rs, false)
	for _, width := range []int{0, 120, 80, 60, 40} {
		out := ansi.Strip(SweepTable(ss, true, width))
		flat := strings.Join(strings.Fields(strings.ReplaceAll(out, "│", " ")), " ")
		if strings.Contains(out, "pyr") || strings.Contains(out, "valley") || !strings.Contains(out, "dead") ||
			!strings.Contains(flat, " 7 ") || !strings.Contains(flat, "30% [") {
			t.Errorf("width %d: want the 7 dead runs counted and no basins:\n%s", width, out)
		}
	}
	abs := train.DefaultConfig()
	for i := range rs {
		rs[i].Config = 1
	}
	rs = append(rs, train.RunResult{Config: 0, Seed: 1, TestMSE: 1e-3, Outcome: train.Fitted, Basin: train.Pyramid})
	out := ansi.Strip(SweepTable(train.Summarize([]train.Config{abs, relu}, rs, false), true, 0))
	lines := strings.Split(out, "\n")
	head, absRow, reluRow := strings.Split(lines[1], "│"), lines[3], lines[4] // best fitted rate first
	if !strings.Contains(reluRow, "task=relu") {
		t.Fatalf("rows out of order:\n%s", out)
	}
	cell := func(row, name string) string {
		for i, h := range head {
			if strings.TrimSpace(h) == name {
				return strings.TrimSpace(strings.Split(row, "│")[i])
			}
		}
		return "no column " + name
	}
	if cell(absRow, "pyramid") != "1" || cell(reluRow, "pyramid") != "–" || cell(reluRow, "dead") != "7" || cell(absRow, "dead") != "0" {
		t.Errorf("abs and relu: pyramid %q %q, dead %q %q:\n%s", cell(absRow, "pyramid"), cell(reluRow, "pyramid"),
			cell(absRow, "dead"), cell(reluRow, "dead"), out)
	}
}
