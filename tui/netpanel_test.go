package tui

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"

	"relulab/train"
)

// netApp returns the lab of seed 6 with width neurons after 40 epochs at
// w×h, with the network panel on.
func netApp(t testing.TB, width, w, h int) *App {
	t.Helper()
	c := train.DefaultConfig()
	c.Seed, c.Hidden = 6, []int{width}
	a := trainedApp(t, c, w, h)
	press(a, "N")
	return a
}

// trainedApp returns a paused lab of c at w×h after 40 epochs, each a
// press of n.
func trainedApp(t testing.TB, c train.Config, w, h int) *App {
	t.Helper()
	a := newTestApp(t, c, w, h)
	for range 40 {
		press(a, "n")
	}
	return a
}

// TestNetworkKey presses N on a lab: the panel takes the lower part of the
// chart's column with a tile per neuron, each tile inside it and the chart
// above keeping minChartRows; the events line says so; N again gives the
// chart its column back.
func TestNetworkKey(t *testing.T) {
	c := train.DefaultConfig()
	c.Seed = 6
	a := newTestApp(t, c, 120, 40)
	press(a, "n", "n")
	full := a.layout.chart
	if a.network || strings.Contains(screen(a), "network ·") {
		t.Fatal("the panel is drawn before N")
	}
	press(a, "N")
	l := a.layout
	if !a.network || !strings.Contains(screen(a), "╭─ network · each neuron's activation, v to the output") {
		t.Fatalf("N drew no panel:\n%s", screen(a))
	}
	if l.chart.h < minChartRows || l.chart.h+l.panel.h != full.h || l.panel.y != l.chart.y+l.chart.h || l.panel.w != full.w {
		t.Errorf("chart %+v and panel %+v do not share the chart's column %+v", l.chart, l.panel, full)
	}
	if len(a.netTiles) != 3 {
		t.Fatalf("%d tiles for 3 neurons", len(a.netTiles))
	}
	inside := rect{l.panel.x + 1, l.panel.y + 1, l.panel.w - 2, l.panel.h - 2}
	for i, tl := range a.netTiles {
		if tl.neuron != i || !inside.contains(tl.at.x, tl.at.y) || !inside.contains(tl.at.x+tl.at.w-1, tl.at.y+tl.at.h-1) {
			t.Errorf("tile %d: %+v outside the panel's inside %+v", i, tl, inside)
		}
	}
	if s := screen(a); !strings.Contains(s, "network panel on: each neuron's activation") {
		t.Errorf("the events line does not say what N did:\n%s", lastLines(s))
	}
	press(a, "N")
	if a.network || a.layout.chart != full || strings.Contains(screen(a), "network ·") || len(a.netTiles) != 0 {
		t.Errorf("a second N left the panel: chart %+v, want %+v", a.layout.chart, full)
	}
	if !strings.Contains(screen(a), "network panel off") {
		t.Errorf("the events line does not say the panel is off:\n%s", lastLines(screen(a)))
	}
}

// TestNetworkThumbnails checks each thumbnail against its neuron's
// activation computed here from the snapshot's weights: pixel (i, r) of a
// thumbnail s pixels square shows max(0, w·p + b) at the pixel's centre
// p = (e(2(i+½)/s − 1), e(1 − 2(r+½)/s)), on the scale shared by all.
func TestNetworkThumbnails(t *testing.T) {
	a := netApp(t, 3, 120, 40)
	s := a.layout.thumbs.size
	th := a.current.thumbs
	e := a.current.snap.Config.Data.Extent()
	if th.scale.diverging || th.scale.lo != 0 {
		t.Fatalf("ReLU activations on the scale %+v; want one from 0", th.scale)
	}
	top := 0.0
	for j, n := range a.current.snap.Neurons {
		wrong := 0
		for r := range s {
			for i := range s {
				x, y := e*(2*(float64(i)+0.5)/float64(s)-1), e*(1-2*(float64(r)+0.5)/float64(s))
				v := max(0, n.W[0]*x+n.W[1]*y+n.B)
				top = max(top, v)
				if want := int16(math.Round(th.scale.level(v))); th.heats[j].pix[r*s+i] != want {
					wrong++
				}
			}
		}
		if wrong > 0 {
			t.Errorf("neuron %d: %d of %d pixels not at the level of its activation", j+1, wrong, s*s)
		}
	}
	if th.scale.hi < top || th.scale.hi > 2*top {
		t.Errorf("scale up to %v for activations up to %v", th.scale.hi, top)
	}
	drawn := th.drawn
	a.render()
	_ = a.View()
	if th.drawn != drawn || a.current.thumbs != th {
		t.Error("drawing the screen again without a new snapshot drew the thumbnails again")
	}
	press(a, "n")
	if th.drawn == drawn {
		t.Error("a new epoch did not draw the thumbnails again")
	}
}

