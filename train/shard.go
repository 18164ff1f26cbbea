package train

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Shard is the k-th of n slices of a sweep's (configuration × seed)
// product, k counted from 0. Run i of the product, i = config·len(seeds) +
// seed index, belongs to shard i mod n: the slices are disjoint, cover the
// product, hold ⌊total/n⌋ or ⌈total/n⌉ runs each, and every shard gets a
// share of every configuration, so slow configurations do not pile up on
// one shard. The zero value is the whole product (0/1).
type Shard struct{ K, N int }

// ParseShard reads "k/n", 0 ≤ k < n.
func ParseShard(s string) (Shard, error) {
	ks, ns, ok := strings.Cut(s, "/")
	k, err1 := strconv.Atoi(strings.TrimSpace(ks))
	n, err2 := strconv.Atoi(strings.TrimSpace(ns))
	switch {
	case !ok || err1 != nil || err2 != nil:
		return Shard{}, fmt.Errorf("shard %q: want k/n, the k-th of n slices counted from 0 (0/4 … 3/4)", s)
	case n < 1:
		return Shard{}, fmt.Errorf("shard %q: n must be ≥ 1", s)
	case k < 0 || k >= n:
		return Shard{}, fmt.Errorf("shard %q: k must be 0 to %d (shards are counted from 0)", s, n-1)
	}
	return Shard{k, n}, nil
}

// String returns "k/n".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, max(s.N, 1)) }

// Has reports whether run i of the product belongs to s.
func (s Shard) Has(i int) bool { return i%max(s.N, 1) == s.K }

// ShardFromEnv returns the shard that a job engine gives this process,
// read through getenv, and says where it came from; from is "" when no
// engine set one. It reads
//
//   - a Kubernetes Indexed Job: JOB_COMPLETION_INDEX, which Kubernetes sets
//     in every pod, and JOB_COMPLETIONS, which the manifest must set to the
//     Job's spec.completions, since Kubernetes tells a pod its index but
//     not the count;
//   - a Slurm job array: SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT,
//     SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_STEP, so that --array=1-8
//     and --array=0-14:2 give shards 0/8 to 7/8; an array whose ids are not
//     evenly spaced (--array=1,2,7) is an error.
func ShardFromEnv(getenv func(string) string) (s Shard, from string, err error) {
	k8s, slurm := getenv("JOB_COMPLETION_INDEX"), getenv("SLURM_ARRAY_TASK_ID")
	switch {
	case k8s != "" && slurm != "":
		return Shard{}, "", errors.New("both JOB_COMPLETION_INDEX and SLURM_ARRAY_TASK_ID are set: pass --shard k/n")
	case k8s != "":
		n := getenv("JOB_COMPLETIONS")
		if n == "" {
			return Shard{}, "", fmt.Errorf("JOB_COMPLETION_INDEX=%s but no JOB_COMPLETIONS: set it in the Job's env to spec.completions, or pass --shard k/n", k8s)
		}
		if s, err = ParseShard(k8s + "/" + n); err != nil {
			return Shard{}, "", fmt.Errorf("JOB_COMPLETION_INDEX=%s JOB_COMPLETIONS=%s: %w", k8s, n, err)
		}
		return s, fmt.Sprintf("Kubernetes Indexed Job: JOB_COMPLETION_INDEX=%s of JOB_COMPLETIONS=%s", k8s, n), nil
	case slurm != "":
		return slurmShard(getenv)
	}
	return Shard{}, "", nil
}

// slurmShard returns the shard of a Slurm array task.
func slurmShard(getenv func(string) string) (Shard, string, error) {
	v := map[string]int{"MIN": 0, "STEP": 1, "MAX": -1}
	for _, name := range []string{"ID", "COUNT", "MIN", "STEP", "MAX"} {
		s := getenv("SLURM_ARRAY_TASK_" + name)
		if s == "" && name == "COUNT" {
			return Shard{}, "", errors.New("SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT: pass --shard k/n")
		}
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return Shard{}, "", fmt.Errorf("SLURM_ARRAY_TASK_%s=%q is not a number", name, s)
		}
		v[name] = n
	}
	id, count, lo, step, hi := v["ID"], v["COUNT"], v["MIN"], v["STEP"], v["MAX"]
	from := fmt.Sprintf("Slurm job array: SLURM_ARRAY_TASK_ID=%d of %d (ids %d to %d, step %d)", id, count, lo, lo+(count-1)*step, step)
	k := (id - lo) / max(step, 1)
	if step < 1 || count < 1 || (id-lo)%step != 0 || k < 0 || k >= count || (hi >= 0 && hi != lo+(count-1)*step) {
		return Shard{}, "", fmt.Errorf("SLURM_ARRAY_TASK_ID=%d: the array's ids are not min + k·step for k < count (MIN=%d STEP=%d COUNT=%d MAX=%d); use --array=0-N-1, or pass --shard k/n", id, lo, step, count, hi)
	}
	return Shard{k, count}, from, nil
}
