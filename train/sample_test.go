package train

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSampleDrawsAsRand checks that Data.Sample, which calls the PCG
// itself, draws what rand.Rand's Float64 and NormFloat64 on the same PCG
// give, written out plainly, and leaves the PCG where they leave it.
func TestSampleDrawsAsRand(t *testing.T) {
	for _, d := range AllData {
		for _, n := range []int{0, 1, 7, 32, 1000} {
			x, y, tt := make([]float64, n), make([]float64, n), make([]float64, n)
			src := rand.NewPCG(uint64(n), 9)
			d.Sample(x, y, tt, src)
			rng := rand.New(rand.NewPCG(uint64(n), 9))
			for i := range n {
				var wx, wy float64
				switch d {
				case Uniform:
					wx, wy = 2*rng.Float64()-1, 2*rng.Float64()-1
				case Normal:
					wx, wy = rng.NormFloat64(), rng.NormFloat64()
				case Disk:
					r, th := math.Sqrt(rng.Float64()), 2*math.Pi*rng.Float64()
					wx, wy = r*math.Cos(th), r*math.Sin(th)
				}
				if x[i] != wx || y[i] != wy || tt[i] != hypotPlain(wx, wy) {
					t.Fatalf("%v, %d samples: sample %d (%v, %v) → %v; want (%v, %v) → %v", d, n, i, x[i], y[i], tt[i], wx, wy, hypotPlain(wx, wy))
				}
			}
			if src.Uint64() != rng.Uint64() {
				t.Fatalf("%v, %d samples: the PCG is not where rand.Rand leaves it", d, n)
			}
		}
	}
}

// TestHypotSpecialValues checks hypot against hypotPlain, bit for bit, on
// every pair of zeros of both signs, subnormals, extremes, ±Inf and NaN,
// and on random pairs of magnitudes far apart.
func TestHypotSpecialValues(t *testing.T) {
	vs := []float64{0, 5e-324, 2.2250738585072014e-308, 1e-200, 0.5, 1, 1.5, 3, 1e200,
		math.MaxFloat64, math.Inf(1), math.NaN(), math.Float64frombits(0x7ff0_0000_0000_0001)}
	for _, v := range vs[:len(vs)-2] {
		vs = append(vs, -v)
	}
	vs = append(vs, math.Copysign(math.NaN(), -1))
	check := func(p, q float64) {
		got, want := hypot(p, q), hypotPlain(p, q)
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("hypot(%v, %v) = %v (%#x); want %v (%#x)", p, q, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
	for _, p := range vs {
		for _, q := range vs {
			check(p, q)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		check(math.Ldexp(rng.NormFloat64(), rng.IntN(2100)-1075), math.Ldexp(rng.NormFloat64(), rng.IntN(2100)-1075))
	}
}

// hypotPlain is hypot as its formula reads, case by case: |p+iq| =
// max·√(1 + (min/max)²), +Inf if either is ±Inf, else NaN if either is
// NaN, 0 if both are zero.
func hypotPlain(p, q float64) float64 {
	p, q = math.Abs(p), math.Abs(q)
	switch {
	case math.IsInf(p, 1) || math.IsInf(q, 1):
		return math.Inf(1)
	case math.IsNaN(p) || math.IsNaN(q):
		return math.NaN()
	}
	p, q = max(p, q), min(p, q)
	if p == 0 {
		return 0
	}
	q /= p
	return p * math.Sqrt(1+float64(q*q))
}

// TestHypotKernel checks that hypots gives the bits of hypot with the
// vector kernel and without it, for 0 to 70 samples of magnitudes from
// subnormal to huge, some of them zero in both coordinates, ±Inf or NaN,
// which the kernel leaves to Go.
func TestHypotKernel(t *testing.T) {
	if !haveKernel {
		t.Skip("no vector kernel on this machine; the Go path runs alone")
	}
	defer func(u bool) { useHypotKernel = u }(useHypotKernel)
	rng := rand.New(rand.NewPCG(5, 6))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN()}
	fallbacks := 0
	for n := range 71 {
		for round := range 20 {
			x, y := make([]float64, n), make([]float64, n)
			for i := range n {
				x[i] = math.Ldexp(rng.NormFloat64(), rng.IntN(2100)-1075)
				y[i] = math.Ldexp(rng.NormFloat64(), rng.IntN(2100)-1075)
				if round%4 == 0 && rng.IntN(16) == 0 {
					x[i], y[i] = special[rng.IntN(len(special))], special[rng.IntN(len(special))]
				}
			}
			if n >= 4 && !hypotKernel(make([]float64, n), x, y) {
				fallbacks++
			}
			vec, scalar := make([]float64, n), make([]float64, n)
			useHypotKernel = true
			hypots(vec, x, y)
			useHypotKernel = false
			hypots(scalar, x, y)
			for i := range n {
				if math.Float64bits(vec[i]) != math.Float64bits(scalar[i]) || math.Float64bits(vec[i]) != math.Float64bits(hypotPlain(x[i], y[i])) {
					t.Fatalf("%d samples: |%v + i%v| = %v with the kernel, %v without, %v by the formula", n, x[i], y[i], vec[i], scalar[i], hypotPlain(x[i], y[i]))
				}
			}
		}
	}
	if fallbacks == 0 {
		t.Error("the kernel never reported a zero, ±Inf or NaN")
	}
}

// TestReLUSampleDrawsAsAbs checks that TaskReLU draws the inputs TaskAbs
// draws, keeps x, sets y to 0 and the target to max(0, x), and leaves the
// PCG where TaskAbs leaves it.
func TestReLUSampleDrawsAsAbs(t *testing.T) {
	for _, d := range AllData {
		const n = 33
		ax, ay, at := make([]float64, n), make([]float64, n), make([]float64, n)
		rx, ry, rt := make([]float64, n), make([]float64, n), make([]float64, n)
		a, r := rand.NewPCG(4, 5), rand.NewPCG(4, 5)
		TaskAbs.Sample(d, ax, ay, at, a)
		TaskReLU.Sample(d, rx, ry, rt, r)
		for i := range n {
			if rx[i] != ax[i] || ry[i] != 0 || rt[i] != max(0, ax[i]) {
				t.Fatalf("%v: sample %d of relu (%v, %v) → %v; want (%v, 0) → %v", d, i, rx[i], ry[i], rt[i], ax[i], max(0, ax[i]))
			}
		}
		if a.Uint64() != r.Uint64() {
			t.Fatalf("%v: relu leaves the PCG elsewhere than abs", d)
		}
	}
}
