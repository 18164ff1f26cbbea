package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// streamNudge is the random stream of nudges: nudge k of a run of seed s
// draws from PCG(s, streamNudge + k).
const streamNudge = 3 << 32

// NudgeRand returns the random source of nudge k of a run of seed seed,
// the same in the lab and in a NudgeStudy.
func NudgeRand(seed uint64, k int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, streamNudge+uint64(k)))
}

// Nudges is the ladder of nudge sizes ε the lab and the study take.
var Nudges = []float64{0.01, 0.03, 0.1, 0.3, 1}

// NudgeStudy measures how wide a run's basin is: for each size ε, Seeds
// copies of the run are each nudged (Trainer.Nudge: Gaussian noise of
// standard deviation ε on every weight and bias, a fresh optimizer state),
// nudge k drawn from NudgeRand(seed, k) so that every ε pushes copy k the
// same way, only farther; each copy then trains Epochs more epochs and is
// named by its basin. The share that ends outside the run's basin is how
// often a nudge of that size leaves it.
type NudgeStudy struct {
	// Saved is the saved run (Trainer.Save) to nudge.
	Saved []byte
	// Epsilons are the nudge sizes; nil means Nudges.
	Epsilons []float64
	Seeds    int
	Epochs   int
	// Workers is the number of goroutines; 0 means one per CPU.
	Workers int
}

// NudgeRow is the result of one nudge size.
type NudgeRow struct {
	Eps float64
	// Runs nudged, and Left: those whose basin after training is not the
	// run's. Basins counts the basins they ended in, "" for none named.
	Runs, Left int
	Basins     map[Basin]int
	// Diverged counts the copies whose training diverged (they left).
	Diverged int
}

// NudgeResult is what a NudgeStudy found: the run's basin before any
// nudge, and a row per ε.
type NudgeResult struct {
	Epoch int
	From  Basin
	Why   string
	Rows  []NudgeRow
}

// Validate reports the first setting of s out of range.
func (s NudgeStudy) Validate() error {
	for _, e := range s.Epsilons {
		if !(e > 0) || math.IsInf(e, 0) {
			return fmt.Errorf("nudge size %v out of range (must be a finite number > 0)", e)
		}
	}
	switch {
	case s.Seeds < 1 || s.Seeds > 100_000:
		return fmt.Errorf("seeds %d out of range (must be 1 to 100000)", s.Seeds)
	case s.Epochs < 1 || s.Epochs > 10_000_000:
		return fmt.Errorf("epochs %d out of range (must be 1 to 10000000)", s.Epochs)
	case s.Workers < 0:
		return fmt.Errorf("workers %d out of range (must be ≥ 0; 0 is one per CPU)", s.Workers)
	}
	return nil
}

// Run runs the study; it stops early, with ctx's error, if ctx is
// cancelled. A run that diverged, or whose file does not load, is an error.
func (s NudgeStudy) Run(ctx context.Context) (NudgeResult, error) {
	if err := s.Validate(); err != nil {
		return NudgeResult{}, err
	}
	eps := s.Epsilons
	if eps == nil {
		eps = Nudges
	}
	t, _, err := Load(s.Saved)
	if err != nil {
		return NudgeResult{}, err
	}
	if t.Status() == Diverged {
		return NudgeResult{}, errors.New("the run diverged: there is no basin to nudge it out of")
	}
	start := t.Snapshot()
	r := NudgeResult{Epoch: start.Epoch, From: start.Basin, Why: start.Why}
	ends := make([]Snapshot, len(eps)*s.Seeds)
	err = forEach(ctx, len(ends), s.Workers, func(ctx context.Context, i int) error {
		end, err := nudgeOnce(ctx, s.Saved, eps[i/s.Seeds], i%s.Seeds, s.Epochs)
		ends[i] = end
		return err
	})
	if err != nil {
		return NudgeResult{}, err
	}
	for i, e := range eps {
		row := NudgeRow{Eps: e, Runs: s.Seeds, Basins: map[Basin]int{}}
		for _, end := range ends[i*s.Seeds : (i+1)*s.Seeds] {
			switch {
			case end.Status == Diverged:
				row.Diverged++
				row.Left++
			case end.Basin != r.From:
				row.Left++
				row.Basins[end.Basin]++
			default:
				row.Basins[end.Basin]++
			}
		}
		r.Rows = append(r.Rows, row)
	}
	return r, nil
}

// nudgeOnce loads the saved run, gives it nudge k of size eps and trains
// it epochs more, and returns its last snapshot.
func nudgeOnce(ctx context.Context, saved []byte, eps float64, k, epochs int) (Snapshot, error) {
	t, _, err := Load(saved)
	if err != nil {
		return Snapshot{}, err
	}
	if err := t.Nudge(eps, NudgeRand(t.Config().Seed, k)); err != nil {
		return Snapshot{}, err
	}
	t.SetEvalEvery(math.MaxInt) // the snapshot measures it
	for done := 0; done < epochs && t.Status() == Running; {
		if err := ctx.Err(); err != nil {
			return Snapshot{}, err
		}
		done += t.Run(min(epochs-done, 100))
	}
	return t.Snapshot(), nil
}
