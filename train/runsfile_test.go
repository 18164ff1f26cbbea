package train

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runsSweep is a small sweep with a run that diverges (MSEs +Inf).
func runsSweep(t *testing.T) (Sweep, []RunResult) {
	t.Helper()
	wild, err := ParseConfig("opt=sgd lr=1000")
	if err != nil {
		t.Fatal(err)
	}
	sw := Sweep{Configs: []Config{DefaultConfig(), wild}, Seeds: []uint64{3, 4, 5, 9}, Epochs: 40, Workers: 2}
	rs, err := sw.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(float64(rs[len(rs)-1].TestMSE), 1) {
		t.Fatalf("lr=1000 did not diverge: %+v", rs[len(rs)-1])
	}
	return sw, rs
}

// jsonOf is v as JSON, in which NaN is null and so equal to itself.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRunsFileKeepsEveryRunExactly(t *testing.T) {
	sw, rs := runsSweep(t)
	h, err := NewRunsHeader(sw, Shard{})
	if err != nil {
		t.Fatal(err)
	}
	if want := [][2]uint64{{3, 5}, {9, 9}}; jsonOf(t, h.Seeds) != jsonOf(t, want) {
		t.Errorf("seeds %v, want %v", h.Seeds, want)
	}
	twice := sw
	twice.Seeds = []uint64{1, 2, 1}
	if _, err := NewRunsHeader(twice, Shard{}); err == nil || err.Error() != "seed 1 is in the sweep twice" {
		t.Errorf("a seed twice: %v", err)
	}
	twice = sw
	twice.Configs = []Config{sw.Configs[0], sw.Configs[1], sw.Configs[0]}
	if _, err := NewRunsHeader(twice, Shard{}); err == nil || !strings.Contains(err.Error(), "is in the sweep twice") {
		t.Errorf("a configuration twice: %v", err)
	}
	path := filepath.Join(t.TempDir(), "runs.jsonl")
	w, done, err := OpenRuns(path, h, false)
	if err != nil || len(done.Runs) != 0 {
		t.Fatal(err)
	}
	for _, r := range rs {
		if err := w.Write(h.Configs[r.Config], r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := ReadRunsFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if jsonOf(t, f.Runs) != jsonOf(t, rs) || f.Torn != 0 {
		t.Errorf("read back\n%s\nwant\n%s", jsonOf(t, f.Runs), jsonOf(t, rs))
	}
	if last := f.Runs[len(f.Runs)-1]; !math.IsInf(float64(last.TestMSE), 1) || !math.IsInf(float64(last.TrainMSE), 1) {
		t.Errorf("the diverged run's MSEs read back as %v, %v; want +Inf", last.TrainMSE, last.TestMSE)
	}
	for i, r := range f.Runs {
		if r.Config != rs[i].Config || f.Pairs[i] != i || f.Lines[i] != i+2 {
			t.Errorf("run %d: config %d pair %d line %d", i, r.Config, f.Pairs[i], f.Lines[i])
		}
	}
	back, _, err := f.Header.Sweep()
	if err != nil || jsonOf(t, back.Configs) != jsonOf(t, sw.Configs) || jsonOf(t, back.Seeds) != jsonOf(t, sw.Seeds) {
		t.Errorf("the header's sweep %+v (%v), want %+v", back, err, sw)
	}
}

func TestOpenRunsRefusesAndResumes(t *testing.T) {
	sw, rs := runsSweep(t)
	h, _ := NewRunsHeader(sw, Shard{1, 2})
	path := filepath.Join(t.TempDir(), "runs.jsonl")
	w, _, err := OpenRuns(path, h, false)
	if err != nil {
		t.Fatal(err)
	}
	// Shard 1/2 holds the odd pairs: rs[1], rs[3], rs[5], rs[7].
	w.Write(h.Configs[0], rs[1])
	w.Write(h.Configs[0], rs[3])
	w.Close()
	before, _ := os.ReadFile(path)

	if _, _, err := OpenRuns(path, h, false); !errors.Is(err, ErrRunsExist) || !strings.Contains(err.Error(), "--resume") {
		t.Errorf("an existing file without resume: %v", err)
	}
	other := h
	other.Epochs = 41
	if _, _, err := OpenRuns(path, other, true); !errors.Is(err, ErrOtherSweep) || !strings.Contains(err.Error(), "epochs 40, not 41") {
		t.Errorf("another sweep's file: %v", err)
	}
	other = h
	other.Shard = "0/2"
	if _, _, err := OpenRuns(path, other, true); !errors.Is(err, ErrOtherSweep) || !strings.Contains(err.Error(), "shard 1/2, not 0/2") {
		t.Errorf("another shard's file: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("a refused file changed")
	}

	// A kill in the middle of a line.
	torn := `{"config":"h=3 act=relu","seed":5,"train_m`
	os.WriteFile(path, append(before, torn...), 0o644)
	if _, err := ReadRunsFile(path); err != nil {
		t.Fatalf("a torn last line: %v", err)
	}
	w, done, err := OpenRuns(path, h, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(done.Runs) != 2 || done.Torn != len(torn) || jsonOf(t, done.Runs) != jsonOf(t, []RunResult{rs[1], rs[3]}) {
		t.Errorf("resumed with %d runs, torn %d", len(done.Runs), done.Torn)
	}
	w.Write(h.Configs[1], rs[5])
	w.Close()
	f, err := ReadRunsFile(path)
	if err != nil || len(f.Runs) != 3 || f.Torn != 0 || f.Runs[2].Seed != 4 || f.Runs[2].Config != 1 {
		t.Errorf("after resuming: %v, %+v", err, f)
	}
}

func TestReadRunsRefusesBadLines(t *testing.T) {
	sw, rs := runsSweep(t)
	h, _ := NewRunsHeader(sw, Shard{0, 2})
	head := jsonOf(t, h) + "\n"
	line := func(config string, r RunResult) string { return jsonOf(t, newRunLine(config, r)) + "\n" }
	for want, text := range map[string]string{
		"x.jsonl: no header":           "",
		"x.jsonl:1: not a runs header": `{"config":"h=3"}` + "\n",
		"x.jsonl:3: not a run":         head + line(h.Configs[0], rs[0]) + "{oops\n" + line(h.Configs[0], rs[2]),
		"x.jsonl:2: seed 4 of":         head + line(h.Configs[0], rs[1]),
		"x.jsonl:2: seed 1 is not":     head + strings.Replace(line(h.Configs[0], rs[0]), `"seed":3`, `"seed":1`, 1),
		"x.jsonl:2: configuration":     head + line("h=4 act=relu", rs[0]),
		"x.jsonl:2: not a run":         head + regexp.MustCompile(`"outcome":"[a-z]+"`).ReplaceAllString(line(h.Configs[0], rs[0]), `"outcome":"fine"`),
	} {
		_, err := ReadRuns("x.jsonl", strings.NewReader(text))
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: %v, want one line with %q", text, err, want)
		}
	}
}

func TestMerge(t *testing.T) {
	sw, rs := runsSweep(t)
	file := func(name string, sh Shard, runs ...RunResult) *RunsFile {
		h, _ := NewRunsHeader(sw, sh)
		text := jsonOf(t, h) + "\n"
		for _, r := range runs {
			text += jsonOf(t, newRunLine(h.Configs[r.Config], r)) + "\n"
		}
		f, err := ReadRuns(name, strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	again := rs[5]
	again.Seconds += 1
	m, err := Merge([]*RunsFile{
		file("c", Shard{2, 3}, rs[5], rs[2]),
		file("a", Shard{0, 3}, rs[6], rs[0], rs[3]),
		file("b", Shard{2, 3}, again),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []RunResult{rs[0], rs[2], rs[3], rs[5], rs[6]}
	if jsonOf(t, m.Results) != jsonOf(t, want) {
		t.Errorf("merged\n%s\nwant\n%s", jsonOf(t, m.Results), jsonOf(t, want))
	}
	if len(m.Duplicates) != 1 || m.Duplicates[0] != `seed 4 of "`+sw.Configs[1].String()+`" in c:2 and b:2` {
		t.Errorf("duplicates %q", m.Duplicates)
	}
	if jsonOf(t, m.Missing) != "[1,4,7]" || len(m.Shards) != 1 || m.Shards[0] != (Shard{1, 3}) {
		t.Errorf("missing %v, shards %v", m.Missing, m.Shards)
	}
	if c, s := m.Pair(7); c != sw.Configs[1].String() || s != 9 {
		t.Errorf("pair 7 is %q seed %d", c, s)
	}

	changed := rs[5]
	changed.Dead++
	if _, err := Merge([]*RunsFile{file("a", Shard{}, rs[5]), file("b", Shard{}, changed)}); err == nil ||
		!strings.Contains(err.Error(), "a:2 and b:2 differ") {
		t.Errorf("two different results of a run: %v", err)
	}
	other := sw
	other.Patience = 100
	oh, _ := NewRunsHeader(other, Shard{})
	of, _ := ReadRuns("o", strings.NewReader(jsonOf(t, oh)+"\n"))
	if _, err := Merge([]*RunsFile{file("a", Shard{}), of}); !errors.Is(err, ErrOtherSweep) ||
		!strings.Contains(err.Error(), "o is from another sweep than a: it has patience 100, not 0") {
		t.Errorf("another sweep: %v", err)
	}
}
