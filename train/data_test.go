package train

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestDistributions(t *testing.T) {
	for _, d := range AllData {
		s := HeldOut(TaskAbs, d)
		if s.Len() != HeldOutSize {
			t.Fatalf("%v: %d held-out samples", d, s.Len())
		}
		var mx, my, vx, r2max float64
		for i := range s.X {
			x, y := s.X[i], s.Y[i]
			if s.T[i] != math.Hypot(x, y) {
				t.Fatalf("%v: target %v ≠ |%v+i%v|", d, s.T[i], x, y)
			}
			mx += x
			my += y
			vx += x * x
			r2max = max(r2max, x*x+y*y)
			if d == Uniform && (math.Abs(x) > 1 || math.Abs(y) > 1) {
				t.Fatalf("uniform sample (%v, %v) outside the square", x, y)
			}
		}
		n := float64(s.Len())
		mx, my, vx = mx/n, my/n, vx/n
		want := map[Data]float64{Uniform: 1.0 / 3, Normal: 1, Disk: 0.25}[d] // E[x²]
		if math.Abs(mx) > 0.03 || math.Abs(my) > 0.03 || math.Abs(vx/want-1) > 0.05 {
			t.Errorf("%v: mean (%.3f, %.3f), E[x²] %.3f, want 0 and %.3f", d, mx, my, vx, want)
		}
		if d == Disk && r2max > 1 {
			t.Errorf("disk sample at radius %v", math.Sqrt(r2max))
		}
		if d == Normal && r2max < 9 {
			t.Errorf("normal samples never left radius 3 in 10,000 draws")
		}
	}
	a, b := HeldOut(TaskAbs, Uniform), HeldOut(TaskAbs, Uniform)
	if !slices.Equal(a.X, b.X) {
		t.Error("the held-out set differs between calls")
	}
}

// TestShuffleIsUniform checks that Shuffle permutes, and that each sample is
// equally likely to land in each position (a χ² test on one sample).
func TestShuffleIsUniform(t *testing.T) {
	const n, rounds = 8, 40000
	var counts [n]float64
	r := SplitMix64{State: 7}
	for range rounds {
		s := Dataset{X: make([]float64, n), Y: make([]float64, n), T: make([]float64, n)}
		for i := range n {
			s.X[i], s.Y[i], s.T[i] = float64(i), float64(i), float64(i)
		}
		s.Shuffle(&r)
		seen := make([]bool, n)
		for i := range n {
			if s.X[i] != s.Y[i] || s.X[i] != s.T[i] {
				t.Fatal("shuffle split a sample")
			}
			seen[int(s.X[i])] = true
			if s.X[i] == 0 {
				counts[i]++
			}
		}
		if slices.Contains(seen, false) {
			t.Fatal("shuffle lost a sample")
		}
	}
	chi2 := 0.0
	for _, c := range counts {
		e := float64(rounds) / n
		chi2 += (c - e) * (c - e) / e
	}
	if chi2 > 24.3 { // χ²(7) at p = 0.001
		t.Errorf("χ² = %.1f over %v: sample 0 does not land uniformly", chi2, counts)
	}
}

// shuffleSamples is the reference shuffle, Fisher–Yates written plainly on
// the columns cols: for i from n−1 down to 1 it swaps sample i with
// sample j = bounded(·, half of a draw, i+1), two swaps a draw, low half
// first. It returns how many draws took bounded's slow path (redraw).
func shuffleSamples(cols [][]float64, r *SplitMix64) (slow int) {
	swap := func(i int, j uint32) {
		for _, c := range cols {
			c[i], c[j] = c[j], c[i]
		}
	}
	draw := func(u uint32, n int) uint32 {
		if uint32(uint64(u)*uint64(n)) < uint32(n) {
			slow++
		}
		var j uint32
		r.State, j = bounded(r.State, u, uint32(n))
		return j
	}
	i := len(cols[0]) - 1
	for ; i > 1; i -= 2 {
		u := r.Uint64()
		swap(i, draw(uint32(u), i+1))
		swap(i-1, draw(uint32(u>>32), i))
	}
	if i == 1 {
		swap(1, draw(uint32(r.Uint64()), 2))
	}
	return slow
}

