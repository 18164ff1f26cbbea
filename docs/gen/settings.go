package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"relulab/train"
)

// settingTable renders the tables of docs/convergence.md, one row per
// configuration of the block's sweeps:
//
//	| setting | pyramid | 95% interval | fitted | where the rest landed |
//	| `opt=lion revive=50` | 167/200 = 83.5% | 78–88% | 83.5% | diamond 30, valley 3 |
//
// A row's configuration is the setting in its first cell's backquotes,
// "(baseline)" for none; the cell itself is kept, with any words after
// the setting. The interval is the Wilson interval of the pyramid rate;
// where the rest landed lists the basins other than the pyramid (and
// diverged runs) by count, most first, as many as the cell had and at
// least three.
func settingTable(r *runner, b *block, old []string) ([]string, error) {
	ss, err := r.sweeps(b)
	if err != nil {
		return nil, err
	}
	return rows(old, func(cs []string) error {
		if len(cs) != 5 {
			return fmt.Errorf("%d cells, not 5", len(cs))
		}
		key := code(cs[0])
		if key == "(baseline)" {
			key = ""
		}
		s, err := find(ss, key)
		if err != nil {
			return err
		}
		p := s.Basins["pyramid"]
		cs[1] = fmt.Sprintf("%d/%d = %s", p, s.Runs, pct(float64(p)/float64(s.Runs), 1))
		cs[2] = interval(p, s.Runs)
		cs[3] = pct(s.FittedRate, 1)
		cs[4] = rest(s, max(3, strings.Count(cs[4], ",")+1))
		return nil
	})
}

// rest lists the n largest counts of the basins of s other than the
// pyramid, with its diverged runs, most first ("valley 91, ramp 25,
// diamond 18"; ties in reverse alphabetical order), or "–" if there are
// none.
func rest(s *train.Summary, n int) string {
	c := maps.Clone(s.Basins)
	delete(c, "pyramid")
	if d := s.Outcomes["diverged"]; d > 0 {
		c["diverged"] = d
	}
	names := ranked(c)
	var out []string
	for _, k := range names[:min(n, len(names))] {
		if c[k] > 0 {
			out = append(out, fmt.Sprintf("%s %d", k, c[k]))
		}
	}
	if len(out) == 0 {
		return "–"
	}
	return strings.Join(out, ", ")
}

// optimizerTable renders the table of every optimizer at its default
// learning rate and at its best: the block's first sweep runs each
// optimizer at its default, the second at every learning rate.
//
//	| optimizer | default lr | pyramid at the default (95% interval) | best lr | pyramid at the best (95% interval) |
//	| sgd | 0.01 | 25.5% (20–32%), fitted 25.5% | 0.03 | 26.0% (20–32%), fitted 26.0% |
//
// The best learning rate is the one with the highest fitted rate; of
// those that tie, the one with the highest pyramid rate, then the
// smallest.
func optimizerTable(r *runner, b *block, old []string) ([]string, error) {
	if len(b.cmds) != 2 {
		return nil, fmt.Errorf("%s: two sweeps wanted, the defaults and the learning rates", b)
	}
	def, err := r.sweep(b.cmds[0])
	if err != nil {
		return nil, err
	}
	grid, err := r.sweep(b.cmds[1])
	if err != nil {
		return nil, err
	}
	return rows(old, func(cs []string) error {
		if len(cs) != 5 {
			return fmt.Errorf("%d cells, not 5", len(cs))
		}
		opt := "opt=" + cs[0]
		var d, best *train.Summary
		for i := range def {
			if field(def[i].Line, "opt") == opt {
				d = &def[i]
			}
		}
		for i := range grid {
			s := &grid[i]
			if field(s.Line, "opt") != opt {
				continue
			}
			if best == nil || cmp.Or(cmp.Compare(s.Fitted, best.Fitted), cmp.Compare(s.Basins["pyramid"], best.Basins["pyramid"]),
				cmp.Compare(lr(best), lr(s))) > 0 {
				best = s
			}
		}
		if d == nil || best == nil {
			return fmt.Errorf("no sweep rows of %s", opt)
		}
		cs[1], cs[2] = strings.TrimPrefix(field(d.Line, "lr"), "lr="), atRate(d)
		cs[3], cs[4] = strings.TrimPrefix(field(best.Line, "lr"), "lr="), atRate(best)
		return nil
	})
}

// atRate formats the pyramid and fitted rates of s: "25.5% (20–32%),
// fitted 25.5%".
func atRate(s *train.Summary) string {
	p := s.Basins["pyramid"]
	return fmt.Sprintf("%s (%s), fitted %s", pct(float64(p)/float64(s.Runs), 1), interval(p, s.Runs), pct(s.FittedRate, 1))
}

// field returns the setting of the configuration string line that begins
// with name=, or "".
func field(line, name string) string {
	for _, f := range strings.Fields(line) {
		if strings.HasPrefix(f, name+"=") {
			return f
		}
	}
	return ""
}

// lr returns the learning rate of s.
func lr(s *train.Summary) float64 {
	v, _ := strconv.ParseFloat(strings.TrimPrefix(field(s.Line, "lr"), "lr="), 64)
	return v
}

// ranked returns the keys of counts, the largest count first, ties in
// reverse alphabetical order.
func ranked(counts map[string]int) []string {
	names := slices.Collect(maps.Keys(counts))
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(b, a))
	})
	return names
}