// TestNetworkCaptions checks the captions: state words for a dead and a
// weak neuron, and the outgoing weight's sign and bar, longest for the
// largest |v|.
func TestNetworkCaptions(t *testing.T) {
	st := NewStyles(true)
	dead := train.Neuron{Index: 1, W: []float64{1, 0}, V: []float64{-0.5}, Dead: true}
	weak := train.Neuron{Index: 2, W: []float64{1, 0}, V: []float64{0.25}, Weak: true}
	coll := train.Neuron{Index: 3, W: []float64{1, 0}, V: []float64{1}, CollapsedWith: []int{0, 2}}
	for _, c := range []struct {
		n    train.Neuron
		w    int
		want string
	}{
		{dead, 20, " 2 dead"}, {dead, 4, " 2 d"}, {weak, 20, " 3 weak"},
		{coll, 24, " 4 collapsed with 1, 3"}, {coll, 10, " 4 ≡ 1, 3"}, {coll, 6, " 4 ≡"},
	} {
		if got := ansi.Strip(tileName(st, c.n, false, c.w)); got != c.want {
			t.Errorf("%d cells: %q, want %q", c.w, got, c.want)
		}
	}
	if got := ansi.Strip(tileName(st, weak, true, 20)); got != "▶3 weak" {
		t.Errorf("selected: %q", got)
	}
	for _, c := range []struct {
		v    float64
		w    int
		want string
	}{
		{-0.5, 20, "-0.50 ━━━━━━━"}, {1, 20, "+1.00 ━━━━━━━━━━━━━━"}, {0.25, 20, "+0.25 ━━━━"},
		{0.25, 8, "+━━"}, {-1, 8, "−━━━━━━━"}, {0.001, 8, "+━"}, {0, 8, "+"},
	} {
		if got := ansi.Strip(tileWeight(st, c.v, false, 1, c.w)); got != c.want {
			t.Errorf("v %v in %d cells: %q, want %q", c.v, c.w, got, c.want)
		}
	}
}

// TestNetworkClick clicks the second tile: its neuron is selected, its
// table row marked and its caption too; a second click clears the
// selection. A click between tiles selects nothing.
func TestNetworkClick(t *testing.T) {
	a := netApp(t, 3, 120, 40)
	tl := a.netTiles[1]
	a.Update(tea.MouseClickMsg{X: tl.at.x + tl.at.w/2, Y: tl.at.y + 1})
	if a.selected != 1 {
		t.Fatalf("a click on tile 2 selected %d", a.selected)
	}
	s := screen(a)
	if !strings.Contains(s, "▶ 2 ") || !strings.Contains(s, "▶2") {
		t.Errorf("neuron 2's table row or caption is not marked:\n%s", s)
	}
	a.Update(tea.MouseClickMsg{X: tl.at.x, Y: tl.at.y + tl.at.h - 1})
	if a.selected != -1 {
		t.Errorf("a second click left neuron %d selected", a.selected)
	}
	a.Update(tea.MouseClickMsg{X: tl.at.x - 1, Y: tl.at.y + 1}) // the blank between tiles 1 and 2
	if a.selected != -1 {
		t.Errorf("a click between tiles selected %d", a.selected)
	}
}

// TestNetworkSizes checks that thumbnails shrink as neurons are added,
// and that only the smallest page.
func TestNetworkSizes(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {200, 60}} {
		last := math.MaxInt
		for _, n := range []int{3, 8, 16, 32, 64} {
			a := netApp(t, n, size[0], size[1])
			g := a.layout.thumbs
			if g.size > last || g.pages > 1 && g.size != thumbSizes[len(thumbSizes)-1] {
				t.Errorf("%v, %d neurons: thumbnails of %d cells on %d pages, after %d", size, n, g.size, g.pages, last)
			}
			last = g.size
			if len(a.netTiles) != min(n, g.perPage()) {
				t.Errorf("%v: %d tiles for %d neurons, %d a page", size, len(a.netTiles), n, g.perPage())
			}
		}
	}
	a := netApp(t, 3, 200, 60)
	if a.layout.thumbs.size != thumbSizes[0] {
		t.Errorf("3 neurons at 200×60 in thumbnails of %d cells; want the largest, %d", a.layout.thumbs.size, thumbSizes[0])
	}
}

