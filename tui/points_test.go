package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"relulab/train"
)

// TestPointsKey presses p on a lab: the points appear on the heatmap in
// the cells their coordinates fall in, and nowhere else, the axes get
// their ticks and the events line says so; p again takes them away.
func TestPointsKey(t *testing.T) {
	c := train.DefaultConfig()
	c.Seed = 6
	a := newTestApp(t, c, 120, 40)
	press(a, "n", "n")
	if a.showPoints || strings.Contains(heatText(a), string(pointGlyph)) {
		t.Fatal("points drawn before p")
	}
	press(a, "p")
	if !a.showPoints {
		t.Fatal("p did not turn the points on")
	}
	g, l := a.current.surface, a.layout
	x, y, _ := train.TrainingInputs(c)
	drawn := min(len(x), g.NX*(g.NY/2)/pointShare)
	if ev := screen(a); !strings.Contains(ev, fmt.Sprintf("points on: the first %d of %d training points", drawn, len(x))) {
		t.Errorf("the events line does not say how many points are on screen:\n%s", lastLines(ev))
	}
	marks := boundaryMarks(g, a.current.snap.Neurons)
	want := map[[2]int]bool{}
	for k := range drawn {
		if r, i, ok := cellOf(x[k], y[k], g.Extent, g.NX, g.NY/2); ok {
			if _, crossed := marks[r*g.NX+i]; !crossed {
				want[[2]int{r, i}] = true
			}
		}
	}
	if len(want) < drawn/2 {
		t.Fatalf("only %d of %d points in cells no line crosses", len(want), drawn)
	}
	rows := strings.Split(screen(a), "\n")
	got := map[[2]int]bool{}
	for r := range g.NY / 2 {
		cells := []rune(ansi.Strip(rows[l.heat.y+1+r]))
		for i := range g.NX {
			if cells[l.heat.x+1+i] == pointGlyph {
				got[[2]int{r, i}] = true
			}
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("no point in cell %v", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("a point in cell %v, where none falls", k)
		}
	}
	// The first point, by hand: x[0] = -e + (i + f)·2e/NX for its column i.
	if r, i, ok := cellOf(x[0], y[0], 1, g.NX, g.NY/2); ok {
		if lo, hi := -1+2*float64(i)/float64(g.NX), -1+2*float64(i+1)/float64(g.NX); x[0] < lo || x[0] >= hi {
			t.Errorf("point x=%v put in column %d, [%v, %v)", x[0], i, lo, hi)
		}
		if lo, hi := 1-2*float64(r+1)/float64(g.NY/2), 1-2*float64(r)/float64(g.NY/2); y[0] <= lo || y[0] > hi {
			t.Errorf("point y=%v put in row %d, (%v, %v]", y[0], r, lo, hi)
		}
	}
	bottom := []rune(ansi.Strip(rows[l.heat.y+l.heat.h-1]))[l.heat.x:]
	if s := string(bottom); !strings.HasPrefix(s, "╰-1") || !strings.HasSuffix(s, "1╯") || !strings.Contains(s, "─0─") {
		t.Errorf("the heatmap's bottom border has no ticks −1, 0, 1: %q", s)
	}
	if tees := strings.Count(heatLeftEdge(a), "├"); tees < 3 {
		t.Errorf("%d ticks on the left edge; want at least −1, 0, 1", tees)
	}
	press(a, "p")
	if a.showPoints || strings.Contains(heatText(a), string(pointGlyph)) || strings.Contains(heatLeftEdge(a), "├") {
		t.Error("a second p left points or ticks")
	}
	if !strings.Contains(screen(a), "points and ticks off") {
		t.Errorf("the events line does not say the points are off:\n%s", lastLines(screen(a)))
	}
}

// heatText returns the heatmap's cells as the screen shows them.
func heatText(a *App) string {
	l, rows := a.layout, strings.Split(screen(a), "\n")
	var b strings.Builder
	for r := l.heat.y + 1; r < l.heat.y+l.heat.h-1; r++ {
		b.WriteString(string([]rune(rows[r])[l.heat.x+1:l.heat.x+l.heat.w-1]) + "\n")
	}
	return b.String()
}

// heatLeftEdge returns the left border of the heatmap's box.
func heatLeftEdge(a *App) string {
	l, rows := a.layout, strings.Split(screen(a), "\n")
	var b strings.Builder
	for r := l.heat.y; r < l.heat.y+l.heat.h; r++ {
		b.WriteRune([]rune(rows[r])[l.heat.x])
	}
	return b.String()
}

// TestGoldenPoints draws seed 6 after 40 epochs with points and ticks at
// two sizes in every colour profile.
func TestGoldenPoints(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {200, 60}} {
		for _, pr := range profiles {
			golden(t, fmt.Sprintf("points_%dx%d_%s", size[0], size[1], pr.name), shown(t, pointsApp(t, size[0], size[1]), pr.p))
		}
	}
}

// pointsApp returns the lab of seed 6 after 40 epochs at w×h with the
// points on.
func pointsApp(t *testing.T, w, h int) *App {
	c := train.DefaultConfig()
	c.Seed = 6
	a := trainedApp(t, c, w, h)
	press(a, "p")
	return a
}

// TestPointsKeyCompare presses p in a comparison of two runs: both
// columns draw points, which no column drew before, and the events line
// says the ticks are the lab view's.
func TestPointsKeyCompare(t *testing.T) {
	a := newTestCompare(t, actConfigs(2), 120, 40)
	press(a, "n")
	halves := func() (left, right int) {
		for _, l := range strings.Split(screen(a), "\n") {
			if strings.HasPrefix(l, "events") { // the help below separates keys with •
				break
			}
			r := []rune(l)
			left += strings.Count(string(r[:min(60, len(r))]), string(pointGlyph))
			right += strings.Count(string(r[min(60, len(r)):]), string(pointGlyph))
		}
		return left, right
	}
	if l, r := halves(); l+r != 0 {
		t.Fatalf("%d points drawn before p", l+r)
	}
	press(a, "p")
	if l, r := halves(); l < 20 || r < 20 {
		t.Errorf("%d points in the left column, %d in the right; want both drawn", l, r)
	}
	if s := screen(a); !strings.Contains(s, "on every column; the lab view adds ticks") {
		t.Errorf("the events line does not say where the points are:\n%s", lastLines(s))
	}
}
