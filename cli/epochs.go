package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"relulab/train"
)

// Epochs returns the epochs a command trains cs for: the int flag --epochs
// of fs if it was given, else the task's default (train.Task.Epochs): 3000
// for abs, the question's 20 for relu. Configurations of different tasks
// need --epochs.
func Epochs(fs *pflag.FlagSet, cs ...train.Config) (int, error) {
	n, err := fs.GetInt("epochs")
	if err != nil || fs.Changed("epochs") || len(cs) == 0 {
		return n, err
	}
	k := cs[0].Task
	for _, c := range cs[1:] {
		if c.Task != k {
			return 0, fmt.Errorf("--task %s and %s train for %d and %d epochs by default: give --epochs", k, c.Task, k.Epochs(), c.Task.Epochs())
		}
	}
	return k.Epochs(), nil
}
