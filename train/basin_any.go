package train

import (
	"fmt"
	"math"
	"strings"

	"relulab/model"
)

// Family returns the basin b belongs to, the first word of its name: a
// "pyramid of 4 lines + 1 unused" is a Pyramid, a "valley + 2 weak" a
// Valley. It is "" for "".
func (b Basin) Family() Basin {
	f, _, _ := strings.Cut(string(b), " ")
	return Basin(f)
}

// reluLike reports whether the snapshot's network has one hidden layer of
// units that bend the surface along one line each: relu, leaky_relu, prelu
// (one normal each) or abs (a fold, two opposite normals).
func (s Snapshot) reluLike() bool {
	if len(s.Config.Hidden) != 1 {
		return false
	}
	switch s.Config.Act {
	case model.ReLU, model.LeakyReLU, model.PReLU, model.Abs:
		return true
	}
	return false
}

// nameAny names the geometry of a layer of relu-like units of any width
// from the bending units (kinks), the always-active ones (lines) and the
// counts of weak units and of unused ones (dead, idle or collapsed onto
// another). With abs units, each kink stands for two opposite normals.
// The name begins with the basin's family and adds what the family leaves
// out:
//
//	pyramid of K lines  K ≥ 2 lines through the origin whose normals leave
//	                    no gap over 150°: the surface rises every way
//	diamond             as for three ReLUs (two lines through the origin
//	                    60°–135° apart and a linear part), the linear part
//	                    from always-active units or from weak units with a
//	                    negative slope (leaky, linear on the data: sloped);
//	                    lines that miss the origin beside them are listed
//	corner              as for three ReLUs (two off-origin lines 60°–135° apart)
//	valley, ramp, flat  as for three ReLUs
//	+ M off-origin      lines beside a pyramid that miss the origin
//	+ M linear          always-active units the family does not use
//	+ M weak, + M unused
//
// It returns "" when no rule fits.
func nameAny(kinks, lines, sloped []neuronGeometry, abs bool, weak, unused int) (Basin, string) {
	normals := normalsOf(kinks, abs)
	through, off := byOffset(kinks)
	var b, why string
	usesLines, extraOff := false, 0
	switch {
	case len(kinks) == 0:
		b, why = "flat", "no neuron bends the surface"
	case oneAxis(append(normals[:len(normals):len(normals)], lines...)):
		switch x, y, ok := antipodal(normals); {
		case ok && x == y:
			b, why = "valley", fmt.Sprintf("neuron %d folds the surface", x)
		case ok:
			b, why = "valley", fmt.Sprintf("neurons %d and %d antipodal", x, y)
		case len(lines) > 0:
			b, why = "valley", neuronsDo(kinks, "bends", "bend")+", "+neuronsDo(lines, "tilts", "tilt")+" the same axis"
		case len(kinks) == 1:
			b, why = "ramp", fmt.Sprintf("only neuron %d bends the surface", kinks[0].num)
		default:
			b, why = "ramp", "neurons "+nums(kinks)+" bend the same way"
		}
		usesLines = true
	case len(through) >= 2 && surrounds(normalsOf(through, abs)):
		b = fmt.Sprintf("pyramid of %d lines", len(through))
		why = fmt.Sprintf("lines %s through the origin", nums(through))
		if extraOff = len(off); extraOff > 0 {
			why += ", off-origin " + nums(off)
		}
	case !abs && len(through) == 2 && len(lines)+len(sloped) > 0 && diamondApart(through):
		b = "diamond"
		why = fmt.Sprintf("lines %s through the origin %.0f° apart", nums(through), angleBetween(through[0].angle, through[1].angle))
		if len(lines) > 0 {
			why += ", " + neuronsDo(lines, "linear", "linear")
		}
		if len(sloped) > 0 {
			why += ", weak " + neuronsDo(sloped, "linear by its negative slope", "linear by their negative slopes")
		}
		if extraOff = len(off); extraOff > 0 {
			why += ", off-origin " + nums(off)
		}
		usesLines, weak = true, weak-len(sloped)
	case len(kinks) == 2 && !abs && len(off) == 2 && diamondApart(kinks):
		b, why = "corner", fmt.Sprintf("neurons %s are off-origin ramps %.0f° apart", nums(kinks), angleBetween(kinks[0].angle, kinks[1].angle))
	}
	if b == "" {
		return "", ""
	}
	for _, p := range []struct {
		n    int
		word string
	}{{extraOff, "off-origin"}, {len(lines) * b2i(!usesLines), "linear"}, {weak, "weak"}, {unused, "unused"}} {
		if p.n > 0 {
			b += fmt.Sprintf(" + %d %s", p.n, p.word)
		}
	}
	return Basin(b), why
}

// diamondApart reports whether the two lines us are 60° to 135° apart, as
// a diamond's and a corner's are.
func diamondApart(us []neuronGeometry) bool {
	d := angleBetween(us[0].angle, us[1].angle)
	return d >= 60 && d <= 135
}

// normalsOf returns the normals of the lines us: one each, or for abs
// units two opposite ones.
func normalsOf(us []neuronGeometry, abs bool) []neuronGeometry {
	if !abs {
		return us
	}
	var normals []neuronGeometry
	for _, u := range us {
		normals = append(normals, u, neuronGeometry{num: u.num, angle: u.angle + 180, offset: -u.offset, active: 1 - u.active})
	}
	return normals
}

// surrounds reports whether the normals leave no gap over 150° around
// the circle: at least three of them, and the surface rises every way.
func surrounds(normals []neuronGeometry) bool {
	g := gaps(normals)
	return len(g) >= 3 && g[len(g)-1] <= 150
}

// sloped returns the weak first-layer units that are linear on the data
// through their negative slope: leaky_relu's (unless annealed to relu) or
// prelu's learned one, whose line the surface then rises along at
// |slope|·|v|·|w| of at least minSlope.
func (s Snapshot) sloped() []neuronGeometry {
	var us []neuronGeometry
	for _, n := range s.Neurons {
		slope := 0.0
		switch {
		case n.Layer != 0 || !n.Weak || n.Dead:
			continue
		case s.Config.Act == model.LeakyReLU && s.Config.SlopeAnneal == 0:
			slope = s.Config.Slope
		case s.Config.Act == model.PReLU:
			slope = n.Slope
		}
		if math.Abs(slope*n.V[0])*hypot(n.W[0], n.W[1]) >= minSlope {
			us = append(us, neuronGeometry{num: n.Index + 1, angle: n.Angle, offset: n.Offset, active: n.Active})
		}
	}
	return us
}
