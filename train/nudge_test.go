package train

import (
	"context"
	"testing"
)

// TestNudgeStudy nudges a pyramid: a nudge of 0.001 never leaves it, one of
// 2 leaves it at least once in four; and each row counts what nudging and
// training a copy by hand gives.
func TestNudgeStudy(t *testing.T) {
	c := DefaultConfig()
	params, _, err := ReferenceOptimum(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := New(c)
	if err := tr.SetParams(params); err != nil {
		t.Fatal(err)
	}
	saved, _ := tr.Save(nil)
	s := NudgeStudy{Saved: saved, Epsilons: []float64{0.001, 2}, Seeds: 4, Epochs: 150, Workers: 1}
	r, err := s.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.From != Pyramid || len(r.Rows) != 2 {
		t.Fatalf("from %q, %d rows", r.From, len(r.Rows))
	}
	if r.Rows[0].Left != 0 || r.Rows[1].Left == 0 {
		t.Errorf("left the pyramid: %d of 4 at ε 0.001, %d of 4 at ε 2", r.Rows[0].Left, r.Rows[1].Left)
	}
	for i, row := range r.Rows {
		left, basins := 0, map[Basin]int{}
		for k := range s.Seeds {
			u, _, _ := Load(saved)
			u.Nudge(row.Eps, NudgeRand(c.Seed, k))
			u.Run(s.Epochs)
			b := u.Snapshot().Basin
			basins[b]++
			if b != Pyramid || u.Status() == Diverged {
				left++
			}
		}
		if left != row.Left || len(basins) != len(row.Basins) {
			t.Errorf("row %d: %d left %v, by hand %d left %v", i, row.Left, row.Basins, left, basins)
		}
		for b, n := range basins {
			if row.Basins[b] != n {
				t.Errorf("row %d: %d in %q, by hand %d", i, row.Basins[b], b, n)
			}
		}
	}
	for _, bad := range []NudgeStudy{{Saved: saved, Seeds: 0, Epochs: 1}, {Saved: saved, Seeds: 1, Epochs: 0}, {Saved: saved, Seeds: 1, Epochs: 1, Epsilons: []float64{-1}}} {
		if _, err := bad.Run(context.Background()); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
