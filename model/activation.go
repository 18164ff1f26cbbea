package model

import (
	"fmt"
	"math"
	"strings"
)

// Activation is a hidden-layer nonlinearity, named and parameterised as in
// Keras 3. The zero value is ReLU.
type Activation int

// The activations. Each doc comment gives f(x); "slope" is the negative slope
// of LeakyReLU (a setting) or PReLU (a learned parameter per neuron).
const (
	ReLU        Activation = iota // max(0, x)
	LeakyReLU                     // x if x > 0, else slope·x
	PReLU                         // max(0, x) + α·min(0, x), α learned per neuron, starting at 0
	ELU                           // x if x > 0, else exp(x) − 1 (α = 1)
	SELU                          // λ·x if x > 0, else λ·α·(exp(x) − 1), α ≈ 1.6733, λ ≈ 1.0507
	GELU                          // x·Φ(x) = ½·x·(1 + erf(x/√2)), the exact form
	GELUTanh                      // ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
	SiLU                          // x·σ(x), also called swish
	Mish                          // x·tanh(softplus(x))
	Softplus                      // log(1 + exp(x))
	Softsign                      // x / (1 + |x|)
	Tanh                          // tanh(x)
	Sigmoid                       // σ(x) = 1 / (1 + exp(−x))
	HardSigmoid                   // clip(x/6 + ½, 0, 1), the Keras 3 form
	ReLU6                         // min(max(0, x), 6)
	Exponential                   // exp(x)
	Linear                        // x
	Abs                           // |x|; not in Keras, it fits |x+iy| exactly with two units per direction
)

// SELU constants, as in Keras 3.
const (
	seluAlpha = 1.6732632423543772
	seluScale = 1.0507009873554805
)

// Activations lists every activation in the order a key cycles through them.
var Activations = []Activation{
	ReLU, LeakyReLU, PReLU, ELU, SELU, GELU, GELUTanh, SiLU, Mish, Softplus,
	Softsign, Tanh, Sigmoid, HardSigmoid, ReLU6, Exponential, Linear, Abs,
}

var activationNames = [...]string{
	ReLU: "relu", LeakyReLU: "leaky_relu", PReLU: "prelu", ELU: "elu", SELU: "selu",
	GELU: "gelu", GELUTanh: "gelu_tanh", SiLU: "silu", Mish: "mish",
	Softplus: "softplus", Softsign: "softsign", Tanh: "tanh", Sigmoid: "sigmoid",
	HardSigmoid: "hard_sigmoid", ReLU6: "relu6", Exponential: "exponential",
	Linear: "linear", Abs: "abs",
}

// String returns the Keras 3 name of a, such as "leaky_relu".
func (a Activation) String() string {
	if a < 0 || int(a) >= len(activationNames) {
		return fmt.Sprintf("Activation(%d)", int(a))
	}
	return activationNames[a]
}

// MarshalText returns the Keras name of a.
func (a Activation) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText sets a from its Keras name.
func (a *Activation) UnmarshalText(b []byte) error {
	v, err := ParseActivation(string(b))
	*a = v
	return err
}

// ParseActivation returns the activation with the given Keras name; "swish"
// is accepted for silu. The error lists the valid names.
func ParseActivation(s string) (Activation, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "swish" {
		return SiLU, nil
	}
	for _, a := range Activations {
		if a.String() == s {
			return a, nil
		}
	}
	return 0, fmt.Errorf("unknown activation %q (valid: %s)", s, strings.Join(activationNames[:], ", "))
}

// F returns f(x). slope is the negative slope of LeakyReLU or PReLU and is
// ignored by the other activations.
func (a Activation) F(x, slope float64) float64 {
	switch a {
	case ReLU:
		return max(x, 0)
	case LeakyReLU:
		if x > 0 {
			return x
		}
		return slope * x
	case PReLU:
		return max(x, 0) + float64(slope*min(x, 0))
	case ELU:
		if x > 0 {
			return x
		}
		return math.Expm1(x)
	case SELU:
		if x > 0 {
			return seluScale * x
		}
		return seluScale * seluAlpha * math.Expm1(x)
	case GELU:
		return 0.5 * x * (1 + math.Erf(x/math.Sqrt2))
	case GELUTanh:
		return 0.5 * x * (1 + math.Tanh(geluC*(x+float64(0.044715*x*x*x))))
	case SiLU:
		return x * sigmoid(x)
	case Mish:
		return x * math.Tanh(softplus(x))
	case Softplus:
		return softplus(x)
	case Softsign:
		return x / (1 + math.Abs(x))
	case Tanh:
		return math.Tanh(x)
	case Sigmoid:
		return sigmoid(x)
	case HardSigmoid:
		return min(max(x/6+0.5, 0), 1)
	case ReLU6:
		return min(max(x, 0), 6)
	case Exponential:
		return math.Exp(x)
	case Linear:
		return x
	case Abs:
		return math.Abs(x)
	}
	panic("model: unknown activation " + a.String())
}

// Df returns f′(x). At a kink it returns the right-hand derivative for x > 0
// and the left-hand one at x = 0, as TensorFlow does for relu: relu′(0) = 0.
func (a Activation) Df(x, slope float64) float64 {
	switch a {
	case ReLU:
		if x > 0 {
			return 1
		}
		return 0
	case LeakyReLU, PReLU:
		if x > 0 {
			return 1
		}
		return slope
	case ELU:
		if x > 0 {
			return 1
		}
		return math.Exp(x)
	case SELU:
		if x > 0 {
			return seluScale
		}
		return seluScale * seluAlpha * math.Exp(x)
	case GELU:
		return float64(0.5*(1+math.Erf(x/math.Sqrt2))) + float64(x*math.Exp(-0.5*x*x)/math.Sqrt(2*math.Pi))
	case GELUTanh:
		u := geluC * (x + float64(0.044715*x*x*x))
		th := math.Tanh(u)
		return float64(0.5*(1+th)) + float64(0.5*x*(1-float64(th*th))*geluC*(1+float64(3*0.044715*x*x)))
	case SiLU:
		s := sigmoid(x)
		return s * (1 + float64(x*(1-s)))
	case Mish:
		sp := softplus(x)
		th := math.Tanh(sp)
		return th + float64(x*(1-float64(th*th))*sigmoid(x))
	case Softplus:
		return sigmoid(x)
	case Softsign:
		d := 1 + math.Abs(x)
		return 1 / (d * d)
	case Tanh:
		th := math.Tanh(x)
		return 1 - float64(th*th)
	case Sigmoid:
		s := sigmoid(x)
		return s * (1 - s)
	case HardSigmoid:
		if x > -3 && x < 3 {
			return 1.0 / 6
		}
		return 0
	case ReLU6:
		if x > 0 && x < 6 {
			return 1
		}
		return 0
	case Exponential:
		return math.Exp(x)
	case Linear:
		return 1
	case Abs:
		return sign(x)
	}
	panic("model: unknown activation " + a.String())
}

// geluC is √(2/π), the constant of the tanh approximation of GELU.
var geluC = math.Sqrt(2 / math.Pi)

// sigmoid returns 1/(1+exp(−x)) without overflow for large |x|.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// softplus returns log(1+exp(x)) without overflow for large x.
func softplus(x float64) float64 {
	if x > 30 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}
