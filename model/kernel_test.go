package model

import (
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"runtime"
	"testing"

	"relulab/internal/digest"
)

var update = flag.Bool("update", false, "rewrite testdata/shallow.digest from this machine")

// identityCase is one shallow network and batch of the identity tests.
type identityCase struct {
	width, m int
}

// identityCases covers every width 1–64, each with batch sizes around the
// kernel's block of four (tails of 1–3) and odd ones, and the widths
// around the kernel's groups of four neurons with batches up to 1024.
func identityCases(rng *rand.Rand) []identityCase {
	var cs []identityCase
	for w := 1; w <= 64; w++ {
		for _, m := range []int{1, 2, 3, 4, 5, 7, 8, 9, 31, 32, 33, 1 + rng.IntN(200)} {
			cs = append(cs, identityCase{w, m})
		}
	}
	for _, w := range []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 33, 63, 64} {
		for _, m := range []int{255, 1023, 1024, 1 + rng.IntN(1024)} {
			cs = append(cs, identityCase{w, m})
		}
	}
	return cs
}

// shallowRun is what one training pass gives, the loss and the gradient,
// and what Forward gives: the outputs and the neurons' z and h.
type shallowRun struct {
	loss      float64
	grad, out []float64
	units     []float64
}

// runShallow trains and evaluates n once on (x, y, t), with the vector
// kernel on or off, and collects every number the pass produces.
func runShallow(n *Net, x, y, t []float64, simd bool) shallowRun {
	ws := n.NewWorkspace(len(x))
	ws.SetSIMD(simd)
	var r shallowRun
	r.grad = make([]float64, len(n.Params))
	r.loss = n.Gradient(r.grad, ws, x, y, t, 0, nil) // leaves z and h unspecified
	r.out = append([]float64(nil), n.Forward(ws, x, y)...)
	for j := range n.Hidden()[0] {
		z, h := ws.Unit(0, j)
		r.units = append(append(r.units, z...), h...)
	}
	return r
}

// identityNet returns a random shallow network of the given width whose
// neurons are active on some samples and not on others, some exactly
// at z = 0 (bias and weights zero), with a sample at the origin.
func identityNet(rng *rand.Rand, width int) *Net {
	n := New([]int{width}, ReLU, 0)
	for i := range n.Params {
		n.Params[i] = float64(3*rng.Float64()) - 1.5
	}
	if width > 1 {
		j := rng.IntN(width)
		n.Params[2*j], n.Params[2*j+1], n.Params[2*width+j] = 0, 0, 0
	}
	return n
}

// uniformBatch returns m samples uniform on [−1, 1]² with targets |x+iy|,
// computed the same way on every machine.
func uniformBatch(rng *rand.Rand, m int) (x, y, t []float64) {
	x, y, t = make([]float64, m), make([]float64, m), make([]float64, m)
	for i := range x {
		x[i], y[i] = float64(2*rng.Float64())-1, float64(2*rng.Float64())-1
		t[i] = math.Sqrt(float64(x[i]*x[i]) + float64(y[i]*y[i]))
	}
	x[0], y[0] = 0, 0
	return x, y, t
}

func (r shallowRun) digest(d *digest.Digest) {
	d.Put(r.loss)
	d.Put(r.grad...)
	d.Put(r.out...)
	d.Put(r.units...)
}

// TestKernelIdentity checks that the vector kernel and the portable Go give
// the same bits, for every width 1–64 and batch sizes 1–1024.
func TestKernelIdentity(t *testing.T) {
	if !haveKernel {
		t.Skipf("no vector kernel on %s with these build tags: TestShallowDigest pins the portable path", runtime.GOARCH)
	}
	rng := rand.New(rand.NewPCG(15, 15))
	for _, c := range identityCases(rng) {
		n := identityNet(rng, c.width)
		x, y, tg := uniformBatch(rng, c.m)
		simd, port := runShallow(n, x, y, tg, true), runShallow(n, x, y, tg, false)
		ds, dp := digest.New(), digest.New()
		simd.digest(ds)
		port.digest(dp)
		if ds.Sum() != dp.Sum() {
			t.Errorf("width %d, batch %d: kernel and Go differ: loss %x vs %x, grad %v vs %v",
				c.width, c.m, math.Float64bits(simd.loss), math.Float64bits(port.loss), simd.grad, port.grad)
		}
	}
}

// TestShallowDigest checks the bits of the shallow path against those
// recorded on amd64 in testdata/shallow.digest, so that every machine
// (arm64 under qemu in CI, amd64 with and without the kernel, GOAMD64=v3)
// must compute the same numbers. Regenerate with -update only when the
// canonical order of shallow.go changes on purpose.
func TestShallowDigest(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 15))
	d := digest.New()
	for _, c := range identityCases(rng) {
		n := identityNet(rng, c.width)
		x, y, tg := uniformBatch(rng, c.m)
		runShallow(n, x, y, tg, true).digest(d)
	}
	d.Check(t, "testdata/shallow.digest", *update)
}

