package train

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
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
	// Bins holds the shape of each DFT bin, k = 0 … N/2, and Spectrum the
	// outcome they name, for a run of the amplitude spectrum (see
	// DiagnoseSpectrum); both are empty for other tasks.
	Bins     []Basin `json:"bins,omitempty"`
	Spectrum string  `json:"spectrum,omitempty"`
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
	var jobs []int // runs of the product, as Skip counts them
	for i := range s.Total() {
		if s.Skip == nil || !s.Skip(i) {
			jobs = append(jobs, i)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan RunResult)
	go func() { // owned by Run, which drains results until it is closed
		defer close(results)
		// Its error is ctx's, which Run returns.
		forEach(ctx, len(jobs), s.Workers, func(ctx context.Context, k int) error {
			c := s.Configs[jobs[k]/len(s.Seeds)]
			c.Seed = s.Seeds[jobs[k]%len(s.Seeds)]
			r, ok := s.one(ctx, c)
			if !ok {
				return ctx.Err()
			}
			r.Config = jobs[k] / len(s.Seeds)
			select {
			case results <- r:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
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
			s.Progress(len(out), len(jobs))
		}
	}
	SortRuns(out)
	return out, cmp.Or(err, ctx.Err())
}

// one trains configuration c; ok is false if ctx was cancelled first.
func (s Sweep) one(ctx context.Context, c Config) (r RunResult, ok bool) {
	t, _ := NewTrial(c) // validated in Run
	// Without Patience nothing asks whether it is stale: its probes skip
	// the MSE.
	t.blind = s.Patience == 0
	stopped := false
	for t.T.Epoch() < s.Epochs && t.T.Status() == Running {
		if ctx.Err() != nil {
			return r, false
		}
		t.Run(min(t.every.Probe, s.Epochs-t.T.Epoch()))
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
