package train

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// A runs file holds the runs of one shard of a sweep as JSON lines: first
// a RunsHeader, then one line per finished run, in the order they
// finished:
//
//	{"relulab_runs":1,"configs":["h=3 act=relu …"],"seeds":[[1,500]],"epochs":1500,"patience":0,"shard":"0/4"}
//	{"config":"h=3 act=relu …","seed":7,"train_mse":0.0031,…,"weights":[…],"seconds":0.41}
//
// A line is written when its newline is: a last line without one is a run
// that was in flight when the sweep was killed.

// RunsHeader is the first line of a runs file: the sweep, and the shard of
// it, that the runs below it belong to.
type RunsHeader struct {
	Format  int      `json:"relulab_runs"` // 1
	Configs []string `json:"configs"`
	// Seeds lists the sweep's seeds in order as runs of consecutive
	// values, first and last.
	Seeds    [][2]uint64 `json:"seeds"`
	Epochs   int         `json:"epochs"`
	Patience int         `json:"patience"`
	Shard    string      `json:"shard"`
	// Build names the program that began the file, such as
	// "linux/amd64 3f2a9c1d04be": runs of one build on one architecture
	// agree bit for bit. It is not part of the sweep: Mismatch ignores it.
	Build string `json:"build,omitempty"`
}

// ErrOtherSweep is wrapped by the errors of runs files that belong to
// another sweep than the one at hand, and ErrRunsExist by OpenRuns's error
// for a file that is there without resume.
var (
	ErrOtherSweep = errors.New("another sweep")
	ErrRunsExist  = errors.New("runs file exists")
)

// kindError is an error that also matches kind for errors.Is.
type kindError struct {
	error
	kind error
}

func (e kindError) Is(target error) bool { return target == e.kind }

// NewRunsHeader returns the header of the runs of shard sh of s. Two
// configurations of s with the same string, or a seed listed twice, are an
// error: their runs could not be told apart.
func NewRunsHeader(s Sweep, sh Shard) (RunsHeader, error) {
	h := RunsHeader{Format: 1, Epochs: s.Epochs, Patience: s.Patience, Shard: sh.String()}
	for _, c := range s.Configs {
		line := c.String()
		if slices.Contains(h.Configs, line) {
			return RunsHeader{}, fmt.Errorf("configuration %q is in the sweep twice", line)
		}
		h.Configs = append(h.Configs, line)
	}
	seen := make(map[uint64]bool, len(s.Seeds))
	for _, v := range s.Seeds {
		if seen[v] {
			return RunsHeader{}, fmt.Errorf("seed %d is in the sweep twice", v)
		}
		seen[v] = true
		if n := len(h.Seeds); n > 0 && h.Seeds[n-1][1]+1 == v {
			h.Seeds[n-1][1] = v
			continue
		}
		h.Seeds = append(h.Seeds, [2]uint64{v, v})
	}
	return h, nil
}

// Sweep returns the sweep and the shard that h describes.
func (h RunsHeader) Sweep() (Sweep, Shard, error) {
	s := Sweep{Epochs: h.Epochs, Patience: h.Patience}
	if h.Format != 1 || len(h.Configs) == 0 || len(h.Seeds) == 0 || h.Epochs < 1 {
		return s, Shard{}, errors.New("not a runs header (written by relulab sweep --runs-out)")
	}
	for _, line := range h.Configs {
		c, err := ParseConfig(line)
		if err != nil {
			return s, Shard{}, err
		}
		s.Configs = append(s.Configs, c)
	}
	for _, r := range h.Seeds {
		if r[1] < r[0] || r[1]-r[0] >= 1_000_000 || len(s.Seeds) > 1_000_000 {
			return s, Shard{}, fmt.Errorf("seeds %d-%d: not a range of up to a million", r[0], r[1])
		}
		for v := r[0]; ; v++ {
			s.Seeds = append(s.Seeds, v)
			if v == r[1] {
				break
			}
		}
	}
	sh, err := ParseShard(h.Shard)
	return s, sh, err
}

