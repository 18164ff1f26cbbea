package main

import (
	"fmt"
	"maps"
	"math"
	"strconv"
	"strings"
)

// reluTaskTable renders the README's table of --task relu, a sweep per
// row: the block's command with the flags of the row's first cell
// ("(the defaults)" for none).
//
//	| flags | fitted of 200 | the others | why |
//	| `--opt adam` | 94, 47% [40–54] | 92 stuck, 14 dead | … |
//
// The fitted rate has at most one decimal and its 95% interval none; the
// others are counted by outcome, most first (see ranked). The cells after the third
// are kept.
func reluTaskTable(r *runner, b *block, old []string) ([]string, error) {
	if len(b.cmds) != 1 {
		return nil, fmt.Errorf("one sweep wanted, which each row's flags complete")
	}
	return rows(old, func(cs []string) error {
		if len(cs) < 3 {
			return fmt.Errorf("%d cells, not 3 or more", len(cs))
		}
		flags, err := split(code(cs[0]))
		if err != nil {
			return err
		}
		ss, err := r.sweep(append(b.cmds[0][:len(b.cmds[0]):len(b.cmds[0])], flags...))
		if err != nil {
			return err
		}
		if len(ss) != 1 {
			return fmt.Errorf("%d rows, not one", len(ss))
		}
		s := ss[0]
		rate := strconv.FormatFloat(math.Round(1000*s.FittedRate)/10, 'f', -1, 64)
		cs[1] = fmt.Sprintf("%d, %s%% [%.0f–%.0f]", s.Fitted, rate, 100*s.FittedCI[0], 100*s.FittedCI[1])
		others := maps.Clone(s.Outcomes)
		delete(others, "fitted")
		var out []string
		for _, k := range ranked(others) {
			if others[k] > 0 {
				out = append(out, fmt.Sprintf("%d %s", others[k], k))
			}
		}
		cs[2] = "–"
		if len(out) > 0 {
			cs[2] = strings.Join(out, ", ")
		}
		return nil
	})
}
