package train

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"relulab/model"
)

// Basin names the local minimum a run of 2 → 3 ReLU → 1 is in, read from
// the geometry of its boundary lines, not from its loss. The population MSE
// of each basin on uniform data:
//
//	pyramid  1.04e-3  three lines through the origin about 120° apart
//	diamond  3.93e-3  a·(|x|+|y|)+c: two lines through the origin about 90°
//	                  apart and one always-active neuron giving the linear part
//	valley   4.2e-2   a function of one direction, ≈ a·|y|+c: antipodal normals,
//	                  or one bend plus an always-active neuron on the same axis
//	corner   5.03e-2  two off-origin ramps about 90° apart
//	ramp     6.78e-2  one effective ramp
//	flat     8.11e-2  a constant: no neuron bends the surface
//
// Other widths of relu, and relu-like units of any width (leaky_relu,
// prelu, abs), are named by nameAny: the family word first, then what it
// leaves out, such as "pyramid of 3 lines + 1 unused" (see Family).
//
// The zero value, "", means no rule fits: another activation or depth, or
// a geometry between basins.
type Basin string

// The basins of three ReLUs.
const (
	Pyramid Basin = "pyramid"
	Diamond Basin = "diamond"
	Valley  Basin = "valley"
	Corner  Basin = "corner"
	Ramp    Basin = "ramp"
	Flat    Basin = "flat"
)

// Basins lists the basin families from best to worst.
var Basins = []Basin{Pyramid, Diamond, Valley, Corner, Ramp, Flat}

// Geometry thresholds.
const (
	originOffset = 0.15 // a line through the origin passes closer than this
	alwaysActive = 0.95 // active on more inputs than this: its line only clips the data, a linear term
	minSlope     = 0.01 // |v|·|w| below this: the neuron barely shapes the output
	axisDegrees  = 20   // normals within this of a common axis share one direction
)

// neuronGeometry is a first-layer neuron as the classifier sees it.
type neuronGeometry struct {
	num           int // 1-based, as on screen
	angle, offset float64
	active        float64
}

// basins reports whether classify names basins on task k: not on TaskReLU,
// whose single unit is fitted or dead, nor on the amplitude spectrum,
// whose bins DiagnoseSpectrum names.
func (k Task) basins() bool { return k != TaskReLU && k.Spectrum() == 0 }

// classify names the basin of s and says in words what its neurons do.
func classify(s Snapshot) (Basin, string) {
	if s.Status == Diverged {
		return "", fmt.Sprintf("the loss became %.3g at epoch %d: lr %v is too high for this run; the weights are epoch %d's, before the loss blew up",
			s.TrainMSE, s.Epoch, s.Config.Opt.LR, s.WeightsEpoch)
	}
	if !s.Config.Task.basins() {
		if n := s.Config.Task.Spectrum(); n > 0 {
			return "", spectrumWhy(n, s.Neurons)
		}
		return "", describeUnits(s.Neurons)
	}
	var us unitSort
	for _, n := range s.Neurons {
		if n.Layer != 0 {
			continue
		}
		g := neuronGeometry{num: n.Index + 1, angle: n.Angle, offset: n.Offset, active: n.Active}
		us.add(n, g, math.Abs(n.V[0])*hypot(n.W[0], n.W[1]))
	}
	kinks, lines := us.kinks, us.lines
	rest := restWords(s, us.weak, us.dead, us.idle)
	var b Basin
	var why string
	switch {
	case s.reluLike() && s.relu() && s.Config.Hidden[0] == 3:
		b, why = name3(kinks, lines)
	case s.reluLike():
		b, why = nameAny(kinks, lines, s.sloped(), s.Config.Act == model.Abs, len(us.weak), us.unused())
	}
	if b == "" {
		return "", describe(kinks, lines) + rest
	}
	return b, string(b) + ": " + why + rest
}

