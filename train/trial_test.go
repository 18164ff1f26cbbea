package train

import (
	"context"
	"math"
	"reflect"
	"slices"
	"testing"

	"relulab/model"
	"relulab/train/optim"
)

// watched returns watched trials of c for seeds, trained to epochs in
// lockstep on workers goroutines, in steps of n epochs.
func watched(t *testing.T, c Config, seeds []uint64, epochs, n, workers int) []*Trial {
	t.Helper()
	ts := make([]*Trial, len(seeds))
	for i, s := range seeds {
		c.Seed = s
		var err error
		if ts[i], err = NewWatchedTrial(c); err != nil {
			t.Fatal(err)
		}
	}
	for e := 0; e < epochs; e += n {
		RunTrials(ts, min(n, epochs-e), workers)
	}
	return ts
}

// A trial's record is the sweep's record of the same seed and epochs,
// whether the trial is watched or not, stepped in odd chunks, or stopped
// between probes; and its weights are relulab train's.
func TestTrialIsTheSweepsRun(t *testing.T) {
	seeds := []uint64{1, 2, 3, 4, 5, 6}
	for _, epochs := range []int{160, 157} {
		sw := Sweep{Configs: []Config{DefaultConfig()}, Seeds: seeds, Epochs: epochs, Workers: 2}
		want, err := sw.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		ts := watched(t, DefaultConfig(), seeds, epochs, 7, 2)
		for i, tr := range ts {
			got := tr.Result()
			got.Seconds, want[i].Seconds = 0, 0
			if !reflect.DeepEqual(got, want[i]) {
				t.Errorf("epochs %d seed %d: trial %+v\nsweep %+v", epochs, seeds[i], got, want[i])
			}
			c := DefaultConfig()
			c.Seed = seeds[i]
			plain, _ := New(c)
			plain.Run(epochs)
			if !slices.Equal(plain.Params(), tr.T.Params()) {
				t.Errorf("epochs %d seed %d: the trial's weights are not relulab train's", epochs, seeds[i])
			}
		}
	}
}

// A diverging trial is probed where it diverges, as a sweep probes it.
func TestTrialDivergesAsTheSweepsRun(t *testing.T) {
	c := DefaultConfig()
	c.Opt, _ = optim.Default("sgd")
	c.Opt.LR = 3
	sw := Sweep{Configs: []Config{c}, Seeds: []uint64{1, 2}, Epochs: 100, Workers: 1}
	want, _ := sw.Run(context.Background())
	ts := watched(t, c, []uint64{1, 2}, 100, 100, 1)
	for i, tr := range ts {
		got := tr.Result()
		got.Seconds, want[i].Seconds = 0, 0
		if tr.T.Status() != Diverged || !reflect.DeepEqual(got, want[i]) {
			t.Errorf("seed %d: %v, trial %+v\nsweep %+v", i+1, tr.T.Status(), got, want[i])
		}
	}
}

// The tally of trials at an epoch counts what a sweep stopped at that
// epoch counts, basin by basin and outcome by outcome.
func TestTallyIsTheSweepsCount(t *testing.T) {
	seeds := []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	const epochs = 300
	sw := Sweep{Configs: []Config{DefaultConfig()}, Seeds: seeds, Epochs: epochs, Workers: 2}
	rs, err := sw.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sum := Summarize(sw.Configs, rs, false)[0]
	tl := TallyTrials(watched(t, DefaultConfig(), seeds, epochs, 40, 2))
	if !tl.ByBasin || tl.Runs != len(seeds) || tl.Fitted != sum.Fitted {
		t.Fatalf("tally %+v", tl)
	}
	total := 0
	for _, r := range tl.Rows {
		if r.Name != OtherBasin && r.Count != sum.Basins[r.Name] {
			t.Errorf("%s: tally %d, sweep %d", r.Name, r.Count, sum.Basins[r.Name])
		}
		if r.CI != Wilson(r.Count, len(seeds)) {
			t.Errorf("%s: interval %v", r.Name, r.CI)
		}
		total += r.Count
	}
	if total != len(seeds) {
		t.Errorf("the rows count %d runs of %d", total, len(seeds))
	}
	// Where no run is in a named basin, the rows are outcomes: tanh units
	// have none.
	c := DefaultConfig()
	c.Act = model.Tanh
	ts := watched(t, c, seeds[:4], 100, 100, 2)
	tl = TallyTrials(ts)
	if tl.ByBasin || len(tl.Rows) != len(outcomeNames) {
		t.Fatalf("tanh: %+v", tl)
	}
	for _, tr := range ts {
		row, _ := tl.Row(tr.Verdict().Outcome.String())
		if row.Count == 0 {
			t.Errorf("outcome %v of seed %d not counted", tr.Verdict().Outcome, tr.T.Config().Seed)
		}
	}
}

