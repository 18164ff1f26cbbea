package train

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"relulab/model"
)

// smallSweep is two configurations × four seeds × 150 epochs.
func smallSweep(workers int) Sweep {
	a, b := DefaultConfig(), DefaultConfig()
	b.Act = model.ELU
	return Sweep{Configs: []Config{a, b}, Seeds: []uint64{1, 2, 3, 4}, Epochs: 150, Workers: workers}
}

func strip(rs []RunResult) []RunResult {
	out := append([]RunResult(nil), rs...)
	for i := range out {
		out[i].Seconds = 0
	}
	return out
}

func TestSweepIsTheSameForAnyWorkerCount(t *testing.T) {
	one, err := smallSweep(1).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	four, err := smallSweep(4).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(one) != 8 || !reflect.DeepEqual(strip(one), strip(four)) {
		t.Fatalf("1 and 4 workers differ:\n%+v\n%+v", strip(one), strip(four))
	}
	// A sweep's run is the run relulab train makes.
	c := DefaultConfig()
	c.Seed = 3
	tr, _ := New(c)
	tr.Run(150)
	s := tr.Snapshot()
	if r := one[2]; r.Seed != 3 || float64(r.TestMSE) != s.TestMSE || r.Basin != s.Basin {
		t.Errorf("sweep run %+v, trainer %v %v", r, s.TestMSE, s.Basin)
	}
}