// TestShuffleIsFisherYates checks Shuffle against shuffleSamples over three
// epochs, on X, Y and T and on columns, and the generator's state after
// them; a set of 10⁶ samples, the most a run has, takes the slow path of
// bounded hundreds of times.
func TestShuffleIsFisherYates(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 64, 1001, 1_000_000} {
		rng := rand.New(rand.NewPCG(uint64(n), 1))
		cols := make([][]float64, 3)
		for k := range cols {
			cols[k] = make([]float64, n)
			for i := range cols[k] {
				cols[k][i] = rng.Float64()
			}
		}
		flat := Dataset{X: slices.Clone(cols[0]), Y: slices.Clone(cols[1]), T: slices.Clone(cols[2])}
		spec := Dataset{In: [][]float64{slices.Clone(cols[0])}, Out: [][]float64{slices.Clone(cols[1]), slices.Clone(cols[2])}}
		r0, r1, r2 := SplitMix64{State: uint64(n)}, SplitMix64{State: uint64(n)}, SplitMix64{State: uint64(n)}
		slow := 0
		for range 3 {
			slow += shuffleSamples(cols, &r0)
			flat.Shuffle(&r1)
			spec.Shuffle(&r2)
		}
		for k, got := range [][]float64{flat.X, flat.Y, flat.T} {
			if !slices.Equal(got, cols[k]) {
				t.Errorf("n=%d: column %d of X, Y, T differs from the reference", n, k)
			}
		}
		for k, got := range [][]float64{spec.In[0], spec.Out[0], spec.Out[1]} {
			if !slices.Equal(got, cols[k]) {
				t.Errorf("n=%d: column %d of In, Out differs from the reference", n, k)
			}
		}
		if r1 != r0 || r2 != r0 {
			t.Errorf("n=%d: the generator ends at %#x and %#x, the reference at %#x", n, r1.State, r2.State, r0.State)
		}
		if n == 1_000_000 && slow < 100 {
			t.Errorf("n=%d: %d draws took the slow path; it went untested", n, slow)
		}
	}
}

// TestBoundedIsInRange checks bounded on ranges up to 2³²−1, whose
// biased zones (2³² mod n of the 2³² values) are large enough for the
// redraws to happen.
func TestBoundedIsInRange(t *testing.T) {
	var s uint64
	rng := rand.New(rand.NewPCG(1, 1))
	redraws := 0
	for range 100000 {
		n := uint32(rng.Uint64N(1<<32-1) + 1)
		var u uint64
		s, u = splitMix(s)
		before := s
		var v uint32
		if s, v = bounded(s, uint32(u), n); v >= n {
			t.Fatalf("bounded(·, %d) = %d", n, v)
		}
		if s != before {
			redraws++
		}
	}
	if redraws == 0 {
		t.Error("bounded never drew again")
	}
}

// TestTrainingInputs checks that the inputs are those the trainer learns
// from: the trainer's own set, drawn from the seed, whatever the shuffle.
func TestTrainingInputs(t *testing.T) {
	c := DefaultConfig()
	c.Samples = 64
	x, y, streamed := TrainingInputs(c)
	want := newTrainingSet(c)
	if streamed || len(x) != 64 || !slices.Equal(x, want.X) || !slices.Equal(y, want.Y) {
		t.Fatalf("TrainingInputs(samples=64) = %d points, streamed %v; want the trainer's 64", len(x), streamed)
	}
	c.Seed++
	if x2, _, _ := TrainingInputs(c); slices.Equal(x2, x) {
		t.Error("another seed drew the same points")
	}
	c.Samples = 0
	if x, _, streamed := TrainingInputs(c); !streamed || len(x) != DefaultSamples {
		t.Errorf("streamed: %d points, streamed %v; want %d, true", len(x), streamed, DefaultSamples)
	}
}
