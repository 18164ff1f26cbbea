package train

import (
	"fmt"
	"math"
)

// dftBasis is the orthonormal real DFT basis of signals of n samples, n
// even and at least 4, bin by bin: bin 0 (DC) and bin n/2 (Nyquist) hold
// one vector each, every other bin k two, Re_k and Im_k:
//
//	DC[t]   = 1/√n
//	Re_k[t] = √(2/n)·cos(2πkt/n)
//	Im_k[t] = −√(2/n)·sin(2πkt/n)       k = 1 … n/2−1
//	Nyq[t]  = (−1)ᵗ/√n
//
// so that Re_k·x = √(2/n)·Re X_k and Im_k·x = √(2/n)·Im X_k for the DFT
// X_k = Σₜ xₜ·e^{−2πikt/n}: a bin's plane is the plane of X_k, scaled.
type dftBasis [][][]float64

// newDFTBasis returns the basis of signals of n samples.
func newDFTBasis(n int) dftBasis {
	b := make(dftBasis, n/2+1)
	for k := range b {
		re, im := make([]float64, n), make([]float64, n)
		for t := range n {
			// Reduce kt mod n first: the angle stays small and exact at
			// the quarter turns, where cos and sin are 0 or ±1.
			a := 2 * math.Pi * float64(k*t%n) / float64(n)
			re[t], im[t] = math.Cos(a), -math.Sin(a)
		}
		if k == 0 || 2*k == n {
			scale(re, 1/math.Sqrt(float64(n)))
			b[k] = [][]float64{re}
			continue
		}
		scale(re, math.Sqrt(2/float64(n)))
		scale(im, math.Sqrt(2/float64(n)))
		b[k] = [][]float64{re, im}
	}
	return b
}

// real reports whether bin k has one basis vector: DC or Nyquist.
func (b dftBasis) real(k int) bool { return len(b[k]) == 1 }

// project returns w's coordinates in bin k: (w·Re_k, w·Im_k), or (w·DC, 0)
// and (w·Nyq, 0) for the real bins.
func (b dftBasis) project(w []float64, k int) (re, im float64) {
	re = dot(w, b[k][0])
	if !b.real(k) {
		im = dot(w, b[k][1])
	}
	return re, im
}

// SpectralUnit is one first-layer unit of a network of N inputs seen in
// the DFT basis. Its weight vector w splits into one part per bin, P_k w,
// whose squared norms sum to |w|²; the unit's dominant bin is the one
// holding the largest.
type SpectralUnit struct {
	Num int // 1-based, as on screen
	// Bin is the dominant bin k in 0 … N/2, or −1 if w = 0.
	Bin int
	// Share is the dominant bin's share of the weight norm, |P_Bin w|²/|w|²,
	// in [0, 1]: 1 for a unit that reads one bin alone, 2/N on average for
	// a random one.
	Share float64
	// Re and Im are w's coordinates in the dominant bin's plane,
	// (w·Re_k, w·Im_k); Im is 0 for DC and Nyquist.
	Re, Im float64
	// Angle is the direction of (Re, Im) in degrees, in (−180, 180]: in a
	// complex bin, the normal of the unit's boundary line in the plane of
	// X_k; in a real bin 0 or 180, the sign of w·DC or w·Nyq. NaN if w = 0.
	Angle float64
	// Offset is the signed distance −b/|P_Bin w| of the boundary from the
	// origin along that normal, in the units of the input samples. NaN if
	// w = 0.
	Offset float64
}

// Serves reports whether the unit reads its dominant bin at least twice
// as much as all the others together: Share ≥ ServeShare.
func (u SpectralUnit) Serves() bool { return u.Bin >= 0 && u.Share >= ServeShare }

// ServeShare is the least share of its weight norm a unit puts in its
// dominant bin to serve it; a unit below it is mixed and serves no bin.
const ServeShare = 2.0 / 3

// spectralUnit projects unit num (1-based) with incoming weights w and
// bias bias onto the bins of b.
func (b dftBasis) spectralUnit(num int, w []float64, bias float64) SpectralUnit {
	u := SpectralUnit{Num: num, Bin: -1, Angle: math.NaN(), Offset: math.NaN()}
	total := dot(w, w)
	if total == 0 {
		return u
	}
	best := -1.0
	for k := range b {
		re, im := b.project(w, k)
		if e := re*re + im*im; e > best {
			best, u.Bin, u.Re, u.Im = e, k, re, im
		}
	}
	u.Share = min(best/total, 1)
	r := hypot(u.Re, u.Im)
	u.Angle = math.Atan2(u.Im, u.Re) * 180 / math.Pi
	u.Offset = -bias / r
	return u
}

// SpectralUnits projects every first-layer unit of neurons, a network of
// n inputs as diagnose describes it, onto the DFT basis of n samples. It
// returns an error if n is odd or below 4, or a unit's weights are not n
// long.
func SpectralUnits(n int, neurons []Neuron) ([]SpectralUnit, error) {
	if n < 4 || n%2 != 0 {
		return nil, fmt.Errorf("spectral units: %d samples, want an even number ≥ 4", n)
	}
	basis := newDFTBasis(n)
	var us []SpectralUnit
	for _, nu := range neurons {
		if nu.Layer != 0 {
			continue
		}
		if len(nu.W) != n {
			return nil, fmt.Errorf("spectral units: neuron %d has %d weights, want %d", nu.Index+1, len(nu.W), n)
		}
		us = append(us, basis.spectralUnit(nu.Index+1, nu.W, nu.B))
	}
	return us, nil
}
