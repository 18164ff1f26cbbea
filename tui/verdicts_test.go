package tui

import (
	"strings"
	"testing"

	"relulab/train"
)

// TestNoStaleTrainMSEAfterAChange pauses the lab, steps it, and checks
// that after h or d the legend shows the training MSE as not measured (–)
// beside the fresh held-out one, and that the next step measures it.
func TestNoStaleTrainMSEAfterAChange(t *testing.T) {
	for _, k := range []string{"h", "d"} {
		a := newTestApp(t, train.DefaultConfig(), 120, 40)
		press(a, "n", "n")
		if s := screen(a); strings.Contains(s, "train –") {
			t.Fatalf("%s: no train MSE after two epochs:\n%s", k, s)
		}
		press(a, k)
		if s := screen(a); !strings.Contains(s, "train –") || strings.Contains(s, "held-out –") {
			t.Errorf("%s: the legend after the change:\n%s", k, s)
		}
		press(a, "n")
		if s := screen(a); strings.Contains(s, "train –") {
			t.Errorf("%s: a step after the change did not measure the train MSE:\n%s", k, s)
		}
	}
}

// TestWideNetOptimumIsABound checks that the chart's legend marks the
// optimum of a network wider than the reference table as a bound.
func TestWideNetOptimumIsABound(t *testing.T) {
	c := train.DefaultConfig()
	if s := screen(newTestApp(t, c, 120, 40)); !strings.Contains(s, "optimum 1.04e-3") {
		t.Errorf("h=3: legend lacks the optimum:\n%s", s)
	}
	c.Hidden = []int{12}
	if s := screen(newTestApp(t, c, 120, 40)); !strings.Contains(s, "optimum ≤2.10e-5") {
		t.Errorf("h=12: legend lacks the bound:\n%s", s)
	}
}