// TestSquaredError checks SquaredError against the squared errors of
// Forward's outputs added to four lanes, sample i to lane i mod 4, bit for
// bit, with the vector kernel and without, for every width 1–64 and batch
// sizes 1–1024, taking each batch whole and in two chunks cut at a
// multiple of 4, which continue the lanes; and for a network of two hidden
// layers, which takes the general path.
func TestSquaredError(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 16))
	cases := identityCases(rng)
	nets := make([]*Net, len(cases))
	for i, c := range cases {
		nets[i] = identityNet(rng, c.width)
	}
	deep := New([]int{5, 3}, ReLU, 0)
	deep.Init(GlorotUniform, rng)
	cases, nets = append(cases, identityCase{5, 37}), append(nets, deep)
	start := [4]float64{0.25, 0.5, 0, 1}
	for i, c := range cases {
		n := nets[i]
		x, y, tg := uniformBatch(rng, c.m)
		ws := n.NewWorkspace(c.m)
		ws.SetSIMD(false)
		want := start
		for i, o := range n.Forward(ws, x, y) {
			r := o - tg[i]
			want[i%4] += float64(r * r)
		}
		for _, simd := range []bool{true, false} {
			if ws.SetSIMD(simd) != simd {
				continue
			}
			whole, parts := start, start
			n.SquaredError(ws, x, y, tg, &whole)
			cut := 4 * rng.IntN(c.m/4+1)
			n.SquaredError(ws, x[:cut], y[:cut], tg[:cut], &parts)
			n.SquaredError(ws, x[cut:], y[cut:], tg[cut:], &parts)
			if whole != want || parts != want {
				t.Errorf("width %d, batch %d, kernel %v: SquaredError %v whole, %v cut at %d; Forward gives %v",
					c.width, c.m, simd, whole, parts, cut, want)
			}
		}
	}
}

// TestCanonicalOrder checks the shallow path, with the vector kernel and
// without, against the canonical order of shallow.go written out plainly
// here: the forward pass sample by sample, every sum over the batch in
// four lanes, sample i in lane i mod 4, combined as (l₀+l₁)+(l₂+l₃).
func TestCanonicalOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 17))
	for _, c := range identityCases(rng) {
		n := identityNet(rng, c.width)
		x, y, tg := uniformBatch(rng, c.m)
		loss, grad := canonicalGradient(n, x, y, tg)
		for _, simd := range []bool{true, false} {
			got := runShallow(n, x, y, tg, simd)
			if math.Float64bits(got.loss) != math.Float64bits(loss) {
				t.Errorf("width %d, batch %d, kernel %v: loss %v, canonical order gives %v", c.width, c.m, simd, got.loss, loss)
			}
			for i := range grad {
				if math.Float64bits(got.grad[i]) != math.Float64bits(grad[i]) {
					t.Errorf("width %d, batch %d, kernel %v: gradient %d is %v, canonical order gives %v", c.width, c.m, simd, i, got.grad[i], grad[i])
					break
				}
			}
		}
	}
}

// canonicalGradient returns the loss and gradient of the shallow network
// n on (x, y, t) in the canonical order, with n's parameters laid out as
// (a₀ⱼ, a₁ⱼ) at 2j, bⱼ at 2n+j, vⱼ at 3n+j and b_out at 4n.
func canonicalGradient(n *Net, x, y, t []float64) (float64, []float64) {
	w := n.Hidden()[0]
	p := n.Params
	m := len(x)
	var loss, sumE [4]float64
	s := make([][3][4]float64, w)
	for i := range m {
		o := p[4*w]
		h := make([]float64, w)
		for j := range w {
			z := float64(p[2*w+j]+float64(p[2*j]*x[i])) + float64(p[2*j+1]*y[i])
			if z > 0 {
				h[j] = z
			}
			o += float64(p[3*w+j] * h[j])
		}
		r := o - t[i]
		e := float64(float64(2/float64(m)) * r)
		loss[i%4] += float64(r * r)
		sumE[i%4] += e
		for j := range w {
			if h[j] > 0 {
				s[j][0][i%4] += e
				s[j][1][i%4] += float64(e * x[i])
				s[j][2][i%4] += float64(e * y[i])
			}
		}
	}
	total := func(l [4]float64) float64 { return float64(l[0]+l[1]) + float64(l[2]+l[3]) }
	grad := make([]float64, len(p))
	grad[4*w] = total(sumE)
	for j := range w {
		a0, a1, b, v := p[2*j], p[2*j+1], p[2*w+j], p[3*w+j]
		sj, s0, s1 := total(s[j][0]), total(s[j][1]), total(s[j][2])
		grad[3*w+j] = float64(float64(b*sj)+float64(a0*s0)) + float64(a1*s1)
		grad[2*w+j], grad[2*j], grad[2*j+1] = v*sj, v*s0, v*s1
	}
	return total(loss) / float64(m), grad
}

// TestKernelRegisters checks that the generated kernels name only the
// sixteen vector registers AVX2 can encode: avo's allocator may hand out
// Y16–Y31 under pressure, which the assembler would encode as AVX-512
// instructions that fault on an AVX2 CPU.
func TestKernelRegisters(t *testing.T) {
	for _, f := range []string{"kernel_amd64.s", "../train/optim/adam_amd64.s"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if r := regexp.MustCompile(`\b[XYZ](1[6-9]|2[0-9]|3[01])\b|\bZ[0-9]+\b`).Find(b); r != nil {
			t.Errorf("%s uses %s, which AVX2 cannot encode", f, r)
		}
	}
}
