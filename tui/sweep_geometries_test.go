package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"relulab/train"
)

// TestSweepTableListsGeometries checks that a sweep of four ReLUs lists,
// under the table, the runs of each geometry whose name says more than its
// family, most first, and that a sweep with only family names lists none.
func TestSweepTableListsGeometries(t *testing.T) {
	c := train.DefaultConfig()
	c.Hidden = []int{4}
	var rs []train.RunResult
	for i, b := range []train.Basin{"valley + 2 weak", "pyramid of 3 lines + 1 unused", "pyramid of 3 lines + 1 unused", train.Valley} {
		rs = append(rs, train.RunResult{Seed: uint64(i + 1), TestMSE: 1e-3, Basin: b})
	}
	out := ansi.Strip(SweepTable(train.Summarize([]train.Config{c}, rs, false), true, 0))
	if !strings.Contains(out, "geometries of ") || !strings.Contains(out, "pyramid of 3 lines + 1 unused: 2 · valley + 2 weak: 1") {
		t.Errorf("no geometries, or out of order:\n%s", out)
	}
	rs[0].Basin, rs[1].Basin, rs[2].Basin = train.Pyramid, train.Ramp, train.Flat
	if out := SweepTable(train.Summarize([]train.Config{c}, rs, false), true, 0); strings.Contains(out, "geometries") {
		t.Errorf("family names listed as geometries:\n%s", out)
	}
}

// TestSweepTableListsBins checks that a sweep of the amplitude spectrum
// lists, under the table, the runs with every bin optimal, each bin's
// shapes and the outcomes, and that a sweep of |x+iy| lists none.
func TestSweepTableListsBins(t *testing.T) {
	c := train.DefaultConfig()
	var rs []train.RunResult
	for i, bins := range [][]train.Basin{{train.Fold, train.Pyramid, train.Fold}, {train.Fold, train.Valley, train.DeadBin}, {train.Fold, train.Pyramid, train.Fold}} {
		rs = append(rs, train.RunResult{Seed: uint64(i + 1), TestMSE: 1e-3, Bins: bins, Spectrum: fmt.Sprint("outcome ", i%2)})
	}
	out := ansi.Strip(SweepTable(train.Summarize([]train.Config{c}, rs, false), true, 0))
	for _, want := range []string{"every bin optimal (pyramids and folds): 2 of 3, 67%", "bin 1: pyramid 2, valley 1", "bin 2: fold 2, dead 1", "2  outcome 0\n  1  outcome 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if out := SweepTable(train.Summarize([]train.Config{c}, []train.RunResult{{Seed: 1, Basin: train.Valley}}, false), true, 0); strings.Contains(out, "bins of") {
		t.Errorf("a sweep of |x+iy| lists bins:\n%s", out)
	}
}
