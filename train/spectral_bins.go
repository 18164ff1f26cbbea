package train

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// The shapes of a bin that the basins of |x+iy| do not name.
const (
	// Fold is the optimum of a real bin (DC or Nyquist): two units w and
	// −w through the origin, relu(a) + relu(−a) = |a|.
	Fold Basin = "fold"
	// DeadBin is a bin whose surface no unit bends: no unit serves it, or
	// those that do are dead, weak, idle or always active.
	DeadBin Basin = "dead"
)

// BinShapes lists the shapes a bin can take, best first: a complex bin's
// pyramid, a real bin's fold, then the failures. A bin between them is
// unnamed, "".
var BinShapes = []Basin{Pyramid, Fold, Diamond, Valley, Corner, Ramp, DeadBin}

// SpectralBin is one DFT bin of a network learning the amplitude spectrum,
// read from the units that serve it (see SpectralUnit.Serves).
type SpectralBin struct {
	// Bin is k in 0 … N/2; Real marks DC and Nyquist, whose plane is a line.
	Bin  int
	Real bool
	// Units lists the units that serve the bin, 1-based.
	Units []int
	// Shape is the bin's family: in a complex bin the basin the rules for
	// |x+iy| name in the plane of X_k (pyramid, diamond, valley, corner or
	// ramp); in a real bin fold or ramp; dead in either; "" if no rule
	// fits.
	Shape Basin
	// Why says in words what the bin's units do, such as "pyramid of 3
	// lines: lines 1, 2 and 3 through the origin".
	Why string
}

// SpectralReport is the DFT-basis diagnosis of a network of N inputs and
// N/2+1 outputs, output k learning |X_k|.
type SpectralReport struct {
	Units []SpectralUnit
	Bins  []SpectralBin
	// Mixed lists the units, 1-based, that serve no bin: alive and with no
	// bin holding ServeShare of their weight norm.
	Mixed []int
	// Name names the run's outcome from the bins' shapes, such as "bins 1
	// and 3 pyramids, bin 2 valley, bins 0 and 4 dead": runs with the same
	// name are in the same outcome, whatever their mixed units.
	Name string
}

// Optimal reports whether every bin has its optimum's shape: a pyramid in
// each complex bin, a fold in each real one.
func (r SpectralReport) Optimal() bool {
	for _, b := range r.Bins {
		if b.Shape != b.optimum() {
			return false
		}
	}
	return len(r.Bins) > 0
}

// optimum returns the shape of the bin's optimum.
func (b SpectralBin) optimum() Basin {
	if b.Real {
		return Fold
	}
	return Pyramid
}

// DiagnoseSpectrum reads the bins of a network of n inputs and n/2+1
// outputs from its first-layer neurons as diagnose describes them: each
// unit's dominant bin, and per bin the shape the units serving it form,
// judged as classify judges |x+iy| with the unit's outgoing weight to
// output k. It returns an error if n is odd or below 4, or a neuron has
// not n inputs or not n/2+1 outgoing weights.
func DiagnoseSpectrum(n int, neurons []Neuron) (SpectralReport, error) {
	us, err := SpectralUnits(n, neurons)
	if err != nil {
		return SpectralReport{}, err
	}
	r := SpectralReport{Units: us, Bins: make([]SpectralBin, n/2+1)}
	first := neurons[:0:0]
	for _, nu := range neurons {
		if nu.Layer == 0 {
			if len(nu.V) != n/2+1 {
				return SpectralReport{}, fmt.Errorf("spectral units: neuron %d has %d outgoing weights, want %d", nu.Index+1, len(nu.V), n/2+1)
			}
			first = append(first, nu)
		}
	}
	serving := make([][]int, len(r.Bins)) // indices into us and first
	for i, u := range us {
		switch {
		case u.Serves():
			serving[u.Bin] = append(serving[u.Bin], i)
		case !first[i].Dead:
			r.Mixed = append(r.Mixed, u.Num)
		}
	}
	for k := range r.Bins {
		r.Bins[k] = nameBin(k, n, us, first, serving[k])
	}
	r.Name = spectralName(r.Bins)
	return r, nil
}

// nameBin names bin k of a signal of n samples from the units at the
// indices idx of us and neurons that serve it.
func nameBin(k, n int, us []SpectralUnit, neurons []Neuron, idx []int) SpectralBin {
	b := SpectralBin{Bin: k, Real: k == 0 || 2*k == n}
	var sorted unitSort
	for _, i := range idx {
		u, nu := us[i], neurons[i]
		b.Units = append(b.Units, u.Num)
		g := neuronGeometry{num: u.Num, angle: u.Angle, offset: u.Offset, active: nu.Active}
		sorted.add(nu, g, math.Abs(nu.V[k])*hypot(u.Re, u.Im))
	}
	kinks, lines := sorted.kinks, sorted.lines
	switch {
	case len(idx) == 0:
		b.Shape, b.Why = DeadBin, "no unit serves it"
	case len(kinks) == 0:
		b.Shape, b.Why = DeadBin, "no unit serving it bends the surface"
	case b.Real:
		b.Shape, b.Why = foldOf(kinks)
	default:
		name, why := nameAny(kinks, lines, nil, false, len(sorted.weak), sorted.unused())
		b.Shape, b.Why = name.Family(), string(name)+": "+why
		if name == "" {
			b.Why = describe(kinks, lines)
		}
	}
	return b
}

// foldOf names a real bin from the units that bend it, their angles 0 or
// 180: two of opposite signs through the origin fold it, |a|; anything
// else is a ramp.
func foldOf(kinks []neuronGeometry) (Basin, string) {
	through, off := byOffset(kinks)
	if x, y, ok := antipodal(through); ok {
		return Fold, fmt.Sprintf("neurons %d and %d opposite, through the origin", x, y)
	}
	if len(off) > 0 {
		return Ramp, "off-origin: " + nums(off)
	}
	return Ramp, neuronsDo(kinks, "bends", "bend") + " one way"
}

// spectralName names an outcome from its bins' shapes, best shape first:
// "bins 1 and 3 pyramids, bin 2 valley, bins 0 and 4 dead".
func spectralName(bins []SpectralBin) string {
	var parts []string
	for _, s := range append(slices.Clone(BinShapes), "") {
		var ks []int
		for _, b := range bins {
			if b.Shape == s {
				ks = append(ks, b.Bin)
			}
		}
		switch {
		case len(ks) == 1:
			parts = append(parts, fmt.Sprintf("bin %d %s", ks[0], shapeWord(s, false)))
		case len(ks) > 1:
			parts = append(parts, fmt.Sprintf("bins %s %s", joinNums(ks), shapeWord(s, true)))
		}
	}
	return strings.Join(parts, ", ")
}

// Words says what the run is in one line: its Name, then its mixed units,
// "; units 5 and 9 mixed".
func (r SpectralReport) Words() string {
	switch m := r.Mixed; {
	case len(m) == 1:
		return fmt.Sprintf("%s; unit %d mixed", r.Name, m[0])
	case len(m) > maxNamed:
		return fmt.Sprintf("%s; %d units mixed", r.Name, len(m))
	case len(m) > 1:
		return fmt.Sprintf("%s; units %s mixed", r.Name, joinNums(m))
	}
	return r.Name
}

// shapeWord returns the word for shape s, in the plural for several bins.
func shapeWord(s Basin, plural bool) string {
	switch {
	case s == "":
		return "unnamed"
	case s == DeadBin || !plural:
		return string(s)
	}
	return string(s) + "s"
}