// TestNetwork64 pages 64 neurons at 120×40: the smallest thumbnails, the
// page in the title, ] and [ turn it, a click on page 2 selects a
// neuron of page 2, and selecting a neuron elsewhere turns to its page.
func TestNetwork64(t *testing.T) {
	a := netApp(t, 64, 120, 40)
	g := a.layout.thumbs
	if g.size != thumbSizes[len(thumbSizes)-1] || g.pages < 2 {
		t.Fatalf("64 neurons: thumbnails of %d cells on %d pages", g.size, g.pages)
	}
	per := g.perPage()
	if len(a.netTiles) != per {
		t.Errorf("%d tiles on page 1, want %d", len(a.netTiles), per)
	}
	title := fmt.Sprintf("neurons 1–%d of 64 · page 1/%d", per, g.pages)
	if s := screen(a); !strings.Contains(s, title) || !strings.Contains(s, fmt.Sprintf("64 neurons on %d pages", g.pages)) {
		t.Errorf("no %q in the title or no pages in the events line:\n%s", title, s)
	}
	if !a.keys.NextPage.Enabled() {
		t.Fatal("] is off while the panel pages")
	}
	press(a, "]")
	if s := screen(a); a.netPage != 1 || !strings.Contains(s, fmt.Sprintf("neurons %d–%d of 64 · page 2/%d", per+1, min(64, 2*per), g.pages)) {
		t.Fatalf("] did not turn to page 2:\n%s", s)
	}
	if a.netTiles[0].neuron != per {
		t.Errorf("page 2 starts with neuron %d", a.netTiles[0].neuron+1)
	}
	tl := a.netTiles[2]
	a.Update(tea.MouseClickMsg{X: tl.at.x + 1, Y: tl.at.y + 1})
	if a.selected != per+2 {
		t.Errorf("a click on page 2's third tile selected neuron %d, want %d", a.selected+1, per+3)
	}
	// The table scrolls to the selected neuron's row, and a click on the
	// row above it selects that one.
	l := a.layout
	row := fmt.Sprintf("▶ %-3d", per+3)
	if lines := strings.Split(screen(a), "\n"); !strings.Contains(lines[l.table.y+1+l.tableRows-1], row) {
		t.Errorf("the table's last neuron row is not %q:\n%s", row, strings.Join(lines[l.table.y:], "\n"))
	}
	if s := screen(a); !strings.Contains(s, fmt.Sprintf("… %d neurons above, %d below", per+3-(l.tableRows-1), 64-per-3)) {
		t.Errorf("the table does not say what it leaves out:\n%s", s)
	}
	a.Update(tea.MouseClickMsg{X: 5, Y: l.table.y + 1 + l.tableRows - 2})
	if a.selected != per+1 {
		t.Errorf("a click on the row above selected neuron %d, want %d", a.selected+1, per+2)
	}
	press(a, "[", "[")
	if a.netPage != 0 {
		t.Errorf("[ left page %d", a.netPage+1)
	}
	a.selectNeuron(63) // as tab and the digits do
	if a.netPage != g.pages-1 || a.netTiles[len(a.netTiles)-1].neuron != 63 {
		t.Errorf("selecting neuron 64 left page %d", a.netPage+1)
	}
	press(a, "N")
	if a.keys.NextPage.Enabled() {
		t.Error("] stays on after N hid the panel")
	}
}

// TestNetworkSmall checks that at 80×24 the panel takes the chart's place,
// saying the held-out MSE in its title, and that the screen keeps its
// size; and that --task relu, whose unit sees one input, draws no panel.
func TestNetworkSmall(t *testing.T) {
	a := netApp(t, 3, 80, 24)
	l := a.layout
	if l.chart.h != 0 || l.panel.h != l.heat.h || len(a.netTiles) != 3 {
		t.Errorf("at 80×24: chart %+v, panel %+v, %d tiles", l.chart, l.panel, len(a.netTiles))
	}
	lines := strings.Split(screen(a), "\n")
	if len(lines) != 24 || !strings.Contains(lines[2], "held-out "+sci(a.current.snap.TestMSE)) {
		t.Errorf("%d lines; the panel's title: %q", len(lines), lines[2])
	}
	for i, s := range lines {
		if w := ansi.StringWidth(s); w > 80 {
			t.Errorf("line %d is %d cells wide", i, w)
		}
	}
	r := newTestApp(t, train.TaskConfig(train.TaskReLU), 120, 40)
	press(r, "N")
	if len(r.netTiles) != 0 || !strings.Contains(screen(r), "do not see the plane of two inputs") {
		t.Errorf("--task relu: %d tiles\n%s", len(r.netTiles), lastLines(screen(r)))
	}
}

