package train

import "math"

// History records a run's losses by epoch within a fixed budget of points.
// A point is kept every Stride epochs; when the budget is full, every other
// point is dropped and Stride doubles, so the record always spans the whole
// run. The zero value is an empty history with Stride 1.
type History struct {
	Stride int       `json:"stride"`
	Epoch  []int     `json:"epoch"`
	Train  []float64 `json:"train_mse"`
	Test   []float64 `json:"test_mse"` // NaN where the held-out set was not evaluated
}

// historyCap is the most points a History keeps.
const historyCap = 2048

// add records the losses of epoch, if it falls on the stride.
func (h *History) add(epoch int, train, test float64) {
	if h.Stride == 0 {
		h.Stride = 1
	}
	if epoch%h.Stride != 0 {
		return
	}
	if len(h.Epoch) == historyCap {
		h.Stride *= 2
		k := thin(h.Epoch, h.Stride, func(k, i int) { h.Train[k], h.Test[k] = h.Train[i], h.Test[i] })
		h.Epoch, h.Train, h.Test = h.Epoch[:k], h.Train[:k], h.Test[:k]
		if epoch%h.Stride != 0 {
			return
		}
	}
	h.Epoch = append(h.Epoch, epoch)
	h.Train = append(h.Train, train)
	h.Test = append(h.Test, test)
}

// thin keeps, in place, the epochs divisible by stride and returns how
// many it kept; move(k, i) moves the other columns' point i to k.
func thin(epochs []int, stride int, move func(k, i int)) int {
	k := 0
	for i, e := range epochs {
		if e%stride == 0 {
			epochs[k] = e
			move(k, i)
			k++
		}
	}
	return k
}

// Clone returns a deep copy of h.
func (h History) Clone() History {
	return History{
		Stride: h.Stride,
		Epoch:  append([]int(nil), h.Epoch...),
		Train:  append([]float64(nil), h.Train...),
		Test:   append([]float64(nil), h.Test...),
	}
}

// LastTest returns the last evaluated held-out MSE, or NaN.
func (h History) LastTest() float64 {
	for i := len(h.Test) - 1; i >= 0; i-- {
		if !math.IsNaN(h.Test[i]) {
			return h.Test[i]
		}
	}
	return math.NaN()
}
