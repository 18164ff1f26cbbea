package tui

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"relulab/train"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// newTestApp returns a paused lab of c at w×h with a still clock.
func newTestApp(t testing.TB, c train.Config, w, h int) *App {
	t.Helper()
	return newTestCompare(t, []train.Config{c}, w, h)
}

// newTestCompare returns a paused comparison of cs at w×h with a still
// clock.
func newTestCompare(t testing.TB, cs []train.Config, w, h int) *App {
	t.Helper()
	clock := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	a, err := NewCompare(cs, Options{Paused: true, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

// namedKeys are the keys press knows by name.
var namedKeys = map[string]tea.KeyPressMsg{
	"space":     {Code: tea.KeySpace, Text: " "},
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"enter":     {Code: tea.KeyEnter},
	"esc":       {Code: tea.KeyEscape},
	"left":      {Code: tea.KeyLeft},
	"right":     {Code: tea.KeyRight},
	"up":        {Code: tea.KeyUp},
	"down":      {Code: tea.KeyDown},
}

// press sends key presses: single characters, or the names in namedKeys.
func press(a *App, keys ...string) {
	for _, k := range keys {
		msg, ok := namedKeys[k]
		if !ok {
			msg = tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
		}
		a.Update(msg)
	}
}

// screen returns the view without colours.
func screen(a *App) string { return ansi.Strip(a.View().Content) }

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -update to write it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; run go test ./tui -update and review the diff.\ngot:\n%s", name, ansi.Strip(got))
	}
}

// profiles are the colour profiles the goldens are drawn in, by the
// name in their file names.
var profiles = []struct {
	name string
	p    colorprofile.Profile
}{
	{"16", colorprofile.ANSI}, {"256", colorprofile.ANSI256},
	{"truecolor", colorprofile.TrueColor}, {"nocolor", colorprofile.ASCII},
}

// shown returns the view as a terminal of profile p receives it: the lab
// told its profile, and the screen downsampled as Bubble Tea's renderer
// does (colorprofile converts every colour to the profile).
func shown(t testing.TB, a *App, p colorprofile.Profile) string {
	t.Helper()
	a.Update(tea.ColorProfileMsg{Profile: p})
	var b strings.Builder
	w := &colorprofile.Writer{Forward: &b, Profile: p}
	if _, err := w.WriteString(a.View().Content); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGoldenViews draws seed 6 after 40 epochs at three sizes in every
// colour profile.
func TestGoldenViews(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		c := train.DefaultConfig()
		c.Seed = 6
		a := newTestApp(t, c, size[0], size[1])
		for range 40 {
			press(a, "n")
		}
		goldenProfiles(t, a, "view", size[0], size[1])
	}
}

// goldenProfiles checks the view of a, w×h cells, in every colour profile
// against the golden files name_<w>x<h>_<profile>: h lines, none wider
// than w.
func goldenProfiles(t *testing.T, a *App, name string, w, h int) {
	t.Helper()
	for _, pr := range profiles {
		s := shown(t, a, pr.p)
		lines := strings.Split(ansi.Strip(s), "\n")
		if len(lines) != h {
			t.Errorf("%s %dx%d: %d lines", name, w, h, len(lines))
		}
		for i, l := range lines {
			if lw := ansi.StringWidth(l); lw > w {
				t.Errorf("%s %dx%d: line %d is %d cells wide", name, w, h, i, lw)
			}
		}
		golden(t, fmt.Sprintf("%s_%dx%d_%s", name, w, h, pr.name), s)
	}
}