// unitSort sorts the first-layer units by what they do to the surface, as
// the basin rules read them: the units that bend it (kinks), the always
// active ones (lines), and the weak, dead and idle ones and the duplicates
// that take no part.
type unitSort struct {
	kinks, lines     []neuronGeometry
	weak, dead, idle []int
	dups             int
}

// add sorts unit n, whose line is g and whose surface rises at slope
// |v|·|w| along its normal: idle if that is under minSlope or n has no line.
func (us *unitSort) add(n Neuron, g neuronGeometry, slope float64) {
	switch {
	case n.Dead:
		us.dead = append(us.dead, g.num)
	case n.Weak:
		us.weak = append(us.weak, g.num)
	case math.IsNaN(g.angle) || slope < minSlope:
		us.idle = append(us.idle, g.num)
	case n.Active > alwaysActive:
		us.lines = append(us.lines, g)
	case !duplicate(n, us.kinks):
		us.kinks = append(us.kinks, g)
	default:
		us.dups++
	}
}

// unused counts the units that neither bend the surface nor are weak.
func (us *unitSort) unused() int { return len(us.dead) + len(us.idle) + us.dups }

// name3 applies the rules for three ReLUs to the bending neurons (kinks)
// and the always-active ones (lines).
func name3(kinks, lines []neuronGeometry) (Basin, string) {
	switch {
	case len(kinks) == 0:
		return Flat, "no neuron bends the surface"
	case oneAxis(append(slices.Clone(kinks), lines...)):
		if a, b, ok := antipodal(kinks); ok {
			return Valley, fmt.Sprintf("neurons %d and %d antipodal", a, b)
		}
		if len(lines) > 0 {
			return Valley, neuronsDo(kinks, "bends", "bend") + ", " + neuronsDo(lines, "tilts", "tilt") + " the same axis"
		}
		if len(kinks) > 1 {
			return Ramp, "neurons " + nums(kinks) + " bend the same way"
		}
		return Ramp, fmt.Sprintf("only neuron %d bends the surface", kinks[0].num)
	case len(kinks) == 3 && throughOrigin(kinks):
		if gaps := gaps(kinks); gaps[0] >= 90 && gaps[2] <= 150 {
			return Pyramid, fmt.Sprintf("lines %s through the origin %.0f°, %.0f°, %.0f° apart",
				nums(kinks), gaps[0], gaps[1], gaps[2])
		}
	case len(kinks) == 2:
		d := angleBetween(kinks[0].angle, kinks[1].angle)
		if d < 60 || d > 135 {
			break
		}
		if throughOrigin(kinks) && len(lines) > 0 {
			return Diamond, fmt.Sprintf("lines %s through the origin %.0f° apart, neuron %s linear",
				nums(kinks), d, nums(lines))
		}
		if kinks[0].offset > originOffset && kinks[1].offset > originOffset {
			return Corner, fmt.Sprintf("neurons %s are off-origin ramps %.0f° apart", nums(kinks), d)
		}
	}
	return "", ""
}

// neuronsDo says what the neurons us do, the verb agreeing in number:
// "neuron 1 bends", "neurons 1 and 2 bend".
func neuronsDo(us []neuronGeometry, one, many string) string {
	if len(us) == 1 {
		return "neuron " + nums(us) + " " + one
	}
	return "neurons " + nums(us) + " " + many
}

// duplicate reports whether n is collapsed onto a neuron already in kinks.
func duplicate(n Neuron, kinks []neuronGeometry) bool {
	for _, k := range kinks {
		if slices.Contains(n.CollapsedWith, k.num-1) {
			return true
		}
	}
	return false
}

// antipodal returns the first pair of normals that point opposite ways.
func antipodal(us []neuronGeometry) (a, b int, ok bool) {
	for i := range us {
		for j := i + 1; j < len(us); j++ {
			if angleBetween(us[i].angle, us[j].angle) > 180-axisDegrees {
				return us[i].num, us[j].num, true
			}
		}
	}
	return 0, 0, false
}

