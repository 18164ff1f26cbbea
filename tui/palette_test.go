package tui

import (
	"fmt"
	"image/color"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/lucasb-eyer/go-colorful"

	"relulab/train"
)

// xterm16 are xterm's default basic colours; x/ansi's own table (what
// BasicColor.RGBA returns) holds the VGA ones. The 16-colour palettes must
// keep their order under both.
var xterm16 = [16]string{
	"#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
	"#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
}

// shownLegend draws a heatmap legend of every level for profile p and
// returns the colour of each legend cell as the terminal shows it: the
// line is parsed into cells and each cell's style converted with
// uv.ConvertStyle, the step by which Bubble Tea's renderer downsamples,
// and basic colours are looked up in basic.
func shownLegend(t *testing.T, p colorprofile.Profile, sc heatScale, basic func(ansi.BasicColor) color.Color) []color.Color {
	t.Helper()
	a := newTestApp(t, train.DefaultConfig(), 120, 40)
	a.Update(tea.ColorProfileMsg{Profile: p})
	ends := 4 // "-1 " and " +1", or "0 " and " 1"
	if sc.diverging {
		ends = 6
	}
	line := a.current.heat.scaleLine(sc, levels+ends, "") // one cell per level
	buf := uv.NewScreenBuffer(ansi.StringWidth(line), 1)
	uv.NewStyledString(line).Draw(buf, buf.Bounds())
	var out []color.Color
	for x := range buf.Width() {
		c := buf.CellAt(x, 0)
		if c == nil || c.Content != "▀" {
			continue
		}
		st := uv.ConvertStyle(c.Style, p)
		if fmt.Sprint(st.Fg) != fmt.Sprint(st.Bg) {
			t.Fatalf("%v: legend cell %d has two colours, %v and %v", p, x, st.Fg, st.Bg)
		}
		col := st.Bg
		if b, ok := col.(ansi.BasicColor); ok {
			col = basic(b)
		}
		out = append(out, col)
	}
	if len(out) != levels {
		t.Fatalf("%v: %d legend cells, want %d", p, len(out), levels)
	}
	return out
}

// TestLegendLightnessOrder checks every legend entry's CIELAB lightness in
// true colour, 256 and 16 colours, as the terminal shows it: the diverging
// scale rises from −max to 0 and falls from 0 to +max, blue below and red
// above; the sequential one rises. Each profile keeps enough distinct
// colours to tell levels apart, and true colour spans a wide lightness
// range (a valley's stripes stand out).
func TestLegendLightnessOrder(t *testing.T) {
	vga := func(b ansi.BasicColor) color.Color { return b }
	xterm := func(b ansi.BasicColor) color.Color { c, _ := colorful.Hex(xterm16[b]); return c }
	for _, tc := range []struct {
		p        colorprofile.Profile
		basic    func(ansi.BasicColor) color.Color
		distinct int // fewest distinct colours on each scale
	}{
		{colorprofile.TrueColor, vga, levels},
		{colorprofile.ANSI256, vga, 9},
		{colorprofile.ANSI, vga, 4},
		{colorprofile.ANSI, xterm, 4},
	} {
		div := shownLegend(t, tc.p, heatScale{-1, 1, true}, tc.basic)
		seq := shownLegend(t, tc.p, heatScale{0, 1, false}, tc.basic)
		name := tc.p.String()
		checkOrder(t, name+" diverging", div, levels/2, tc.distinct)
		checkOrder(t, name+" sequential", seq, levels-1, tc.distinct)
		lo, mid, hi := cieLab(div[0]), cieLab(div[levels/2]), cieLab(div[levels-1])
		if !(lo.b < -0.2 && hi.a > 0.2) {
			t.Errorf("%s diverging: −max is a*b* %.2f %.2f (want blue), +max %.2f %.2f (want red)", name, lo.a, lo.b, hi.a, hi.b)
		}
		if mid.l < 0.85 {
			t.Errorf("%s diverging: 0 has L* %.0f, want a near-white", name, 100*mid.l)
		}
		if tc.p == colorprofile.TrueColor && (lo.l > 0.3 || hi.l > 0.3) {
			t.Errorf("true colour: the ends have L* %.0f and %.0f: too faint a contrast with 0 at %.0f", 100*lo.l, 100*hi.l, 100*mid.l)
		}
	}
}

// checkOrder fails unless the lightness of cs rises to cs[peak] and falls
// after it, with at least distinct different colours on each side.
func checkOrder(t *testing.T, name string, cs []color.Color, peak, distinct int) {
	t.Helper()
	ls := make([]float64, len(cs))
	for i, c := range cs {
		ls[i] = 100 * cieLab(c).l
	}
	for i := 1; i < len(cs); i++ {
		up := i <= peak
		if up && ls[i] < ls[i-1] || !up && ls[i] > ls[i-1] {
			t.Errorf("%s: L* of entry %d is %.1f after %.1f: out of order (all: %.0f)", name, i, ls[i], ls[i-1], ls)
		}
	}
	for _, side := range [][]color.Color{cs[:peak+1], cs[peak:]} {
		if len(side) == 1 {
			continue
		}
		seen := map[string]bool{}
		for _, c := range side {
			seen[fmt.Sprint(c)] = true
		}
		if len(seen) < min(distinct, len(side)) {
			t.Errorf("%s: %d distinct colours on a side, want %d", name, len(seen), min(distinct, len(side)))
		}
	}
}

type labColor struct{ l, a, b float64 }

func cieLab(c color.Color) labColor {
	cc, _ := colorful.MakeColor(c)
	l, a, b := cc.Lab()
	return labColor{l, a, b}
}
