package train

import (
	"context"
	"strings"
	"testing"
)

// TestReferenceOptimumOtherTask checks that P's optimum, known only for
// |x+iy|, is refused for the other tasks by naming the task, not a width
// and data distribution that the task does not have.
func TestReferenceOptimumOtherTask(t *testing.T) {
	for _, k := range []Task{TaskReLU, TaskSpectrum8} {
		_, _, err := ReferenceOptimum(context.Background(), TaskConfig(k))
		if err == nil || !strings.Contains(err.Error(), "task "+k.String()) || strings.Contains(err.Error(), " data") {
			t.Errorf("%s: %v", k, err)
		}
	}
}

// TestTaskUsageNamesEveryTask checks that --task's help names every task
// (spectrum:N with each N).
func TestTaskUsageNamesEveryTask(t *testing.T) {
	for _, s := range Settings() {
		if s.Flag != "task" {
			continue
		}
		for _, k := range Tasks {
			name, n, _ := strings.Cut(k.String(), ":")
			if !strings.Contains(s.Usage, name) || !strings.Contains(s.Usage, " "+n) {
				t.Errorf("--task's help does not name %s: %q", k, s.Usage)
			}
		}
		return
	}
	t.Fatal("no --task setting")
}
