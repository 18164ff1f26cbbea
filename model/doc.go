// Package model is the pure mathematics of relulab: a small fully connected
// network 2 → hidden… → 1 with a linear output (or N → hidden… → K, see
// Shape, ForwardCols and GradientCols), its activations and
// initializers, the forward and backward passes over flat parameter slices,
// and the loss penalties (L1, L2, repel) that act on the parameters.
//
// The package has no clock, no terminal and no globals. Randomness comes from
// a *rand.Rand that the caller passes in, so that the same seed gives the same
// numbers bit for bit. Shape mismatches are programmer errors and panic with a
// "model: " prefix.
//
// Layout of the parameter vector: for each layer in order, the kernel (one row
// of In weights per output neuron), then the biases, then, for hidden layers
// with the PReLU activation, one learned slope per neuron.
package model
