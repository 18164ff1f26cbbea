package train

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// Merged is the union of the runs files of one sweep.
type Merged struct {
	Sweep Sweep
	// Results holds one run of each (configuration, seed) pair that a
	// file holds, in the order of Sweep.Run: by configuration, then seed.
	Results []RunResult
	// Duplicates describes the runs found again with the same results,
	// seconds aside, such as `seed 7 of "h=3 …" in a.jsonl:3 and
	// b.jsonl:9`; the first is kept.
	Duplicates []string
	// Missing lists the pairs that no file holds, as indices of the
	// product (config·len(Seeds) + seed index).
	Missing []int
	// Shards lists the shards of n, if every file is a shard of the same
	// n, that no file is of.
	Shards []Shard
}

// Merge returns the union of files, which must all hold runs of the same
// sweep (else an error wrapping ErrOtherSweep). Two runs of the same pair
// whose results differ are an error: the sweep's runs were not
// deterministic (two builds, or machines of different arithmetic).
func Merge(files []*RunsFile) (Merged, error) {
	if len(files) == 0 {
		return Merged{}, errors.New("no runs files")
	}
	first := files[0]
	m := Merged{Sweep: first.Sweep}
	total := first.Sweep.Total()
	at := make([]struct {
		file *RunsFile
		i    int
	}, total)
	n, shards := first.Shard.N, map[int]bool{}
	for _, f := range files {
		if d := f.Header.Mismatch(first.Header, false); d != "" {
			return Merged{}, kindError{fmt.Errorf("%s is from another sweep than %s: it has %s", f.Name, first.Name, d), ErrOtherSweep}
		}
		if f.Shard.N != n {
			n = 0
		}
		shards[f.Shard.K] = true
		for i, r := range f.Runs {
			p := &at[f.Pairs[i]]
			if p.file == nil {
				p.file, p.i = f, i
				continue
			}
			where := fmt.Sprintf("seed %d of %q in %s:%d and %s:%d", r.Seed, first.Header.Configs[r.Config],
				p.file.Name, p.file.Lines[p.i], f.Name, f.Lines[i])
			if !sameRun(r, p.file.Runs[p.i]) {
				return Merged{}, fmt.Errorf("%s differ: were they run by different builds or machines?", where)
			}
			m.Duplicates = append(m.Duplicates, where)
		}
	}
	for pair, p := range at {
		if p.file == nil {
			m.Missing = append(m.Missing, pair)
			continue
		}
		m.Results = append(m.Results, p.file.Runs[p.i])
	}
	SortRuns(m.Results)
	for k := range n {
		if !shards[k] {
			m.Shards = append(m.Shards, Shard{k, n})
		}
	}
	return m, nil
}

// Pair returns the configuration string and the seed of pair, an index of
// the product.
func (m Merged) Pair(pair int) (config string, seed uint64) {
	seeds := len(m.Sweep.Seeds)
	return m.Sweep.Configs[pair/seeds].String(), m.Sweep.Seeds[pair%seeds]
}

// sameRun reports whether a and b have the same results, seconds aside.
func sameRun(a, b RunResult) bool {
	a.Seconds, b.Seconds = 0, 0
	ja, err1 := json.Marshal(a) // NaN != NaN, but null == null
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// SortRuns sorts runs by configuration, then seed, as Sweep.Run returns
// them.
func SortRuns(runs []RunResult) {
	slices.SortFunc(runs, func(a, b RunResult) int {
		return cmp.Or(cmp.Compare(a.Config, b.Config), cmp.Compare(a.Seed, b.Seed))
	})
}
