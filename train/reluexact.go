package train

import "errors"

// ReLUOptimum returns the exact optimum of TaskReLU's single unit, in the
// layout of Trainer.Params: w = 1 and b = 0, so that out = max(0, x) is the
// target itself and every loss is 0. It is an error for another task, or
// for a network with a hidden layer, whose exact constructions P does not
// set.
func ReLUOptimum(c Config) ([]float64, error) {
	switch {
	case c.Task != TaskReLU:
		return nil, errors.New("ReLUOptimum is the optimum of task relu only")
	case !c.Direct:
		return nil, errors.New("relu's exact optimum is set for the single unit only (w = 1, b = 0, loss 0): behind a hidden layer many weights are exact, and P picks none")
	}
	n := c.newNet()
	n.SetNeuron(0, 0, []float64{1}, 0, nil)
	return n.Params, nil
}
