package train

import (
	"math"
	"math/rand/v2"

	"relulab/model"
)

// optimumSets are the samples an Optimum search trains on: coarse for
// Adam, medium for the first polish, fine for the finalists' polish, and
// final, if it holds any, to measure the best MSE on.
type optimumSets struct{ coarse, medium, fine, final Dataset }

// Sizes of the amplitude spectrum's sample sets, and the seed they are
// drawn from: the same samples for every search.
const (
	spectrumCoarse, spectrumMedium, spectrumFine, spectrumFinal = 4096, 16384, 32768, 65536
	optimumSeed                                                 = 0x0b7_5ea4c4
)

// newOptimumSets returns the sets of c's search: quadratures of |x+iy|
// (see Population), measured on the fine one; or, for the amplitude
// spectrum, fixed random samples of c.Data, measured on a set of its own.
func newOptimumSets(c Config) optimumSets {
	if c.Task.Spectrum() == 0 {
		return optimumSets{coarse: Population(c.Data, coarseSide), medium: Population(c.Data, mediumSide), fine: Population(c.Data, fineSide)}
	}
	draw := func(i uint64, n int) Dataset {
		return NewDataset(c.Task, c.Data, n, rand.NewPCG(optimumSeed, i))
	}
	return optimumSets{draw(1, spectrumCoarse), draw(2, spectrumMedium), draw(3, spectrumFine), draw(4, spectrumFinal)}
}

// meanSquared returns the MSE of net on set.
func meanSquared(net *model.Net, set Dataset) float64 {
	grad, scratch := make([]float64, len(net.Params)), make([]float64, len(net.Params))
	return fullBatch(net, net.NewWorkspace(evalChunk), set, grad, scratch)
}

// spectrumStart sets the first layer of net, a network for the amplitude
// spectrum of n samples, to the units of PyramidPerBin (see binUnits), each
// bin at a random rotation, each unit at a random length in [0.5, 1.5)
// with a small bias, and each output to its bin's units with positive
// weights.
func spectrumStart(net *model.Net, n int, rng *rand.Rand) {
	ts := net.Tensors() // kernel, biases, [slopes,] output kernel, output bias
	w, b, v := ts[0].Off, ts[1].Off, ts[len(ts)-2].Off
	h := net.Sizes[1]
	units, bins := binUnits(n, h, func(int) float64 { return 2 * math.Pi * rng.Float64() })
	clear(net.Params[v : v+ts[len(ts)-2].Len])
	for j, k := range bins {
		r := 0.5 + rng.Float64()
		for i, u := range units[j*n : (j+1)*n] {
			net.Params[w+j*n+i] = r * u
		}
		net.Params[b+j] = 0.2 * r * (rng.Float64() - 0.5)
		net.Params[v+k*h+j] = 0.5 + rng.Float64()
	}
}
