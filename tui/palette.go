package tui

import (
	"image/color"
	"math"
	"sync"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/lucasb-eyer/go-colorful"
)

// The heatmap's palettes have levels colours each, lowest value first.
// The diverging one (error, and activations that go below zero) is blue
// below zero and red above, its CIELAB lightness L* rising from −max to 0
// and falling from 0 to +max; the sequential one (|error|, output, target)
// rises in lightness from dark violet to yellow. Every colour profile gets
// its own set, chosen so that the order survives what the terminal shows:
// true colour draws the palettes as designed, 256 colours take the nearest
// xterm cube or grey entries that keep the order, 16 colours a few ordered
// basic colours.

// divergingStops are ColorBrewer's RdBu, reversed: blue for −max, white for
// 0, red for +max.
var divergingStops = []string{
	"#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
	"#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f",
}

// sequentialStops are viridis at tenths.
var sequentialStops = []string{
	"#440154", "#482878", "#3e4989", "#31688e", "#26828e",
	"#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725",
}

// The 16-colour palettes in basic colours, lowest first. Their lightness
// is ordered under both xterm's default colours and the VGA colours that
// x/ansi assumes: navy, blue, teal, cyan, white, magenta, red, maroon; and
// black, purple, teal, bright green, yellow.
var (
	diverging16  = []ansi.BasicColor{ansi.Blue, ansi.BrightBlue, ansi.Cyan, ansi.BrightCyan, ansi.BrightWhite, ansi.BrightMagenta, ansi.BrightRed, ansi.Red}
	sequential16 = []ansi.BasicColor{ansi.Black, ansi.Magenta, ansi.Cyan, ansi.BrightGreen, ansi.BrightYellow}
)

// heatPalettes returns the diverging and sequential palettes for profile p;
// without colour they are the true-colour ones, which the heatmap then
// does not use.
func heatPalettes(p colorprofile.Profile) (diverging, sequential []color.Color) {
	switch p {
	case colorprofile.ANSI256:
		ps := palettes256()
		return ps[0], ps[1]
	case colorprofile.ANSI:
		return spread16(diverging16, true), spread16(sequential16, false)
	}
	return blendLab(divergingStops, levels), blendLab(sequentialStops, levels)
}

// blendLab returns n colours evenly spaced along the stops, interpolated
// in CIELAB so that L* moves linearly between neighbouring stops.
func blendLab(stops []string, n int) []color.Color {
	cs := make([]colorful.Color, len(stops))
	for i, s := range stops {
		cs[i], _ = colorful.Hex(s) // the stops above are valid
	}
	out := make([]color.Color, n)
	for i := range out {
		t := float64(i) / float64(n-1) * float64(len(cs)-1)
		k := min(int(t), len(cs)-2)
		out[i] = cs[k].BlendLab(cs[k+1], t-float64(k)).Clamped()
	}
	return out
}

// spread16 stretches basic colours over levels. A diverging palette puts
// its lightest colour at the middle level, so each side keeps its own
// colours even when the sides differ in length.
func spread16(cs []ansi.BasicColor, diverging bool) []color.Color {
	mid := 0
	for j := range cs {
		if lightness(cs[j]) > lightness(cs[mid]) {
			mid = j
		}
	}
	out := make([]color.Color, levels)
	for i := range out {
		f := float64(i) / (levels - 1)
		k := int(math.Round(f * float64(len(cs)-1)))
		if d := 2*f - 1; diverging && d < 0 {
			k = mid - int(math.Round(-d*float64(mid)))
		} else if diverging {
			k = mid + int(math.Round(d*float64(len(cs)-1-mid)))
		}
		out[i] = cs[k]
	}
	return out
}

// palettes256 returns the 256-colour diverging and sequential palettes,
// computed once.
var palettes256 = sync.OnceValue(func() [2][]color.Color {
	return [2][]color.Color{
		nearestOrdered(blendLab(divergingStops, levels)),
		nearestOrdered(blendLab(sequentialStops, levels)),
	}
})

// nearestOrdered picks for each colour of pal an xterm 256-colour entry
// (the 6×6×6 cube or the grey ramp: the first 16 depend on the terminal's
// theme) so that the sum of CIELAB distances ΔE*ab is least while the
// entries' lightness keeps pal's order: where pal's L* rises from one
// colour to the next, the chosen L* rises too, or the entry repeats.
// Dynamic programming over (colour, entry) finds the best such choice.
func nearestOrdered(pal []color.Color) []color.Color {
	const first, n = 16, 240
	var cand [n]colorful.Color
	var candL [n]float64
	for c := range n {
		cand[c], _ = colorful.MakeColor(ansi.IndexedColor(first + c))
		candL[c], _, _ = cand[c].Lab()
	}
	cost := make([][n]float64, len(pal))
	from := make([][n]int, len(pal))
	prevL := 0.0
	for i, p := range pal {
		pc, _ := colorful.MakeColor(p)
		l, _, _ := pc.Lab()
		up := l >= prevL
		for c := range n {
			d := pc.DistanceLab(cand[c])
			if i == 0 {
				cost[i][c] = d
				continue
			}
			best, arg := math.Inf(1), -1
			for b := range n {
				ok := b == c || up && candL[c] > candL[b] || !up && candL[c] < candL[b]
				if ok && cost[i-1][b] < best {
					best, arg = cost[i-1][b], b
				}
			}
			cost[i][c], from[i][c] = d+best, arg
		}
		prevL = l
	}
	end := 0
	for c := range n {
		if cost[len(pal)-1][c] < cost[len(pal)-1][end] {
			end = c
		}
	}
	out := make([]color.Color, len(pal))
	for i := len(pal) - 1; i >= 0; i-- {
		out[i] = ansi.IndexedColor(first + end)
		end = from[i][end]
	}
	return out
}

// lightness returns the CIELAB L* of c, 0 (black) to 100 (white).
func lightness(c color.Color) float64 {
	cc, _ := colorful.MakeColor(c)
	l, _, _ := cc.Lab()
	return 100 * l
}