func TestSweepStopsCleanly(t *testing.T) {
	before := runtime.NumGoroutine()
	sw := smallSweep(2)
	sw.Epochs = 100000
	ctx, cancel := context.WithCancel(context.Background())
	sw.Progress = func(done, total int) {}
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	rs, err := sw.Run(ctx)
	if err != context.Canceled {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if len(rs) != 0 {
		t.Errorf("%d runs of 100000 epochs finished in 0.1 s", len(rs))
	}
	time.Sleep(50 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines before, %d after", before, after)
	}
}

func TestPatience(t *testing.T) {
	sw := Sweep{Configs: []Config{DefaultConfig()}, Seeds: []uint64{1, 2, 3, 4, 5, 6}, Epochs: 1500}
	full, _ := sw.Run(context.Background())
	sw.Patience = 200
	early, _ := sw.Run(context.Background())
	stopped := 0
	for i, r := range early {
		if r.Stopped {
			stopped++
			if r.Epochs >= 1500 || r.Epochs%ProbeEvery != 0 {
				t.Errorf("seed %d stopped at epoch %d", r.Seed, r.Epochs)
			}
			continue
		}
		f, e := full[i], r
		f.Seconds, e.Seconds = 0, 0
		if !reflect.DeepEqual(f, e) {
			t.Errorf("seed %d ran to the end with patience, yet differs", r.Seed)
		}
	}
	if stopped == 0 {
		t.Error("no run stopped early with patience 200 over 1500 epochs")
	}
	for _, r := range full {
		if r.Stopped || r.Epochs != 1500 {
			t.Errorf("without patience seed %d: stopped %v at %d", r.Seed, r.Stopped, r.Epochs)
		}
	}
}

func TestOutputs(t *testing.T) {
	sw := smallSweep(2)
	rs, _ := sw.Run(context.Background())
	ss := Summarize(sw.Configs, rs, false)
	if len(ss) != 2 || ss[0].Runs != 4 || ss[1].Config.Act != model.ELU {
		t.Fatalf("summaries %+v", ss)
	}
	b, err := JSON(ss)
	if err != nil {
		t.Fatal(err)
	}
	var parsed []map[string]any
	if err := json.Unmarshal(b, &parsed); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"config", "runs", "fitted_rate", "fitted_ci", "mse", "outcomes", "basins"} {
		if _, ok := parsed[0][k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if q := parsed[0]["mse"].(map[string]any); q["median"] == nil || q["p90"] == nil {
		t.Errorf("mse quantiles %v", q)
	}
	rows, err := csv.NewReader(strings.NewReader(string(CSV(ss)))).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "config" || rows[0][1] != "seeds" || rows[1][2] != "4" {
		t.Fatalf("CSV %v, %v", rows, err)
	}
	// Each column once, and the row names the runs' seeds, not the base
	// configuration's.
	seen := map[string]bool{}
	for _, h := range rows[0] {
		if seen[h] {
			t.Errorf("CSV header has %q twice: %v", h, rows[0])
		}
		seen[h] = true
	}
	if strings.Contains(rows[1][0], "seed=") || rows[1][1] != SeedRanges(sw.Seeds) {
		t.Errorf("CSV row names config %q, seeds %q; want no seed= and %q", rows[1][0], rows[1][1], SeedRanges(sw.Seeds))
	}
	detail := Summarize(sw.Configs, rs, true)
	rows, _ = csv.NewReader(strings.NewReader(string(CSV(detail)))).ReadAll()
	if len(rows) != 9 || rows[0][1] != "seed" || len(strings.Fields(rows[1][11])) != 13 {
		t.Errorf("per-run CSV %v", rows[:2])
	}
	b, _ = JSON(detail)
	if !strings.Contains(string(b), `"records"`) || !strings.Contains(string(b), `"weights"`) {
		t.Error("per-run JSON lacks records with weights")
	}
}

func TestWilsonAndQuantiles(t *testing.T) {
	for _, tt := range []struct {
		k, n   int
		lo, hi float64
	}{{24, 100, 0.16691325556948772, 0.33232336349814473}, {0, 10, 0, 0.2775327998628892}, {10, 10, 0.7224672001371107, 1}} {
		ci := Wilson(tt.k, tt.n)
		if math.Abs(ci[0]-tt.lo) > 1e-12 || math.Abs(ci[1]-tt.hi) > 1e-12 {
			t.Errorf("Wilson(%d, %d) = %v, want [%v, %v]", tt.k, tt.n, ci, tt.lo, tt.hi)
		}
	}
	q := quantiles([]float64{5, 1, math.NaN(), 3, 2, 4}, 0, 0.25, 0.5, 1)
	// NaN sorts last: 1 2 3 4 5 NaN; p25 at h = 1.25.
	if q[0] != 1 || q[1] != 2.25 || q[2] != 3.5 || !math.IsNaN(q[3]) {
		t.Errorf("quantiles %v", q)
	}
}

func TestSeedRanges(t *testing.T) {
	for want, seeds := range map[string][]uint64{
		"": nil, "7": {7}, "1-20": {20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1},
		"1-3,5,9-10": {9, 1, 2, 3, 5, 10, 3}, "0,2": {2, 0},
	} {
		if got := SeedRanges(seeds); got != want {
			t.Errorf("SeedRanges(%v) = %q, want %q", seeds, got, want)
		}
	}
}

func TestParseSeeds(t *testing.T) {
	for s, want := range map[string][]uint64{"3": {1, 2, 3}, "7-9": {7, 8, 9}, "5,1,9": {5, 1, 9}} {
		got, err := ParseSeeds(s)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseSeeds(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"0", "9-7", "x", "1,,2", "-3"} {
		if _, err := ParseSeeds(s); err == nil {
			t.Errorf("ParseSeeds(%q) accepted", s)
		}
	}
}

// A sweep without Patience probes its runs without the held-out MSE; it
// records every run as a sweep whose Patience never stops one: the same
// basins, decided at the same epochs, on tasks that name basins and on
// those that name none (--task relu, the amplitude spectrum), which it
// does not probe at all.
func TestSweepWithoutPatienceRecordsTheSameRuns(t *testing.T) {
	sw := smallSweep(2)
	relu := TaskConfig(TaskReLU)
	sw.Configs = append(sw.Configs, TaskConfig(TaskSpectrum4), relu)
	if relu.Task.basins() || sw.Configs[2].Task.basins() || !sw.Configs[0].Task.basins() {
		t.Fatal("basins() says relu or the spectrum name basins, or abs names none")
	}
	blind, err := sw.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sw.Patience = sw.Epochs + 1
	probed, err := sw.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(blind) != 16 || !reflect.DeepEqual(strip(blind), strip(probed)) {
		t.Fatalf("without and with patience differ:\n%+v\n%+v", strip(blind), strip(probed))
	}
}