// TestGoldenNetwork draws the panel of seed 6 after 40 epochs, neuron 2
// selected, at three sizes in every colour profile.
func TestGoldenNetwork(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		for _, pr := range profiles {
			a := netApp(t, 3, size[0], size[1])
			press(a, "2")
			golden(t, fmt.Sprintf("network_%dx%d_%s", size[0], size[1], pr.name), shown(t, a, pr.p))
		}
	}
}

// TestNetworkLightness reads the thumbnails as a terminal of each profile
// shows them and checks that a pixel's lightness follows its activation:
// rising with it for ReLU's activations (the sequential palette), and for
// tanh's, which go below zero, rising to 0 and falling after (the
// diverging one); without colour the shade glyphs rise with the mean of
// the levels of the cell's two pixels.
func TestNetworkLightness(t *testing.T) {
	for _, act := range []string{"relu", "tanh"} {
		for _, pr := range profiles {
			c := train.DefaultConfig()
			c.Seed = 6
			if err := c.Act.UnmarshalText([]byte(act)); err != nil {
				t.Fatal(err)
			}
			a := newTestApp(t, c, 120, 40)
			press(a, "n", "n", "n", "N")
			out := shown(t, a, pr.p)
			buf := uv.NewScreenBuffer(120, 40)
			uv.NewStyledString(out).Draw(buf, buf.Bounds())
			th, size := a.current.thumbs, a.layout.thumbs.size
			name := act + " " + pr.name
			if act == "tanh" != th.scale.diverging {
				t.Fatalf("%s: scale %+v", name, th.scale)
			}
			type px struct{ v, l float64 }
			var pxs []px
			for j, tl := range a.netTiles {
				g := th.surface.Units[j]
				for r := range size / 2 {
					for i := range size {
						cell := buf.CellAt(tl.at.x+i, tl.at.y+r)
						top, bottom := g[2*r*size+i], g[(2*r+1)*size+i]
						if pr.p == colorprofile.ASCII { // the glyph by the mean of the pixels' levels
							ramp, pix := " .:-=+*#%@", th.heats[j].pix
							if th.scale.diverging {
								ramp = "=-, .+#"
							}
							mean := float64(pix[2*r*size+i]+pix[(2*r+1)*size+i]) / 2
							pxs = append(pxs, px{mean, float64(strings.Index(ramp, cell.Content))})
							continue
						}
						st := uv.ConvertStyle(cell.Style, pr.p)
						pxs = append(pxs, px{top, 100 * cieLab(st.Fg).l}, px{bottom, 100 * cieLab(st.Bg).l})
					}
				}
			}
			slices.SortFunc(pxs, func(p, q px) int { return cmp.Compare(p.v, q.v) })
			for k := 1; k < len(pxs); k++ {
				p, q := pxs[k-1], pxs[k]
				up := !th.scale.diverging || q.v <= 0 || pr.p == colorprofile.ASCII
				if up && q.l < p.l-1e-9 || !up && p.v >= 0 && q.l > p.l+1e-9 {
					t.Errorf("%s: activation %.3f drawn at L* %.1f, %.3f at %.1f: out of order", name, p.v, p.l, q.v, q.l)
					break
				}
			}
		}
	}
}

// TestNetworkElsewhere presses N in a comparison and in the trials'
// gallery: neither draws the panel, and the events line says where it
// shows; a run opened full-screen draws it, and pages it with ] when
// its 40 neurons need more than a page.
func TestNetworkElsewhere(t *testing.T) {
	a := newTestCompare(t, actConfigs(2), 120, 40)
	press(a, "n", "N")
	if len(a.netTiles) != 0 || !strings.Contains(screen(a), "it shows in the lab view (enter opens a column)") {
		t.Errorf("a comparison: %d tiles\n%s", len(a.netTiles), lastLines(screen(a)))
	}
	press(a, "tab", "enter")
	if len(a.netTiles) != 3 {
		t.Errorf("an opened column draws %d tiles, want 3", len(a.netTiles))
	}
	c := train.DefaultConfig()
	c.Hidden = []int{40}
	tr := newTestTrialsOf(t, c, 2, 120, 40, 1)
	press(tr, "N")
	if len(tr.netTiles) != 0 || !strings.Contains(screen(tr), "it shows in a run's lab view (enter opens the selected run)") {
		t.Errorf("the trials' gallery: %d tiles\n%s", len(tr.netTiles), lastLines(screen(tr)))
	}
	press(tr, "enter")
	if len(tr.netTiles) == 0 || tr.layout.thumbs.pages < 2 {
		t.Fatalf("an opened trial: %d tiles on %d pages", len(tr.netTiles), tr.layout.thumbs.pages)
	}
	press(tr, "]")
	if tr.netPage != 1 {
		t.Errorf("] in an opened trial left page %d", tr.netPage+1)
	}
}