// oneAxis reports whether every normal lies within axisDegrees of one axis.
func oneAxis(us []neuronGeometry) bool {
	for i := range us {
		for j := i + 1; j < len(us); j++ {
			d := angleBetween(us[i].angle, us[j].angle)
			if d > axisDegrees && d < 180-axisDegrees {
				return false
			}
		}
	}
	return true
}

func throughOrigin(us []neuronGeometry) bool {
	for _, u := range us {
		if math.Abs(u.offset) >= originOffset {
			return false
		}
	}
	return true
}

// angleBetween returns the angle between two directions, in [0, 180].
func angleBetween(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 360)
	return min(d, 360-d)
}

// gaps returns the angles between consecutive normals around the circle,
// smallest first.
func gaps(us []neuronGeometry) []float64 {
	a := make([]float64, len(us))
	for i, u := range us {
		a[i] = math.Mod(u.angle+360, 360)
	}
	slices.Sort(a)
	g := make([]float64, len(a))
	for i := range a {
		g[i] = a[(i+1)%len(a)] - a[i]
		if i == len(a)-1 {
			g[i] += 360
		}
	}
	slices.Sort(g)
	return g
}

// byOffset splits kinks into the lines that pass within originOffset of
// the origin and those that pass farther off, each in kinks' order.
func byOffset(kinks []neuronGeometry) (through, off []neuronGeometry) {
	for _, k := range kinks {
		if math.Abs(k.offset) < originOffset {
			through = append(through, k)
		} else {
			off = append(off, k)
		}
	}
	return through, off
}

// describe says what the bending and always-active neurons do when no
// basin is named.
func describe(kinks, lines []neuronGeometry) string {
	through, off := byOffset(kinks)
	var parts []string
	if len(through) > 0 {
		parts = append(parts, "lines through the origin: "+nums(through))
	}
	if len(off) > 0 {
		parts = append(parts, "off-origin lines: "+nums(off))
	}
	if len(lines) > 0 {
		parts = append(parts, "always active: "+nums(lines))
	}
	if len(parts) == 0 {
		return "no neuron bends the surface"
	}
	return strings.Join(parts, "; ")
}

// restWords lists the neurons that take no part: ", 2 weak, 3 dead", or
// in a wide network ", 11 neurons weak, 9 neurons dead, 27 collapsed pairs".
func restWords(s Snapshot, weak, dead, idle []int) string {
	var b strings.Builder
	for _, g := range []struct {
		ns   []int
		word string
	}{{weak, "weak"}, {dead, "dead"}, {idle, "idle"}} {
		if len(g.ns) > 0 {
			fmt.Fprintf(&b, ", %s %s", group(g.ns), g.word)
		}
	}
	if len(s.Collapsed) > maxNamed/2 {
		fmt.Fprintf(&b, ", %d collapsed pairs", len(s.Collapsed))
		return b.String()
	}
	for _, p := range s.Collapsed {
		a, c := s.Neurons[p[0]], s.Neurons[p[1]]
		fmt.Fprintf(&b, ", %d and %d collapsed", a.Index+1, c.Index+1)
	}
	return b.String()
}

// maxNamed is the most neurons a description names one by one; beyond it,
// it counts them.
const maxNamed = 6

// group names the neurons ns, "1, 2 and 3", or counts them, "24 neurons",
// if they are more than maxNamed.
func group(ns []int) string {
	if len(ns) > maxNamed {
		return fmt.Sprintf("%d neurons", len(ns))
	}
	return joinNums(ns)
}

func nums(us []neuronGeometry) string {
	ns := make([]int, len(us))
	for i, u := range us {
		ns[i] = u.num
	}
	return group(ns)
}

// joinNums writes 1, "1 and 2" or "1, 2 and 3".
func joinNums(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// relu reports whether the snapshot's network is a ReLU network: relu, or
// leaky_relu once its slope has been annealed to 0.
func (s Snapshot) relu() bool {
	c := s.Config
	return c.finalAct() == model.ReLU && (c.Act == model.ReLU || s.Epoch > c.SlopeAnneal)
}
