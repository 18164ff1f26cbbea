package train

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"relulab/model"
)

func TestShardsAreDisjointBalancedAndCover(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {1, 5}, {2, 3}, {3, 7}, {5, 11}, {4, 13}, {13, 1}} {
		total := size[0] * size[1]
		for n := 1; n <= 17; n++ {
			owners := make([]int, total)
			lo, hi := total, 0
			for k := range n {
				sh, err := ParseShard(fmt.Sprintf("%d/%d", k, n))
				if err != nil {
					t.Fatal(err)
				}
				runs := 0
				for i := range total {
					if sh.Has(i) {
						owners[i]++
						runs++
					}
				}
				lo, hi = min(lo, runs), max(hi, runs)
			}
			for i, o := range owners {
				if o != 1 {
					t.Errorf("%d×%d in %d shards: run %d is in %d shards", size[0], size[1], n, i, o)
				}
			}
			if hi-lo > 1 {
				t.Errorf("%d×%d in %d shards: shards hold %d to %d runs", size[0], size[1], n, lo, hi)
			}
		}
	}
	if (Shard{}).String() != "0/1" || !(Shard{}).Has(5) {
		t.Error("the zero Shard is not the whole sweep")
	}
}

func TestParseShardRefusesBadShards(t *testing.T) {
	for in, want := range map[string]string{
		"4/4": "k must be 0 to 3", "0/0": "n must be ≥ 1", "-1/3": "k must be 0 to 2",
		"3": "want k/n", "a/b": "want k/n", "1/-2": "n must be ≥ 1",
	} {
		_, err := ParseShard(in)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseShard(%q) = %v, want one line with %q", in, err, want)
		}
	}
	if s, err := ParseShard("16/17"); err != nil || s != (Shard{16, 17}) {
		t.Errorf("16/17: %v %v", s, err)
	}
}

func TestShardFromEnv(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want Shard
		from string // "" for none; "!" and an error's words
	}{
		{map[string]string{}, Shard{}, ""},
		{map[string]string{"JOB_COMPLETION_INDEX": "3", "JOB_COMPLETIONS": "8"}, Shard{3, 8}, "Kubernetes"},
		{map[string]string{"JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "1"}, Shard{0, 1}, "Kubernetes"},
		{map[string]string{"JOB_COMPLETION_INDEX": "3"}, Shard{}, "!no JOB_COMPLETIONS"},
		{map[string]string{"JOB_COMPLETION_INDEX": "8", "JOB_COMPLETIONS": "8"}, Shard{}, "!k must be 0 to 7"},
		// sbatch --array=0-7
		{map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "0",
			"SLURM_ARRAY_TASK_MAX": "7", "SLURM_ARRAY_TASK_STEP": "1"}, Shard{0, 8}, "Slurm"},
		// --array=1-16: ids from 1
		{map[string]string{"SLURM_ARRAY_TASK_ID": "16", "SLURM_ARRAY_TASK_COUNT": "16", "SLURM_ARRAY_TASK_MIN": "1",
			"SLURM_ARRAY_TASK_MAX": "16", "SLURM_ARRAY_TASK_STEP": "1"}, Shard{15, 16}, "Slurm"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "16", "SLURM_ARRAY_TASK_MIN": "1"}, Shard{0, 16}, "Slurm"},
		// --array=10-24:2
		{map[string]string{"SLURM_ARRAY_TASK_ID": "14", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "10",
			"SLURM_ARRAY_TASK_MAX": "24", "SLURM_ARRAY_TASK_STEP": "2"}, Shard{2, 8}, "Slurm"},
		// --array=1,2,7 is not evenly spaced
		{map[string]string{"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1",
			"SLURM_ARRAY_TASK_MAX": "7", "SLURM_ARRAY_TASK_STEP": "1"}, Shard{}, "!not min + k·step"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "2"}, Shard{}, "!not SLURM_ARRAY_TASK_COUNT"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "4"}, Shard{}, "!not a number"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "4", "JOB_COMPLETION_INDEX": "1",
			"JOB_COMPLETIONS": "4"}, Shard{}, "!both"},
	}
	for _, tt := range tests {
		s, from, err := ShardFromEnv(func(k string) string { return tt.env[k] })
		if want, bad := strings.CutPrefix(tt.from, "!"); bad {
			if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("%v: %v, want an error with %q", tt.env, err, want)
			}
			continue
		}
		if err != nil || s != tt.want || !strings.Contains(from, tt.from) || (tt.from == "") != (from == "") {
			t.Errorf("%v: %v from %q (%v), want %v from %s", tt.env, s, from, err, tt.want, tt.from)
		}
	}
}

// TestShardedSweepsMakeTheSweep checks that the shards of an uneven sweep,
// run apart, hold between them every run of the whole sweep once, each
// with the same numbers.
func TestShardedSweepsMakeTheSweep(t *testing.T) {
	a, b, c := DefaultConfig(), DefaultConfig(), DefaultConfig()
	b.Act, c.Hidden = model.ELU, []int{4}
	sw := Sweep{Configs: []Config{a, b, c}, Seeds: []uint64{1, 2, 3, 4, 5}, Epochs: 20, Workers: 2}
	whole, err := sw.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 2, 4, 7, 15, 17} {
		var union []RunResult
		for k := range n {
			sh := Shard{k, n}
			part := sw
			part.Skip = func(i int) bool { return !sh.Has(i) }
			var done int
			part.Progress = func(d, total int) {
				if total != len(whole)/n && total != len(whole)/n+1 {
					t.Errorf("shard %v: progress counts to %d", sh, total)
				}
				done = d
			}
			rs, err := part.Run(context.Background())
			if err != nil || done != len(rs) {
				t.Fatal(err, done, len(rs))
			}
			union = append(union, rs...)
		}
		SortRuns(union)
		if jsonOf(t, strip(union)) != jsonOf(t, strip(whole)) {
			t.Errorf("%d shards differ from the whole sweep", n)
		}
	}
}

func TestSweepStopsWhenDoneFails(t *testing.T) {
	sw := Sweep{Configs: []Config{DefaultConfig()}, Seeds: []uint64{1, 2, 3, 4, 5, 6}, Epochs: 20, Workers: 2}
	full := errors.New("disk full")
	calls := 0
	sw.Done = func(RunResult) error {
		if calls++; calls == 3 {
			return full
		}
		return nil
	}
	rs, err := sw.Run(context.Background())
	if err != full || len(rs) != 2 || calls != 3 {
		t.Errorf("%d runs, %d calls, err %v; want 2, 3, disk full", len(rs), calls, err)
	}
}
