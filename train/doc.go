// Package train turns the mathematics of package model into experiments on
// |x+iy| = √(x²+y²): the input distributions, the optimizers of Keras 3 with
// their published update rules and defaults, a trainer that can be stepped
// one epoch at a time, and the diagnostics that say why a run failed: dead,
// weak and collapsed neurons, the geometry of each neuron's boundary line,
// the outcome of a run and the named basin it landed in.
//
// Bad configuration is an error; a run that diverges to NaN or Inf is a
// Status, not an error. A Snapshot is a copy and never aliases the trainer.
package train
