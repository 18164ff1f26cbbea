package train

import (
	"math"
	"math/rand/v2"
	"sync"
)

// Spectrum returns N, the samples of a signal, for the amplitude spectrum
// task of N samples, and 0 for the other tasks.
func (k Task) Spectrum() int {
	switch k {
	case TaskSpectrum4:
		return 4
	case TaskSpectrum8:
		return 8
	case TaskSpectrum16:
		return 16
	case TaskSpectrum32:
		return 32
	}
	return 0
}

// SpectrumWidth returns the default width of the amplitude spectrum of n
// samples, 3·(n/2 − 1) + 4: three units per complex bin build its
// pyramid, two per real bin (DC, Nyquist) its fold |a|.
func SpectrumWidth(n int) int { return 3*(n/2-1) + 4 }

// RealBinScale is the factor of the DC and Nyquist targets (see
// SpectrumTargets), π/(2√2) ≈ 1.1107: for N(0, σ²) samples, the ratio of
// the means of |X_k|/√n in a complex bin (σ·√π/2, Rayleigh) and in a real
// one (σ·√(2/π), half-normal).
const RealBinScale = math.Pi / (2 * math.Sqrt2)

// SpectrumTargets sets t[k] to the target of bin k of the signal x of
// n = len(x) samples, k = 0 … n/2, from its DFT X_k = Σₜ xₜ·e^{−2πikt/n}:
//
//	t[k] = |X_k|/√n                  for 0 < k < n/2
//	t[k] = (π/(2√2))·|X_k|/√n        for k = 0 and k = n/2 (DC, Nyquist)
//
// For samples drawn i.i.d. with mean 0 and variance σ², E t[k]² = σ² in a
// complex bin and (π²/8)·σ² in a real one, whatever the distribution; for
// N(0, σ²) samples every bin's target has mean σ·√π/2 ≈ 0.886σ (Rayleigh
// in a complex bin, half-normal times π/(2√2) in a real one) and variance
// (1 − π/4)·σ² ≈ 0.215σ² in a complex bin, (π²/8 − π/4)·σ² ≈ 0.448σ² in a
// real one. The sums are those of the orthonormal DFT basis (see
// newDFTBasis): |X_k|/√n = √(⟨x, Re_k⟩² + ⟨x, Im_k⟩²)/√2 in a complex bin
// and |⟨x, DC⟩| in a real one, every product rounded before it is added.
func SpectrumTargets(t, x []float64) {
	b := spectrumBasis(len(x))
	for k, vs := range b {
		re := dot(vs[0], x)
		if b.real(k) {
			t[k] = float64(RealBinScale * math.Abs(re))
			continue
		}
		t[k] = hypot(re, dot(vs[1], x)) / math.Sqrt2
	}
}

// spectrumBases holds the DFT basis of each signal length, computed once.
var spectrumBases sync.Map // int → dftBasis

// spectrumBasis returns the DFT basis of n samples.
func spectrumBasis(n int) dftBasis {
	if v, ok := spectrumBases.Load(n); ok {
		return v.(dftBasis)
	}
	v, _ := spectrumBases.LoadOrStore(n, newDFTBasis(n))
	return v.(dftBasis)
}

// sampleSpectrum draws len(in[0]) signals of len(in) samples from d into
// the columns in, sample by sample and within a sample in time order, and
// sets the columns out to their targets (see SpectrumTargets). d is Normal
// (N(0, 1)) or Uniform (U(−1, 1)). It allocates nothing.
func sampleSpectrum(d Data, in, out [][]float64, rng *rand.Rand) {
	var x, t [32]float64
	xs, ts := x[:len(in)], t[:len(out)]
	for i := range in[0] {
		for j := range xs {
			switch d {
			case Normal:
				xs[j] = rng.NormFloat64()
			case Uniform:
				xs[j] = float64(2*rng.Float64()) - 1
			default:
				panic("train: the amplitude spectrum takes normal or uniform data")
			}
			in[j][i] = xs[j]
		}
		SpectrumTargets(ts, xs)
		for k, v := range ts {
			out[k][i] = v
		}
	}
}

// spectrumWhy says in words what the bins of a network learning the
// amplitude spectrum of n samples are (see DiagnoseSpectrum), or why they
// cannot be read.
func spectrumWhy(n int, neurons []Neuron) string {
	r, err := DiagnoseSpectrum(n, neurons)
	if err != nil {
		return "bins not read: the DFT-basis reading takes one hidden layer"
	}
	return r.Name
}
