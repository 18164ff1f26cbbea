// Package tui is the lab: a Bubble Tea program that trains a network live
// and shows why it fails, with a loss chart, a neuron table and a heatmap
// of the approximation error crossed by the neurons' boundary lines.
//
// The package reads snapshots from package train and never computes a
// gradient. Panels are rendered when the data or the size changes; View
// only returns the finished screen.
package tui