// A watched trial's verdict is the snapshot's every WatchEvery epochs,
// and the trainer's history holds the held-out MSE measured there; the
// record holds the probes.
func TestWatchedVerdictIsTheSnapshots(t *testing.T) {
	tr := watched(t, DefaultConfig(), []uint64{4}, 200, 200, 1)[0]
	s, v := tr.T.Snapshot(), tr.Verdict()
	if v.Epoch != 200 || v.TestMSE != s.TestMSE || v.Basin != s.Basin || v.Outcome != s.Outcome || !slices.Equal(v.Params, s.Params) {
		t.Errorf("verdict %v %v %v %v, snapshot %v %v %v %v", v.Epoch, v.TestMSE, v.Basin, v.Outcome, s.Epoch, s.TestMSE, s.Basin, s.Outcome)
	}
	if got := s.History.LastTest(); got != s.TestMSE {
		t.Errorf("history's last held-out MSE %v, want %v", got, s.TestMSE)
	}
	rec := tr.Record()
	mse, b := tr.T.Probe()
	if n := len(rec.Epoch); n != 11 || rec.Epoch[n-1] != 200 || rec.Test[n-1] != mse || rec.Basin[n-1] != b {
		t.Errorf("record %+v, probe %v %v", rec, mse, b)
	}
	tr.Run(7)
	if tr.Verdict().Epoch != 200 {
		t.Errorf("measured the verdict at epoch %d, between watches", tr.Verdict().Epoch)
	}
	tr.Watch()
	if v, s := tr.Verdict(), tr.T.Snapshot(); v.Epoch != 207 || v.TestMSE != s.TestMSE {
		t.Errorf("Watch at epoch 207: %v %v, snapshot %v", v.Epoch, v.TestMSE, s.TestMSE)
	}
}

// A trial of --task relu, whose run is 20 epochs, probes and measures its
// verdict every epoch; one of --task abs every ProbeEvery and WatchEvery.
func TestCadenceFitsTheRun(t *testing.T) {
	if got := CadenceOf(DefaultConfig()); got != (Cadence{ProbeEvery, WatchEvery}) {
		t.Errorf("abs: cadence %+v", got)
	}
	tr := watched(t, TaskConfig(TaskReLU), []uint64{3}, 3, 3, 1)[0]
	if v := tr.Verdict(); v.Epoch != 3 {
		t.Errorf("relu: verdict at epoch %d after 3 epochs, want 3", v.Epoch)
	}
	if rec := tr.Record(); !slices.Equal(rec.Epoch, []int{0, 1, 2, 3}) || rec.Stride != 1 {
		t.Errorf("relu: record at epochs %v, stride %d; want every epoch", rec.Epoch, rec.Stride)
	}
}

// The record keeps a bounded number of points spanning the whole run.
func TestTrialRecordIsBounded(t *testing.T) {
	var r TrialRecord
	for e := 0; e <= 1_000_000; e += ProbeEvery {
		r.add(e, 1, 2, Pyramid)
	}
	n := len(r.Epoch)
	if n > recordCap || n < recordCap/2 || r.Epoch[0] != 0 || r.Epoch[n-1] < 1_000_000-r.Stride {
		t.Fatalf("%d points, stride %d, from %d to %d", n, r.Stride, r.Epoch[0], r.Epoch[n-1])
	}
	for i := 1; i < n; i++ {
		if r.Epoch[i]-r.Epoch[i-1] != r.Stride || len(r.Basin) != n {
			t.Fatalf("uneven record at %d: %v", i, r.Epoch[i-1:i+1])
		}
	}
}

// The two-proportion test against hand-computed values: 9/32 against
// 31/32 (p = 40/64, se = √(0.625·0.375·2/32)), and statsmodels'
// proportions_ztest([12, 18], [40, 40]) = (∓1.3856, 0.1659).
func TestTwoProportion(t *testing.T) {
	for _, c := range []struct {
		k1, n1, k2, n2 int
		z, p           float64
	}{
		{9, 32, 31, 32, 0.6875 / math.Sqrt(0.625*0.375*2/32), 1.3439929353717344e-08},
		{12, 40, 18, 40, 1.385640646055102, 0.1658566603429099},
		{18, 40, 12, 40, -1.385640646055102, 0.1658566603429099},
		{0, 10, 0, 10, 0, 1},
	} {
		z, p := TwoProportion(c.k1, c.n1, c.k2, c.n2)
		if math.Abs(z-c.z) > 1e-12 || math.Abs(p-c.p) > 1e-12*max(1, c.p) {
			t.Errorf("%d/%d vs %d/%d: z %v p %v, want %v %v", c.k1, c.n1, c.k2, c.n2, z, p, c.z, c.p)
		}
	}
}
