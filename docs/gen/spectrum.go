package main

import (
	"fmt"
	"strconv"
	"strings"

	"relulab/train"
)

// spectrumRow returns the row of ss of the task and width of a table's
// first cell, "spectrum:4 (7 units)", and of the setting of its second,
// whose backquotes hold a setting ("opt=lamb lr=0.03"), --recipe reliable
// or --hidden N (the width of the first cell); none is the default.
func spectrumRow(ss []train.Summary, first, second string) (*train.Summary, error) {
	task, units, ok := strings.Cut(first, " (")
	h, ok2 := strings.CutSuffix(units, " units)")
	if !ok || !ok2 {
		return nil, fmt.Errorf("%q is not a task and its width", first)
	}
	key := code(second)
	switch {
	case key == "--recipe reliable":
		key = recipe
	case strings.HasPrefix(key, "--hidden "):
		key = ""
	}
	for i := range ss {
		s := &ss[i]
		base := "task=" + task + " h=" + h + " act=relu opt=adam lr=0.001 init=glorot_uniform batch=32 data=normal"
		if field(s.Line, "task") == "task="+task && field(s.Line, "h") == "h="+h && diff(s.Line, base) == key {
			return s, nil
		}
	}
	return nil, fmt.Errorf("no sweep row of %s at width %s with %q", task, h, key)
}

// spectrumBinsTable renders the table of docs/convergence.md that counts
// the runs with every bin optimal, a row per configuration:
//
//	| task | setting | every bin optimal | 95% interval | where the rest failed |
//	| spectrum:4 (7 units) | (default) | 71/100 = 71% | 61–79% | bin 1: valley 16, diamond 7; DC: ramp 3 |
//
// Where the rest failed lists, bin by bin (the complex bins, then DC and
// Nyquist), the shapes other than the bin's optimum, most first.
func spectrumBinsTable(r *runner, b *block, old []string) ([]string, error) {
	ss, err := r.sweeps(b)
	if err != nil {
		return nil, err
	}
	return rows(old, func(cs []string) error {
		if len(cs) != 5 {
			return fmt.Errorf("%d cells, not 5", len(cs))
		}
		s, err := spectrumRow(ss, cs[0], cs[1])
		if err != nil {
			return err
		}
		t := s.Spectrum
		if t == nil {
			return fmt.Errorf("%s has no bins", s.Line)
		}
		cs[2] = fmt.Sprintf("%d/%d = %s", t.Optimal, s.Runs, pct(float64(t.Optimal)/float64(s.Runs), 0))
		cs[3] = interval(t.Optimal, s.Runs)
		var failed []string
		k := len(t.Bins)
		for _, i := range append(seq(1, k-1), 0, k-1) {
			name, want := "bin "+strconv.Itoa(i), "pyramid"
			switch i {
			case 0:
				name, want = "DC", "fold"
			case k - 1:
				name, want = "Nyquist", "fold"
			}
			shapes := t.Bins[i].Shapes
			var out []string
			for _, sh := range ranked(shapes) {
				if sh != want && shapes[sh] > 0 {
					out = append(out, fmt.Sprintf("%s %d", sh, shapes[sh]))
				}
			}
			if len(out) > 0 {
				failed = append(failed, name+": "+strings.Join(out, ", "))
			}
		}
		cs[4] = "–"
		if len(failed) > 0 {
			cs[4] = strings.Join(failed, "; ")
		}
		return nil
	})
}

// seq returns the integers from a up to b, b excluded.
func seq(a, b int) []int {
	var out []int
	for i := a; i < b; i++ {
		out = append(out, i)
	}
	return out
}

// spectrumRatesTable renders the README's table of how often every bin
// finds its pyramid, a row per task at its default width:
//
//	| task | default (Adam, lr 0.001) | `--recipe reliable` |
//	| spectrum:4 (7 units) | 71% (61–79%) | 97% (92–99%) |
func spectrumRatesTable(r *runner, b *block, old []string) ([]string, error) {
	ss, err := r.sweeps(b)
	if err != nil {
		return nil, err
	}
	return rows(old, func(cs []string) error {
		if len(cs) != 3 {
			return fmt.Errorf("%d cells, not 3", len(cs))
		}
		for i, set := range []string{"", "`--recipe reliable`"} {
			s, err := spectrumRow(ss, cs[0], set)
			if err != nil {
				return err
			}
			if s.Spectrum == nil {
				return fmt.Errorf("%s has no bins", s.Line)
			}
			n := s.Spectrum.Optimal
			cs[i+1] = fmt.Sprintf("%s (%s)", pct(float64(n)/float64(s.Runs), 0), interval(n, s.Runs))
		}
		return nil
	})
}
