package train

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"

	"relulab/model"
	"relulab/train/optim"
)

// Optimum searches for the best network of one shape: the population MSE
// of Config.Task under Config.Data, for one hidden layer of
// Config.Hidden[0] neurons of Config.Act. Every restart starts from its own
// weights — half drawn by Glorot-uniform, half spread evenly around the
// circle (for the amplitude spectrum, around each bin's plane) — and
// trains full-batch with Adam while the learning rate decays from 10⁻²
// to 10⁻⁴ on a coarse quadrature of the population, then is polished by
// L-BFGS on a finer one; the best few are polished again on a fine one.
// The amplitude spectrum's N dimensions take fixed random samples in place
// of quadratures (see newOptimumSets), and its best MSE is measured on
// samples of its own, which no restart trained on.
type Optimum struct {
	Config Config
	// Restarts is the number of starts; 0 means 64.
	Restarts int
	// Workers is the number of goroutines; 0 means one per CPU.
	Workers int
}

// OptimumResult is what an Optimum search found.
type OptimumResult struct {
	Config Config
	// BestMSE is the population MSE of the best network, measured on the
	// fine quadrature.
	BestMSE float64
	// Found counts the restarts that reached it: within 0.5% after the
	// first polish.
	Found, Restarts int
	Params          []float64
	// Neurons, Basin and Why describe the best network's geometry.
	Neurons []Neuron
	Basin   Basin
	Why     string
	// MSEs holds each restart's MSE after the first polish, best first.
	MSEs []float64
}

// Quadrature sizes (points per side) and step counts of the search.
const (
	coarseSide, mediumSide, fineSide = 32, 96, 320
	adamSteps                        = 1500
	polishIters, fineIters           = 150, 300
	finalists                        = 4
)

// Run searches; it stops early, with ctx's error, if ctx is cancelled.
func (o Optimum) Run(ctx context.Context) (OptimumResult, error) {
	c := o.Config
	c.Hidden = []int{c.Hidden[0]}
	if err := c.Validate(); err != nil {
		return OptimumResult{}, err
	}
	restarts := cmp.Or(o.Restarts, 64)
	sets := newOptimumSets(c)
	adam, err := optim.New(optim.Config{Name: "adam", LR: 1e-2}, c.newNet().Tensors())
	if err != nil {
		return OptimumResult{}, err
	}
	type found struct {
		mse    float64
		params []float64
	}
	results := make([]found, restarts)
	err = forEach(ctx, restarts, o.Workers, func(_ context.Context, k int) error {
		net := o.start(c, k)
		descend(adam.Fresh(net.Tensors()), net, sets.coarse)
		mse := polish(net, sets.medium, polishIters)
		results[k] = found{mse, net.Params}
		return nil
	})
	if err != nil {
		return OptimumResult{}, err
	}
	slices.SortFunc(results, func(a, b found) int { return cmp.Compare(a.mse, b.mse) })
	r := OptimumResult{Config: c, Restarts: restarts, BestMSE: math.Inf(1)}
	for _, f := range results {
		r.MSEs = append(r.MSEs, f.mse)
		if f.mse <= results[0].mse*1.005 {
			r.Found++
		}
	}
	for _, f := range results[:min(finalists, restarts)] {
		net := c.newNet()
		copy(net.Params, f.params)
		mse := polish(net, sets.fine, fineIters)
		if sets.final.Len() > 0 {
			mse = meanSquared(net, sets.final)
		}
		if mse < r.BestMSE {
			r.BestMSE, r.Params = mse, net.Params
		}
	}
	net := c.newNet()
	copy(net.Params, r.Params)
	s := Snapshot{Config: c, Status: Running}
	s.Neurons, _ = diagnose(net, HeldOut(c.Task, c.Data), net.NewWorkspace(evalChunk), 0)
	s.Collapsed = collapsedPairs(s.Neurons)
	r.Neurons = s.Neurons
	r.Basin, r.Why = classify(s)
	return r, nil
}

// start returns restart k's network: Glorot-uniform for even k; for odd k,
// neurons spread evenly around the circle at a random rotation, with
// random lengths, small offsets and positive outgoing weights (for the
// amplitude spectrum see spectrumStart).
func (o Optimum) start(c Config, k int) *model.Net {
	rng := rand.New(rand.NewPCG(c.Seed, 1000+uint64(k)))
	net := c.newNet()
	net.Init(model.GlorotUniform, rng)
	switch {
	case k%2 == 0:
		return net
	case c.Task.Spectrum() > 0:
		spectrumStart(net, c.Task.Spectrum(), rng)
		return net
	}
	ts := net.Tensors() // kernel, biases, [slopes,] output kernel, output bias
	w, b, v := ts[0].Off, ts[1].Off, ts[len(ts)-2].Off
	h := c.Hidden[0]
	phi := 2 * math.Pi * rng.Float64()
	for j := range h {
		th, r := phi+2*math.Pi*float64(j)/float64(h), 0.5+rng.Float64()
		net.Params[w+2*j], net.Params[w+2*j+1] = r*math.Cos(th), r*math.Sin(th)
		net.Params[b+j] = 0.2 * r * (rng.Float64() - 0.5)
		net.Params[v+j] = (0.5 + rng.Float64()) / float64(h)
	}
	return net
}

// descend trains net full-batch on set with opt, a fresh Adam, the learning
// rate decaying geometrically from 10⁻² to 10⁻⁴.
func descend(opt *optim.Optimizer, net *model.Net, set Dataset) {
	grad, scratch := make([]float64, len(net.Params)), make([]float64, len(net.Params))
	ws := net.NewWorkspace(evalChunk)
	for step := range adamSteps {
		fullBatch(net, ws, set, grad, scratch)
		opt.Step(net.Params, grad, 1e-2*math.Pow(1e-2, float64(step)/adamSteps))
	}
}

// polish runs L-BFGS on net's parameters for the MSE on set and returns it.
func polish(net *model.Net, set Dataset, iters int) float64 {
	ws := net.NewWorkspace(evalChunk)
	scratch := make([]float64, len(net.Params))
	x := slices.Clone(net.Params)
	f := lbfgs(x, func(x, grad []float64) float64 {
		copy(net.Params, x)
		return fullBatch(net, ws, set, grad, scratch)
	}, iters, 10)
	copy(net.Params, x)
	return f
}

// fullBatch returns the MSE of net on set, weighted by set.W if it is not
// nil, and stores its gradient in grad, chunk by chunk; scratch holds one
// chunk's gradient.
func fullBatch(net *model.Net, ws *model.Workspace, set Dataset, grad, scratch []float64) float64 {
	clear(grad)
	total, n := 0.0, float64(set.Len())
	for s := 0; s < set.Len(); s += ws.Cap() {
		b := set.Slice(s, min(s+ws.Cap(), set.Len()))
		if b.In != nil { // the amplitude spectrum: columns, equal weights
			w := float64(b.Len()) / n
			total += w * net.GradientCols(scratch, ws, b.In, b.Out, 0, nil)
			axpy(grad, w, scratch)
			continue
		}
		if b.W != nil { // the weights of the whole set sum to 1
			total += net.WeightedGradient(scratch, ws, b.X, b.Y, b.T, b.W)
			axpy(grad, 1, scratch)
			continue
		}
		w := float64(b.Len()) / n
		total += w * net.Gradient(scratch, ws, b.X, b.Y, b.T, 0, nil)
		axpy(grad, w, scratch)
	}
	return total
}
