package train

import "math/rand/v2"

// TrainingInputs returns the inputs (x[i], y[i]) of c's training set in the
// order they were drawn, before any shuffle: the points the trainer of c
// learns from. When c.Samples is 0 the data are streamed, no set exists,
// and it returns DefaultSamples inputs drawn from the same seed as a
// sample of c.Data instead, with streamed true.
func TrainingInputs(c Config) (x, y []float64, streamed bool) {
	if c.Samples > 0 {
		d := newTrainingSet(c)
		return d.X, d.Y, false
	}
	d := NewDataset(c.Task, c.Data, DefaultSamples, rand.NewPCG(c.Seed, streamData))
	return d.X, d.Y, true
}
