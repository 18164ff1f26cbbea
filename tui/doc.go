// Package tui is the lab: a Bubble Tea program that trains a network live
// and shows why it fails, with a loss chart, a neuron table and a heatmap
// of the approximation error crossed by the neurons' boundary lines. It
// holds the lab (App) and its keys, mouse and help; the comparison of
// several runs side by side and the picker that builds one; the saves and
// exports of w and e, written by a command, not in Update; and the table
// and progress bar that relulab sweep prints.
//
// The package reads snapshots from package train and never computes a
// gradient. Panels are rendered when the data or the size changes; View
// only returns the finished screen. It knows nothing of SSH: package serve
// runs a lab per session.
package tui
