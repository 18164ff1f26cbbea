package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Initializer draws the starting kernels, with the formulas and defaults of
// Keras 3. Biases and PReLU slopes always start at zero. The zero value is
// GlorotUniform, the default of a Keras Dense layer.
//
// The variance-scaling initializers draw from U(−limit, limit) with
// limit = √(3·s) or from a normal distribution truncated at two standard
// deviations with σ = √s / 0.8796 (Keras's correction, so that the truncated
// values have variance s), where s is the scale divided by the fan:
//
//	glorot: s = 2 / (fanIn + fanOut)   he: s = 2 / fanIn   lecun: s = 1 / fanIn
type Initializer int

// The initializers.
const (
	GlorotUniform Initializer = iota // U(±√(6/(fanIn+fanOut)))
	GlorotNormal                     // truncated normal, variance 2/(fanIn+fanOut)
	HeUniform                        // U(±√(6/fanIn))
	HeNormal                         // truncated normal, variance 2/fanIn
	LecunUniform                     // U(±√(3/fanIn))
	LecunNormal                      // truncated normal, variance 1/fanIn
	Orthogonal                       // Q of the QR decomposition of a normal matrix, gain 1
	RandomNormal                     // N(0, 0.05²), not truncated
	RandomUniform                    // U(±0.05)
	Zeros                            // all zero: every neuron starts alike and stays alike
	// Spread, which Keras lacks, turns the weight vectors of a kernel fed
	// by two inputs (the first layer's) evenly around the circle: neuron j
	// points at θ + 2πj/fanOut for one random θ, with the length
	// √(4/(2+fanOut)) that a glorot_uniform row has on average. Other
	// kernels are glorot_uniform. No two neurons start alike or opposite.
	Spread
)

// Initializers lists every initializer in the order a key cycles through them.
var Initializers = []Initializer{
	GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal,
	Orthogonal, RandomNormal, RandomUniform, Zeros, Spread,
}

var initializerNames = [...]string{
	GlorotUniform: "glorot_uniform", GlorotNormal: "glorot_normal",
	HeUniform: "he_uniform", HeNormal: "he_normal",
	LecunUniform: "lecun_uniform", LecunNormal: "lecun_normal",
	Orthogonal: "orthogonal", RandomNormal: "random_normal",
	RandomUniform: "random_uniform", Zeros: "zeros", Spread: "spread",
}

// String returns the Keras 3 name of in, such as "he_normal".
func (in Initializer) String() string {
	if in < 0 || int(in) >= len(initializerNames) {
		return fmt.Sprintf("Initializer(%d)", int(in))
	}
	return initializerNames[in]
}

// MarshalText returns the Keras name of in.
func (in Initializer) MarshalText() ([]byte, error) { return []byte(in.String()), nil }

// UnmarshalText sets in from its Keras name.
func (in *Initializer) UnmarshalText(b []byte) error {
	v, err := ParseInitializer(string(b))
	*in = v
	return err
}

// ParseInitializer returns the initializer with the given Keras name. The
// error lists the valid names.
func ParseInitializer(s string) (Initializer, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, in := range Initializers {
		if in.String() == s {
			return in, nil
		}
	}
	return 0, fmt.Errorf("unknown initializer %q (valid: %s)", s, strings.Join(initializerNames[:], ", "))
}

// truncatedNormalCorrection is the standard deviation of N(0, 1) truncated
// to [−2, 2]; Keras divides σ by it.
const truncatedNormalCorrection = 0.87962566103423978

// Kernel fills w, a kernel stored as fanOut rows of fanIn weights (row j holds
// the incoming weights of output neuron j), with draws from rng. It panics if
// len(w) ≠ fanIn·fanOut.
func (in Initializer) Kernel(w []float64, fanIn, fanOut int, rng *rand.Rand) {
	if len(w) != fanIn*fanOut {
		panic("model: kernel length mismatch")
	}
	if in == Spread && fanIn != 2 {
		in = GlorotUniform
	}
	switch in {
	case Spread:
		theta, r := float64(2*math.Pi*rng.Float64()), math.Sqrt(4/float64(2+fanOut))
		for j := range fanOut {
			a := theta + float64(2*math.Pi*float64(j)/float64(fanOut))
			w[2*j], w[2*j+1] = r*math.Cos(a), r*math.Sin(a)
		}
	case GlorotUniform, HeUniform, LecunUniform:
		limit := math.Sqrt(3 * in.scale(fanIn, fanOut))
		for i := range w {
			w[i] = limit * (float64(2*rng.Float64()) - 1)
		}
	case GlorotNormal, HeNormal, LecunNormal:
		sd := math.Sqrt(in.scale(fanIn, fanOut)) / truncatedNormalCorrection
		for i := range w {
			w[i] = sd * truncatedNormal(rng)
		}
	case Orthogonal:
		orthogonal(w, fanIn, fanOut, rng)
	case RandomNormal:
		for i := range w {
			w[i] = 0.05 * rng.NormFloat64()
		}
	case RandomUniform:
		for i := range w {
			w[i] = 0.05 * (float64(2*rng.Float64()) - 1)
		}
	case Zeros:
		clear(w)
	default:
		panic("model: unknown initializer " + in.String())
	}
}

// scale returns the variance s of a variance-scaling initializer.
func (in Initializer) scale(fanIn, fanOut int) float64 {
	switch in {
	case GlorotUniform, GlorotNormal:
		return 2 / float64(fanIn+fanOut)
	case HeUniform, HeNormal:
		return 2 / float64(fanIn)
	}
	return 1 / float64(fanIn)
}

// truncatedNormal returns a standard normal draw conditioned on |x| ≤ 2,
// redrawing as Keras does.
func truncatedNormal(rng *rand.Rand) float64 {
	for {
		if x := rng.NormFloat64(); math.Abs(x) <= 2 {
			return x
		}
	}
}

// orthogonal fills w as Keras's Orthogonal does for a kernel of shape
// (fanIn, fanOut): Q of the QR decomposition of an m×n standard normal matrix,
// m = max(fanIn, fanOut), n = min(fanIn, fanOut), with the signs fixed so that
// diag(R) > 0, transposed when fanIn < fanOut. The kernel then has orthonormal
// columns (fanIn ≥ fanOut) or orthonormal rows (fanIn < fanOut).
func orthogonal(w []float64, fanIn, fanOut int, rng *rand.Rand) {
	m, n := max(fanIn, fanOut), min(fanIn, fanOut)
	q := make([]float64, m*n) // column-major: column c is q[c*m : c*m+m]
	for i := range q {
		q[i] = rng.NormFloat64()
	}
	// Modified Gram–Schmidt gives Q with diag(R) > 0 directly.
	for c := range n {
		col := q[c*m : c*m+m]
		for p := range c {
			prev := q[p*m : p*m+m]
			dot := 0.0
			for i := range col {
				dot += float64(col[i] * prev[i])
			}
			for i := range col {
				col[i] -= float64(dot * prev[i])
			}
		}
		norm := 0.0
		for _, v := range col {
			norm += float64(v * v)
		}
		norm = math.Sqrt(norm)
		for i := range col {
			col[i] /= norm
		}
	}
	for j := range fanOut {
		for k := range fanIn {
			// Keras kernel K[k][j] is Q[k][j] when fanIn ≥ fanOut, else Q[j][k].
			if fanIn >= fanOut {
				w[j*fanIn+k] = q[j*m+k]
			} else {
				w[j*fanIn+k] = q[k*m+j]
			}
		}
	}
}
