package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"relulab/train"
)

// TestSelectByKeys selects neurons with the digits, tab and shift+tab: a
// digit again clears the selection, tab steps through the neurons and
// none, and a digit beyond the layer says so.
func TestSelectByKeys(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	steps := []struct {
		key  string
		want int
	}{
		{"2", 1}, {"2", -1}, {"3", 2}, {"tab", -1}, {"tab", 0}, {"tab", 1},
		{"shift+tab", 0}, {"shift+tab", -1}, {"shift+tab", 2},
	}
	for _, s := range steps {
		press(a, s.key)
		if a.selectedNeuron() != s.want {
			t.Fatalf("after %s: selected %d, want %d", s.key, a.selectedNeuron(), s.want)
		}
	}
	if !strings.Contains(screen(a), "▶ 3 ") || !strings.Contains(screen(a), "neuron 3 selected") {
		t.Errorf("neuron 3's row is not marked:\n%s", screen(a))
	}
	press(a, "7")
	if a.selectedNeuron() != 2 || !strings.Contains(screen(a), "no neuron 7: the first layer has 3") {
		t.Errorf("7 on three neurons: selected %d\n%s", a.selectedNeuron(), lastLines(screen(a)))
	}
	press(a, "H") // neuron 3 dropped: the selection goes with it
	if a.selectedNeuron() != -1 {
		t.Errorf("neuron 3 dropped, still selected %d", a.selectedNeuron())
	}
}

// TestSelectInCompare: in a comparison's columns tab focuses a column and
// the digits select nothing; a column opened full-screen selects.
func TestSelectInCompare(t *testing.T) {
	b := train.DefaultConfig()
	b.Seed = 2
	a := newTestCompare(t, []train.Config{train.DefaultConfig(), b}, 120, 40)
	press(a, "tab", "1")
	if a.focus != 0 || a.selectedNeuron() != -1 {
		t.Fatalf("focus %d, selected %d", a.focus, a.selectedNeuron())
	}
	press(a, "enter", "1")
	if a.selectedNeuron() != 0 {
		t.Errorf("full-screen: selected %d, want 0", a.selectedNeuron())
	}
	a.selectNeuron(5)
	if a.selectedNeuron() != -1 {
		t.Errorf("selectNeuron(5) of 3 selected %d", a.selectedNeuron())
	}
}

// TestSelectByClick clicks a neuron's table row, then a cell of another
// neuron's boundary line on the heatmap; a click on a selected row clears
// the selection, one on a selected line keeps it (it grabs the line).
func TestSelectByClick(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	l := a.layout
	click := func(x, y int) {
		a.Update(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
		a.Update(tea.MouseReleaseMsg{X: x, Y: y, Button: tea.MouseLeft})
	}
	click(l.table.x+5, l.table.y+2+1)
	if a.selectedNeuron() != 1 {
		t.Fatalf("row 2 clicked: selected %d", a.selectedNeuron())
	}
	h := a.current.heat
	for k, o := range h.marks {
		if o.neuron != 2 {
			continue
		}
		for range 2 {
			click(l.heat.x+1+k%h.nx, l.heat.y+1+k/h.nx)
			if a.selectedNeuron() != 2 {
				t.Fatalf("neuron 3's line clicked at cell %d: selected %d", k, a.selectedNeuron())
			}
		}
		click(l.table.x+5, l.table.y+2+2)
		if a.selectedNeuron() != -1 {
			t.Errorf("the selected row clicked: selected %d", a.selectedNeuron())
		}
		return
	}
	t.Fatal("neuron 3 draws no line")
}

// TestSelectedLineStandsOut: without colour the selected neuron's strokes
// are drawn █, and only its.
func TestSelectedLineStandsOut(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	a.Update(tea.ColorProfileMsg{Profile: colorprofile.ASCII})
	heat := func() string {
		var b strings.Builder
		for _, line := range strings.Split(screen(a), "\n")[a.layout.heat.y+1 : a.layout.heat.y+1+a.layout.heatRows] {
			b.WriteString(string([]rune(line)[a.layout.heat.x:]))
		}
		return b.String()
	}
	if strings.Contains(heat(), "█") {
		t.Fatal("█ before a selection")
	}
	press(a, "1")
	strokes := 0
	for _, o := range a.current.heat.marks {
		if o.neuron == 0 && strings.ContainsRune(lineStrokes, o.glyph) {
			strokes++
		}
	}
	if got := strings.Count(heat(), "█"); got != strokes || got == 0 {
		t.Errorf("%d cells █, want neuron 1's %d strokes", got, strokes)
	}
}

// TestNoLinesOffTheHeatmap: in the loss landscape mode the heatmap draws
// no boundary lines, and a click there selects and grabs none.
func TestNoLinesOffTheHeatmap(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	for a.mode != modeLandscape {
		press(a, "m")
	}
	in := a.heatInside()
	for y := in.y; y < in.y+in.h; y++ {
		for x := in.x; x < in.x+in.w; x++ {
			a.Update(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
			if a.selectedNeuron() != -1 || a.drag != nil {
				t.Fatalf("a click at (%d, %d) of the landscape selected %d", x, y, a.selectedNeuron())
			}
		}
	}
}