// Mismatch returns, if o describes another sweep than h, how they differ,
// in a few words: "epochs 1500, not 3000"; else "". With shard it also
// compares the shards.
func (h RunsHeader) Mismatch(o RunsHeader, shard bool) string {
	seeds := func(rs [][2]uint64) string {
		var parts []string
		for _, r := range rs {
			if r[0] == r[1] {
				parts = append(parts, fmt.Sprint(r[0]))
			} else {
				parts = append(parts, fmt.Sprintf("%d-%d", r[0], r[1]))
			}
		}
		return shorten(strings.Join(parts, ","), 40)
	}
	switch {
	case len(h.Configs) != len(o.Configs):
		return fmt.Sprintf("%d configurations, not %d", len(h.Configs), len(o.Configs))
	case !slices.Equal(h.Seeds, o.Seeds):
		return fmt.Sprintf("seeds %s, not %s", seeds(h.Seeds), seeds(o.Seeds))
	case h.Epochs != o.Epochs:
		return fmt.Sprintf("epochs %d, not %d", h.Epochs, o.Epochs)
	case h.Patience != o.Patience:
		return fmt.Sprintf("patience %d, not %d", h.Patience, o.Patience)
	case shard && h.Shard != o.Shard:
		return fmt.Sprintf("shard %s, not %s", h.Shard, o.Shard)
	}
	for i := range h.Configs {
		if h.Configs[i] != o.Configs[i] {
			return fmt.Sprintf("configuration %d %q, not %q", i+1, h.Configs[i], o.Configs[i])
		}
	}
	return ""
}

// shorten cuts s to n runes, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// runLine is a line of a runs file after the header: a RunResult with its
// configuration string, and floats that keep ±Inf.
type runLine struct {
	Config    string       `json:"config"`
	Seed      uint64       `json:"seed"`
	TrainMSE  ExactFloat   `json:"train_mse"`
	TestMSE   ExactFloat   `json:"test_mse"`
	Outcome   Outcome      `json:"outcome"`
	Basin     Basin        `json:"basin"`
	Decided   int          `json:"decided"`
	Dead      int          `json:"dead"`
	Collapsed int          `json:"collapsed"`
	Epochs    int          `json:"epochs"`
	Stopped   bool         `json:"stopped_early"`
	Params    []ExactFloat `json:"weights"`
	Seconds   float64      `json:"seconds"`
	Bins      []Basin      `json:"bins,omitempty"`
	Spectrum  string       `json:"spectrum,omitempty"`
}

// newRunLine returns the line of r, a run of configuration config.
func newRunLine(config string, r RunResult) runLine {
	l := runLine{config, r.Seed, ExactFloat(r.TrainMSE), ExactFloat(r.TestMSE), r.Outcome, r.Basin, r.Decided, r.Dead,
		r.Collapsed, r.Epochs, r.Stopped, make([]ExactFloat, len(r.Params)), r.Seconds, r.Bins, r.Spectrum}
	for i, p := range r.Params {
		l.Params[i] = ExactFloat(p)
	}
	return l
}

// result returns the run of l, of configuration config (an index).
func (l runLine) result(config int) RunResult {
	r := RunResult{config, l.Seed, NullFloat(l.TrainMSE), NullFloat(l.TestMSE), l.Outcome, l.Basin, l.Decided, l.Dead,
		l.Collapsed, l.Epochs, l.Stopped, make([]NullFloat, len(l.Params)), l.Seconds, l.Bins, l.Spectrum}
	for i, p := range l.Params {
		r.Params[i] = NullFloat(p)
	}
	return r
}

// RunsFile is what a runs file holds.
type RunsFile struct {
	Name   string
	Header RunsHeader
	// Sweep and Shard are what the header describes.
	Sweep Sweep
	Shard Shard
	// Runs are the runs in the order of the file, their Config indexing
	// Sweep.Configs; Pairs holds the index of each in the sweep's product,
	// config·len(Seeds) + seed index, and Lines its line number.
	Runs  []RunResult
	Pairs []int
	Lines []int
	// Whole is the length of the file up to the end of its last whole
	// line, and Torn the length of a last line without a newline after
	// that: a run in flight when the sweep was killed, or 0.
	Whole int64
	Torn  int
}

