package train

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
)

// referenceRestarts is the number of restarts ReferenceOptimum searches
// with: enough for the common shapes to reach their reference, and a
// fraction of a second of one core.
const referenceRestarts = 8

// referenceSlack is how far above the reference table's MSE the network
// ReferenceOptimum finds may be and still count as the reference optimum.
const referenceSlack = 1.01

// shapeKey names the shape of a network whose optimum is searched.
type shapeKey struct {
	data  Data
	act   string
	slope float64
	width int
}

var optima sync.Map // shapeKey → optimumFound

// searching lets one search run at a time in the process: callers asking
// for the same shape at once wait for the first and take its result, and
// however many ask (every session of a server), the searches take at most
// one core.
var searching sync.Mutex

type optimumFound struct {
	params []float64
	mse    float64
}

// ReferenceOptimum returns the weights of the best network of c's shape, in
// the layout of Trainer.Params, and its population MSE: the reference
// optimum of train/references.json, found again by an Optimum search of
// referenceRestarts restarts from seed 1 on one goroutine (the table keeps
// the MSE, not the weights), and kept for the life of the process. It is
// an error for a task other than TaskAbs, when the table holds no
// reference for c's shape (more than one hidden layer, a network without
// biases, or a width, activation or slope the table leaves out), when the
// search does not come within 1% of the reference, or when ctx is
// cancelled.
func ReferenceOptimum(ctx context.Context, c Config) (params []float64, mse float64, err error) {
	if c.Task != TaskAbs {
		return nil, 0, fmt.Errorf("no reference optimum's weights for task %s: P and nudge --optimum know them only for abs (|x+iy|)", c.Task)
	}
	ref, width := Reference(c)
	if c.NoBias || math.IsNaN(ref) || width != c.Hidden[0] || c.finalAct() != c.Act {
		return nil, 0, fmt.Errorf("no reference optimum for %s %s neurons on %s data: references.json holds one hidden layer of 1 to 8 relu, leaky_relu (slope 0.2), elu, tanh or abs, with biases",
			HiddenString(c.Hidden), c.Act, c.Data)
	}
	key := keyOf(c)
	if params, mse, ok := knownOptimum(key); ok {
		return params, mse, nil
	}
	searching.Lock()
	defer searching.Unlock()
	if params, mse, ok := knownOptimum(key); ok {
		return params, mse, nil
	}
	c.Seed = 1
	r, err := Optimum{Config: c, Restarts: referenceRestarts, Workers: 1}.Run(ctx)
	if err != nil {
		return nil, 0, err
	}
	if r.BestMSE > ref*referenceSlack {
		return nil, 0, fmt.Errorf("the search found MSE %.3g, above the reference %.3g: relulab optimum --restarts 64 searches harder", r.BestMSE, ref)
	}
	optima.Store(key, optimumFound{r.Params, r.BestMSE})
	return slices.Clone(r.Params), r.BestMSE, nil
}

// knownOptimum returns a copy of the optimum of shape key if it has been
// found, and whether it has.
func knownOptimum(key shapeKey) (params []float64, mse float64, ok bool) {
	f, ok := optima.Load(key)
	if !ok {
		return nil, 0, false
	}
	found := f.(optimumFound)
	return slices.Clone(found.params), found.mse, true
}

// ReferenceOptimumKnown reports whether ReferenceOptimum of c's shape is
// already known, and so returns at once.
func ReferenceOptimumKnown(c Config) bool {
	_, ok := optima.Load(keyOf(c))
	return ok
}

// keyOf returns the shape of c's first hidden layer.
func keyOf(c Config) shapeKey { return shapeKey{c.Data, c.Act.String(), c.Slope, c.Hidden[0]} }
