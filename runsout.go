package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"

	"relulab/train"
)

// sweepShard returns the shard of --shard if flag is not empty, else the
// one a job engine's environment gives, else the whole sweep; it says on
// w which it used.
func sweepShard(flag string, w io.Writer) (train.Shard, error) {
	if flag != "" {
		sh, err := train.ParseShard(flag)
		if err == nil {
			fmt.Fprintf(w, "sweep: shard %s, from --shard\n", sh)
		}
		return sh, err
	}
	sh, from, err := train.ShardFromEnv(os.Getenv)
	if err == nil && from != "" {
		fmt.Fprintf(w, "sweep: shard %s, from the %s\n", sh, from)
	}
	return sh, err
}

// shardSize returns the number of runs of sw in shard sh.
func shardSize(sw train.Sweep, sh train.Shard) int {
	n := 0
	for i := range sw.Total() {
		if sh.Has(i) {
			n++
		}
	}
	return n
}

// planRuns makes sw run shard sh only and, if path is not empty, write
// each run to the runs file path as it finishes. With resume it leaves
// out the runs the file has and returns them as prior, and cuts off a
// last line torn by a kill, saying both on w. The caller must call closeRuns
// after sw.Run.
func planRuns(sw *train.Sweep, sh train.Shard, path string, resume bool, w io.Writer) (prior []train.RunResult, closeRuns func() error, err error) {
	sw.Skip = func(i int) bool { return !sh.Has(i) }
	closeRuns = func() error { return nil }
	switch {
	case path == "" && resume:
		return nil, nil, usageError{errors.New("--resume goes on with the file of --runs-out: give --runs-out FILE.jsonl")}
	case path == "":
		return nil, closeRuns, nil
	}
	h, err := train.NewRunsHeader(*sw, sh)
	if err != nil {
		return nil, nil, usageError{err}
	}
	h.Build = buildName()
	out, done, err := train.OpenRuns(path, h, resume)
	switch {
	case errors.Is(err, train.ErrRunsExist) || errors.Is(err, train.ErrOtherSweep):
		return nil, nil, usageError{err}
	case err != nil:
		return nil, nil, err
	}
	if done.Header.Build != h.Build {
		fmt.Fprintf(w, "sweep: %s was begun by another build (%s) than this one (%s): its runs agree only where both compute the same bits\n", path, done.Header.Build, h.Build)
	}
	if done.Torn > 0 {
		fmt.Fprintf(w, "sweep: cut off the last line of %s, %d bytes without a newline: a run in flight when the sweep was stopped, which runs again\n", path, done.Torn)
	}
	have := make([]bool, sw.Total())
	for i, p := range done.Pairs {
		if !have[p] {
			have[p] = true
			prior = append(prior, done.Runs[i])
		}
	}
	if len(prior) > 0 {
		fmt.Fprintf(w, "sweep: %s has %d of the %d runs of shard %s; running the rest\n", path, len(prior), shardSize(*sw, sh), sh)
	}
	sw.Skip = func(i int) bool { return !sh.Has(i) || have[i] }
	sw.Done = func(r train.RunResult) error { return out.Write(h.Configs[r.Config], r) }
	return prior, out.Close, nil
}

// buildName names this program: its platform and, if known, its version
// control revision, such as "linux/amd64 3f2a9c1d04be+dirty".
func buildName() string {
	b := runtime.GOOS + "/" + runtime.GOARCH
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	rev, dirty := "", ""
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision":
			rev = " " + s.Value[:min(12, len(s.Value))]
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = "+dirty"
		}
	}
	if rev == "" {
		return b
	}
	return b + rev + dirty
}