// ReadRuns reads the runs file that r holds; name is for its errors, which
// give the line: "a.jsonl:7: …". Every run must belong to the sweep and
// the shard of the header.
func ReadRuns(name string, r io.Reader) (*RunsFile, error) {
	f := &RunsFile{Name: name}
	br := bufio.NewReaderSize(r, 1<<16)
	var seedIndex map[uint64]int
	configIndex := map[string]int{}
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(line) == 0 {
			break
		}
		if line[len(line)-1] != '\n' {
			f.Torn = len(line)
			break
		}
		if n == 1 {
			dec := json.NewDecoder(bytes.NewReader(line))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&f.Header); err != nil {
				return nil, fmt.Errorf("%s:1: not a runs header (written by relulab sweep --runs-out): %v", name, err)
			}
			if f.Sweep, f.Shard, err = f.Header.Sweep(); err != nil {
				return nil, fmt.Errorf("%s:1: %w", name, err)
			}
			seedIndex = make(map[uint64]int, len(f.Sweep.Seeds))
			for i, s := range f.Sweep.Seeds {
				seedIndex[s] = i
			}
			for i, c := range f.Header.Configs {
				configIndex[c] = i
			}
			f.Whole += int64(len(line))
			continue
		}
		var l runLine
		if err := json.Unmarshal(line, &l); err != nil {
			return nil, fmt.Errorf("%s:%d: not a run: %v", name, n, err)
		}
		c, ok1 := configIndex[l.Config]
		s, ok2 := seedIndex[l.Seed]
		pair := c*len(f.Sweep.Seeds) + s
		switch {
		case !ok1:
			return nil, fmt.Errorf("%s:%d: configuration %q is not in the header", name, n, l.Config)
		case !ok2:
			return nil, fmt.Errorf("%s:%d: seed %d is not in the header", name, n, l.Seed)
		case !f.Shard.Has(pair):
			return nil, fmt.Errorf("%s:%d: seed %d of %q is not in shard %s", name, n, l.Seed, l.Config, f.Shard)
		}
		f.Runs, f.Pairs, f.Lines = append(f.Runs, l.result(c)), append(f.Pairs, pair), append(f.Lines, n)
		f.Whole += int64(len(line))
	}
	if f.Whole == 0 {
		return nil, fmt.Errorf("%s: no header: not a runs file (written by relulab sweep --runs-out)", name)
	}
	return f, nil
}

// ReadRunsFile reads the runs file at path.
func ReadRunsFile(path string) (*RunsFile, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return ReadRuns(path, file)
}

// RunsWriter appends runs to a runs file. Each run is one write of one
// whole line, made as the run finishes, so a killed sweep loses only the
// runs in flight. Writes go to the operating system at once, not to a
// buffer; Close syncs them to disk.
type RunsWriter struct {
	f    *os.File
	line []byte
}

// OpenRuns opens the runs file at path for the runs of h's sweep. A new
// file is created, atomically, with h as its first line. A file that is
// there is an error wrapping ErrRunsExist, unless resume is true: then its
// header must match h, shard included (else an error wrapping
// ErrOtherSweep), a last line cut short by a kill is cut off (done.Torn
// says how long it was), and done holds the runs that it already has.
func OpenRuns(path string, h RunsHeader, resume bool) (w *RunsWriter, done *RunsFile, err error) {
	b, err := json.Marshal(h)
	if err != nil {
		return nil, nil, err
	}
	err = WriteNewFileAtomic(path, append(b, '\n'), 0o644)
	switch {
	case errors.Is(err, fs.ErrExist) && !resume:
		return nil, nil, kindError{fmt.Errorf("%s exists: add --resume to go on with it, or remove it", path), ErrRunsExist}
	case err == nil:
		done = &RunsFile{Name: path, Header: h, Whole: int64(len(b) + 1)}
	case !errors.Is(err, fs.ErrExist):
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		return nil, nil, err
	}
	if done == nil {
		if done, err = ReadRuns(path, f); err != nil {
			f.Close()
			return nil, nil, err
		}
		if d := done.Header.Mismatch(h, true); d != "" {
			f.Close()
			return nil, nil, kindError{fmt.Errorf("%s is from another sweep: it has %s", path, d), ErrOtherSweep}
		}
		if done.Torn > 0 {
			if err := f.Truncate(done.Whole); err != nil {
				f.Close()
				return nil, nil, err
			}
		}
	}
	return &RunsWriter{f: f}, done, nil
}

// Write appends r, a run of configuration line, to the file.
func (w *RunsWriter) Write(line string, r RunResult) error {
	b, err := json.Marshal(newRunLine(line, r))
	if err != nil {
		return err
	}
	w.line = append(append(w.line[:0], b...), '\n')
	_, err = w.f.Write(w.line)
	return err
}

// Close syncs the file to disk and closes it.
func (w *RunsWriter) Close() error {
	return errors.Join(w.f.Sync(), w.f.Close())
}
