package tui

import (
	"fmt"
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
			for _, want := range []string{"held-out MSE", "bin 0  DC", nyq, "|w|", "1 target", "  net"} {
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

// TestSpectrumBinKeys presses the bin keys and m in the lab of
// --task spectrum:8: m swaps the spectrum panel for the heatmap of the
// chosen bin's plane, whose title names the bin; . and , step through the
// complex bins 1 … 3, wrapping; the surface is that bin's, and the
// spectrum panel marks the bin.
func TestSpectrumBinKeys(t *testing.T) {
	a := newTestApp(t, train.TaskConfig(train.TaskSpectrum8), 120, 40)
	press(a, "n")
	screen := func() string { return ansi.Strip(shown(t, a, colorprofile.ASCII)) }
	if s := screen(); !strings.Contains(s, "▸bin 1 ") || strings.Contains(s, "error over its plane") {
		t.Errorf("at the start: want the spectrum panel with bin 1 marked:\n%s", s)
	}
	press(a, "m")
	for _, step := range []struct {
		key string
		bin int
	}{{"", 1}, {".", 2}, {".", 3}, {".", 1}, {",", 3}, {",", 2}} {
		if step.key != "" {
			press(a, step.key)
		}
		s := screen()
		if want := fmt.Sprintf("bin %d: error over its plane", step.bin); !strings.Contains(s, want) {
			t.Errorf("after %q: the heatmap's title lacks %q:\n%s", step.key, want, s)
		}
		if a.current.surface == nil || a.current.surface.Bin != step.bin {
			t.Errorf("after %q: the surface is not bin %d's plane", step.key, step.bin)
		}
	}
	press(a, "m")
	if s := screen(); !strings.Contains(s, "▸bin 2 ") {
		t.Errorf("back on the spectrum panel: bin 2 is not marked:\n%s", s)
	}
}

// TestSpectrumTable checks that the neuron table of --task spectrum:8
// shows each unit's dominant bin, its share and the angle in that bin's
// plane as train.SpectralUnits reads them.
func TestSpectrumTable(t *testing.T) {
	a := newTestApp(t, train.TaskConfig(train.TaskSpectrum8), 120, 40)
	press(a, "n", "n", "n")
	us, err := train.SpectralUnits(8, a.current.snap.Neurons)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(ansi.Strip(shown(t, a, colorprofile.ASCII)), "\n")
	for _, u := range us {
		want := fmt.Sprintf("%2d %4.0f%%", u.Bin, 100*u.Share)
		angle := fmt.Sprintf("%6.0f°", u.Angle)
		found := false
		for _, l := range lines {
			if f := strings.Fields(strings.Trim(l, "│ ▶")); len(f) > 0 && f[0] == fmt.Sprint(u.Num) && strings.Contains(l, want) && strings.Contains(l, angle) {
				found = true
			}
		}
		if !found {
			t.Errorf("unit %d: no table row with bin and share %q and angle %q:\n%s", u.Num, want, angle, strings.Join(lines, "\n"))
		}
	}
}

// TestGoldenSpectrum draws --task spectrum:8 after 40 epochs at 80×24
// and 120×40 in every colour profile: the spectrum panel, then (m, .) the
// error over bin 2's plane.
func TestGoldenSpectrum(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		a := newTestApp(t, train.TaskConfig(train.TaskSpectrum8), size[0], size[1])
		for range 40 {
			press(a, "n")
		}
		goldenProfiles(t, a, "spectrum", size[0], size[1])
		press(a, "m", ".")
		goldenProfiles(t, a, "spectrum_bin2", size[0], size[1])
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

// TestSpectrumManyBins draws --task spectrum:32, whose 17 bins do not fit
// the panel at 80×24: it lists the chosen bin among those that fit and
// says which bins it shows, and . moves the window with the chosen bin.
func TestSpectrumManyBins(t *testing.T) {
	a := newTestApp(t, train.TaskConfig(train.TaskSpectrum32), 80, 24)
	s := ansi.Strip(shown(t, a, colorprofile.ASCII))
	if !strings.Contains(s, "▸bin 1 ") || !strings.Contains(s, "bins 0–") || !strings.Contains(s, "of 0–16") {
		t.Fatalf("spectrum:32 at 80x24 does not list the chosen bin 1 and say which bins it shows:\n%s", s)
	}
	for range 9 {
		press(a, ".")
	}
	s = ansi.Strip(shown(t, a, colorprofile.ASCII))
	if !strings.Contains(s, "▸bin 10") || strings.Contains(s, "bins 0–") {
		t.Fatalf("after 9 presses of . the panel does not list bin 10 in a moved window:\n%s", s)
	}
}

func TestBinWindow(t *testing.T) {
	for _, c := range []struct{ total, chosen, h, lo, hi int }{
		{5, 1, 10, 0, 5}, {5, 1, 5, 0, 5}, {17, 1, 8, 0, 7}, {17, 10, 8, 7, 14}, {17, 15, 8, 10, 17},
	} {
		if lo, hi := binWindow(c.total, c.chosen, c.h); lo != c.lo || hi != c.hi {
			t.Errorf("binWindow(%d, %d, %d) = %d, %d; want %d, %d", c.total, c.chosen, c.h, lo, hi, c.lo, c.hi)
		}
	}
}
