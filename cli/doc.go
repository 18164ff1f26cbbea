// Package cli holds the training flags that relulab's commands share, and
// that every SSH session of relulab serve parses: it registers them on a
// pflag.FlagSet, with the defaults of train.DefaultConfig in their help,
// and turns the flags given into train configurations, or with comma
// lists into every configuration of their product.
package cli
