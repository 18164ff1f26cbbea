// Package train turns the mathematics of package model into experiments on
// |x+iy| = √(x²+y²). It holds:
//
//   - configurations (Config), their one-line strings (ParseConfig) and
//     the table of their settings (Settings) that flags and strings share;
//   - the input distributions and data sets, the held-out set and the
//     quadratures of the population (Population);
//   - a Trainer that can be stepped an epoch or a slice of samples at a
//     time, with learning-rate schedules, slope annealing, revival and
//     recipes; the optimizers themselves are in package optim;
//   - the diagnostics that say why a run failed: dead, weak and collapsed
//     neurons, the geometry of each neuron's boundary line, the outcome of
//     a run and the named basin it landed in;
//   - sweeps over seeds and configurations (Sweep, Trial), their shards,
//     runs files and merge, and their summaries as tables, CSV and JSON;
//   - the search for the reference optimum of a shape (Optimum) and the
//     table of references that judges "fitted";
//   - saving and loading a run exactly (Save, Load), exporting its loss
//     history as CSV, and writing files atomically.
//
// Bad configuration is an error; a run that diverges to NaN or Inf is a
// Status, not an error. A Snapshot is a copy and never aliases the trainer.
// train parses no command line: package cli does.
package train
