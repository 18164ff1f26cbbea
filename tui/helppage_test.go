package tui

import (
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"relulab/train"
)

// TestHelpHintsWrapWhole checks that the help page's closing hints (what
// m shows, what k changes, the recipe) are wrapped to the width and read
// in full: none is cut off at the right edge.
func TestHelpHintsWrapWhole(t *testing.T) {
	for _, w := range []int{80, 120} {
		a := newTestApp(t, train.DefaultConfig(), w, 24)
		lines := a.helpContent(w)
		for i, l := range lines {
			if n := ansi.StringWidth(l); n > w {
				t.Errorf("width %d: line %d is %d cells wide: %q", w, i, n, ansi.Strip(l))
			}
		}
		var words []string
		for _, l := range lines {
			words = append(words, strings.Fields(ansi.Strip(l))...)
		}
		all := strings.Join(words, " ")
		for _, hint := range []string{modesHint, knobsHint, recipeHint} {
			if !strings.Contains(all, strings.Join(strings.Fields(hint), " ")) {
				t.Errorf("width %d: the help does not read in full %q", w, hint)
			}
		}
	}
}

// TestHelpNamesNeuronGlyphs: the help and the README say that the lines of
// neurons 10 and up are marked a, b, c…, as neuronGlyphs draws them.
func TestHelpNamesNeuronGlyphs(t *testing.T) {
	if neuronGlyphs[9:12] != "abc" {
		t.Fatalf("neurons 10–12 are drawn %q; the help says a, b, c", neuronGlyphs[9:12])
	}
	if !strings.Contains(modesHint, "neurons 10 and up with a, b, c…") {
		t.Errorf("the help's heatmap hint does not say how neurons 10 and up are marked: %q", modesHint)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), "(neurons 10 and up with a, b, c…)") {
		t.Error("the README's heatmap paragraph does not say how neurons 10 and up are marked")
	}
}
