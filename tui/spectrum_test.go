package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"relulab/train"
)

// TestSpectrumLab draws --task spectrum:4 and spectrum:8 after a few
// steps at 80×24 and 120×40: the right panel lists every bin's held-out
// MSE where the |x+iy| heatmap would be, the neuron table shows weight
// norms, and the keys that rebuild the network (width, activation, data,
// heatmap mode) and a comparison keep the lab drawing within its size.
func TestSpectrumLab(t *testing.T) {
	for _, k := range []train.Task{train.TaskSpectrum4, train.TaskSpectrum8} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			a := newTestApp(t, train.TaskConfig(k), size[0], size[1])
			press(a, "n", "n")
			check := func(step string) string {
				t.Helper()
				s := ansi.Strip(shown(t, a, colorprofile.ASCII))
				lines := strings.Split(s, "\n")
				if len(lines) != size[1] {
					t.Errorf("%v %v %s: %d lines", k, size, step, len(lines))
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Errorf("%v %v %s: line %d is %d cells wide", k, size, step, i, w)
					}
				}
				return s
			}
			s := check("start")
			nyq := map[train.Task]string{train.TaskSpectrum4: "bin 2  Nyq", train.TaskSpectrum8: "bin 4  Nyq"}[k]
			for _, want := range []string{"held-out MSE per bin", "bin 0  DC", nyq, "|w|"} {
				if !strings.Contains(s, want) {
					t.Errorf("%v %v: the lab does not show %q:\n%s", k, size, want, s)
				}
			}
			for _, key := range []string{"h", "a", "d", "m", "n"} {
				press(a, key)
				check("after " + key)
			}
		}
	}
}

// TestSpectrumTrials opens the trials of --task spectrum:4, whose default
// comparison is the recipe, and draws them.
func TestSpectrumTrials(t *testing.T) {
	a, err := NewTrials(train.TaskConfig(train.TaskSpectrum4), []uint64{1, 2}, "", Options{Paused: true, SaveDir: t.TempDir()})
	if err != nil {
		t.Fatalf("trials --task spectrum:4: %v", err)
	}
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	press(a, "n", "n")
	if s := ansi.Strip(shown(t, a, colorprofile.ASCII)); !strings.Contains(s, "bin 1 plane") {
		t.Errorf("the trials' heatmaps do not say which plane they show:\n%s", s)
	}
}
