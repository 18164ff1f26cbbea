package train

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
)

// spectrumRuns returns four runs of a spectrum of 4 samples: two optimal,
// one with a valley in bin 1, one with bin 1 unnamed and a dead Nyquist.
func spectrumRuns() []RunResult {
	return []RunResult{
		{Seed: 1, Bins: []Basin{Fold, Pyramid, Fold}, Spectrum: "bin 1 pyramid, bins 0 and 2 folds"},
		{Seed: 2, Bins: []Basin{Fold, Valley, Fold}, Spectrum: "bins 0 and 2 folds, bin 1 valley"},
		{Seed: 3, Bins: []Basin{Fold, Pyramid, Fold}, Spectrum: "bin 1 pyramid, bins 0 and 2 folds"},
		{Seed: 4, Bins: []Basin{Fold, "", DeadBin}, Spectrum: "bin 0 fold, bin 2 dead, bin 1 unnamed"},
	}
}

// TestSpectrumTally checks a sweep's counts bin by bin and by outcome,
// their CSV columns, and that a runs file keeps a run's bins.
func TestSpectrumTally(t *testing.T) {
	rs := spectrumRuns()
	ss := Summarize([]Config{DefaultConfig()}, rs, true)
	st := ss[0].Spectrum
	if st == nil {
		t.Fatal("no spectrum tally")
	}
	if st.Optimal != 2 || st.OptimalCI != Wilson(2, 4) {
		t.Errorf("every bin optimal in %d runs (CI %v), want 2", st.Optimal, st.OptimalCI)
	}
	want := []string{"bin 0: fold 4", "bin 1: pyramid 2, valley 1, unnamed 1", "bin 2: fold 3, dead 1"}
	var got []string
	for _, b := range st.Bins {
		got = append(got, b.Line())
	}
	if !slices.Equal(got, want) {
		t.Errorf("bins %q, want %q", got, want)
	}
	top := st.TopOutcomes(2)
	if len(top) != 2 || top[0] != (OutcomeCount{"bin 1 pyramid, bins 0 and 2 folds", 2}) || top[1].Count != 1 {
		t.Errorf("top outcomes %v", top)
	}

	rows, err := csv.NewReader(bytes.NewReader(CSV([]Summary{ss[0]}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][len(rows[0])-1] != "spectrum" || rows[4][len(rows[4])-2] != "fold unnamed dead" {
		t.Errorf("run records: %q", rows)
	}
	ss[0].Records = nil
	rows, err = csv.NewReader(bytes.NewReader(CSV(ss))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]string{}
	for i, h := range rows[0] {
		col[h] = rows[1][i]
	}
	for h, v := range map[string]string{"every_bin_optimal": "2", "bin1_pyramid": "2", "bin1_valley": "1", "bin1_unnamed": "1",
		"bin2_dead": "1", "bin0_fold": "4", "bin0_valley": "0",
		"spectrum_outcomes": "2 bin 1 pyramid, bins 0 and 2 folds; 1 bin 0 fold, bin 2 dead, bin 1 unnamed; 1 bins 0 and 2 folds, bin 1 valley"} {
		if col[h] != v {
			t.Errorf("column %s = %q, want %q", h, col[h], v)
		}
	}
	if _, ok := col["bin3_fold"]; ok {
		t.Error("a column for bin 3 of a spectrum of 3 bins")
	}

	abs := Summarize([]Config{DefaultConfig()}, []RunResult{{Seed: 1, Basin: Pyramid}}, false)
	if abs[0].Spectrum != nil {
		t.Error("a sweep of |x+iy| has a spectrum tally")
	}
	rows, _ = csv.NewReader(bytes.NewReader(CSV(abs))).ReadAll()
	if slices.Contains(rows[0], "every_bin_optimal") {
		t.Error("the CSV of a sweep of |x+iy| has spectrum columns")
	}
	rows, _ = csv.NewReader(bytes.NewReader(CSV(append(abs, ss...)))).ReadAll()
	if len(rows[1]) != len(rows[0]) || rows[1][len(rows[1])-1] != "" || rows[2][len(rows[2])-1] == "" {
		t.Errorf("a sweep of both: rows %q", rows)
	}

	back := newRunLine("c", rs[3]).result(0)
	if !slices.Equal(back.Bins, rs[3].Bins) || back.Spectrum != rs[3].Spectrum {
		t.Errorf("a runs file gives back bins %v %q, want %v %q", back.Bins, back.Spectrum, rs[3].Bins, rs[3].Spectrum)
	}
}
