package train

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// Sweep trains every configuration with every seed, spread over worker
// goroutines. Each run is deterministic: its result does not depend on the
// number of workers or the order in which they take runs.
type Sweep struct {
	Configs []Config
	Seeds   []uint64
	// Epochs is the length of every run.
	Epochs int
	// Workers is the number of goroutines; 0 means one per CPU.
	Workers int
	// Patience, if positive, stops a run once its held-out MSE has not
	// improved by 0.1% for that many epochs (measured every ProbeEvery
	// epochs, so rounded up to a multiple of it). 0 trains every run to
	// the end.
	Patience int
	// Skip, if not nil, leaves out the runs of the product for which it
	// returns true; run i is configuration i / len(Seeds) with seed
	// i mod len(Seeds), as Shard counts them.
	Skip func(i int) bool
	// Done, if not nil, is called with each finished run, and Progress
	// after it with the number done and the number to do, from the
	// goroutine that called Run. An error from Done stops the sweep.
	Done     func(RunResult) error
	Progress func(done, total int)
}

// ProbeEvery is how often, in epochs, a sweep probes a run.
const ProbeEvery = 20

// RunResult is one finished run of a sweep.
type RunResult struct {
	Config   int       `json:"-"` // index into Sweep.Configs
	Seed     uint64    `json:"seed"`
	TrainMSE NullFloat `json:"train_mse"`
	TestMSE  NullFloat `json:"test_mse"`
	Outcome  Outcome   `json:"outcome"`
	Basin    Basin     `json:"basin"`
	// Decided is the epoch from which the probed basin no longer changed.
	Decided   int         `json:"decided"`
	Dead      int         `json:"dead"`
	Collapsed int         `json:"collapsed"`
	Epochs    int         `json:"epochs"`
	Stopped   bool        `json:"stopped_early"`
	Params    []NullFloat `json:"weights"`
	Seconds   float64     `json:"seconds"`
}

// Total returns the number of runs in the sweep.
func (s Sweep) Total() int { return len(s.Configs) * len(s.Seeds) }

// Run trains every run that Skip leaves and returns the results ordered by
// configuration, then seed. If ctx is cancelled, or Done fails, it stops,
// waits for its workers, and returns the runs that finished, in the same
// order, with ctx's error or Done's.
func (s Sweep) Run(ctx context.Context) ([]RunResult, error) {
	for _, c := range s.Configs {
		if err := c.Validate(); err != nil {
			return nil, err
		}
	}
	type job struct{ config, seed int }
	jobs := make(chan job)
	results := make(chan RunResult)
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				c := s.Configs[j.config]
				c.Seed = s.Seeds[j.seed]
				r, ok := s.one(ctx, c)
				if !ok {
					return
				}
				r.Config = j.config
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	todo := 0
	for i := range s.Total() {
		if s.Skip == nil || !s.Skip(i) {
			todo++
		}
	}
	go func() { // the feeder: owned by Run, which cancels ctx before returning
		defer close(jobs)
		for c := range s.Configs {
			for seed := range s.Seeds {
				if s.Skip != nil && s.Skip(c*len(s.Seeds)+seed) {
					continue
				}
				select {
				case jobs <- job{c, seed}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	var out []RunResult
	var err error
	for r := range results {
		if err != nil {
			continue // stopping: drain
		}
		if s.Done != nil {
			if err = s.Done(r); err != nil {
				cancel()
				continue
			}
		}
		out = append(out, r)
		if s.Progress != nil {
			s.Progress(len(out), todo)
		}
	}
	SortRuns(out)
	return out, cmp.Or(err, ctx.Err())
}

// one trains configuration c; ok is false if ctx was cancelled first.
func (s Sweep) one(ctx context.Context, c Config) (r RunResult, ok bool) {
	t, _ := NewTrial(c) // validated in Run
	stopped := false
	for t.T.Epoch() < s.Epochs && t.T.Status() == Running {
		if ctx.Err() != nil {
			return r, false
		}
		t.Run(min(ProbeEvery, s.Epochs-t.T.Epoch()))
		if s.Patience > 0 && t.Stale(s.Patience) && t.T.Epoch() < s.Epochs {
			stopped = true
			break
		}
	}
	r = t.Result()
	r.Stopped = stopped
	return r, true
}

// ParseSeeds reads "100" as seeds 1 to 100, "200-299" as that range and
// "1,5,9" as those seeds.
func ParseSeeds(s string) ([]uint64, error) {
	bad := fmt.Errorf("seeds %q: want a count (100), a range (200-299) or a list (1,5,9)", s)
	var out []uint64
	switch {
	case strings.Contains(s, ","):
		for _, f := range strings.Split(s, ",") {
			v, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
			if err != nil {
				return nil, bad
			}
			out = append(out, v)
		}
	case strings.Contains(s, "-"):
		lo, hi, _ := strings.Cut(s, "-")
		a, err1 := strconv.ParseUint(strings.TrimSpace(lo), 10, 64)
		b, err2 := strconv.ParseUint(strings.TrimSpace(hi), 10, 64)
		if err1 != nil || err2 != nil || b < a || b-a >= 1_000_000 {
			return nil, bad
		}
		for v := a; v <= b; v++ {
			out = append(out, v)
		}
	default:
		n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
		if err != nil || n == 0 || n > 1_000_000 {
			return nil, bad
		}
		for v := uint64(1); v <= n; v++ {
			out = append(out, v)
		}
	}
	return out, nil
}
