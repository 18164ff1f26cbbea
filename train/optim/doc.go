// Package optim holds the optimizers of Keras 3, with their published
// update rules and defaults: sgd, rmsprop, adam, adamw, adamax, nadam,
// adagrad, adadelta, adafactor, ftrl, lion, lamb, muon and
// schedulefreeadamw.
//
// An Optimizer is the part they share, as Keras's BaseOptimizer: the
// decoupled weight decay and the count of updates, applied before the
// update rule of the optimizer its Config names. The learning rate is not
// part of an optimizer's state: every Step is given it, so that the
// caller's schedule is its only source.
package optim
