package train

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestSummaryWithoutBasins checks that a sweep of --task relu counts its
// runs by outcome, every outcome, and has no basins (null in JSON, no
// columns in CSV) and no decision epoch; and that beside --task abs its
// CSV row leaves the basin columns empty.
func TestSummaryWithoutBasins(t *testing.T) {
	abs, relu := DefaultConfig(), TaskConfig(TaskReLU)
	rs := []RunResult{
		{Config: 0, Seed: 1, Outcome: Fitted, Basin: Pyramid, Decided: 40},
		{Config: 0, Seed: 2, Outcome: Stuck, Basin: Valley, Decided: 60},
		{Config: 1, Seed: 1, Outcome: Dead, Decided: 1, Dead: 1},
		{Config: 1, Seed: 2, Outcome: Dead, Decided: 1, Dead: 1},
		{Config: 1, Seed: 3, Outcome: Fitted, Decided: 1},
	}
	ss := Summarize([]Config{abs, relu}, rs, false)
	r := ss[1]
	if r.Basins != nil || r.Geometries != nil || !math.IsNaN(float64(r.Decided)) || len(r.Outcomes) != len(Outcomes) ||
		r.Outcomes["dead"] != 2 || r.Outcomes["fitted"] != 1 || r.Outcomes["stuck"] != 0 {
		t.Errorf("relu: basins %v, geometries %v, decided %v, outcomes %v", r.Basins, r.Geometries, r.Decided, r.Outcomes)
	}
	if a := ss[0]; a.Basins["pyramid"] != 1 || a.Basins["valley"] != 1 || a.Decided != 50 || len(a.Outcomes) != 2 {
		t.Errorf("abs: basins %v, decided %v, outcomes %v", a.Basins, a.Decided, a.Outcomes)
	}

	b, err := JSON(ss)
	var parsed []map[string]any
	if err == nil {
		err = json.Unmarshal(b, &parsed)
	}
	if err != nil {
		t.Fatal(err)
	}
	if p := parsed[1]; p["basins"] != nil || p["decided_median_epoch"] != nil || p["outcomes"].(map[string]any)["dead"] != 2.0 {
		t.Errorf("relu JSON: basins %v, decided %v, outcomes %v", p["basins"], p["decided_median_epoch"], p["outcomes"])
	}
	if p := parsed[0]; p["basins"] == nil || p["decided_median_epoch"] != 50.0 {
		t.Errorf("abs JSON: basins %v, decided %v", p["basins"], p["decided_median_epoch"])
	}

	rows, err := csv.NewReader(strings.NewReader(string(CSV(ss)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	if col("pyramid") < 0 || col("dead") < 0 {
		t.Fatalf("abs and relu: CSV header %v", rows[0])
	}
	if rows[2][col("pyramid")] != "" || rows[2][col("dead")] != "2" || rows[2][col("decided_median_epoch")] != "" ||
		rows[1][col("pyramid")] != "1" || rows[1][col("decided_median_epoch")] != "50" {
		t.Errorf("CSV rows %v", rows[1:])
	}
	rows, _ = csv.NewReader(strings.NewReader(string(CSV(ss[1:])))).ReadAll()
	if slices.Contains(rows[0], "pyramid") || rows[1][slices.Index(rows[0], "dead")] != "2" {
		t.Errorf("relu alone: CSV %v", rows)
	}
}
