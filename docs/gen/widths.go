package main

import (
	"fmt"
	"strconv"
	"strings"

	"relulab/train"
)

// widthTable renders the README's table of other widths and relu-like
// units, a row per configuration of the block's sweep:
//
//	| configuration | named | pyramid | valley | diamond | most common geometries | held-out MSE median |
//	| 6 relu | 100 | 89 | 7 | 3 | pyramid of 5 lines + 1 weak 9, + 1 off-origin 8 | 7.92e-4 |
//
// A row's first cell is its width and activation. Named counts the runs
// in a basin family; the most common geometries are as many as the cell
// had, grouped by the family they begin with.
func widthTable(r *runner, b *block, old []string) ([]string, error) {
	ss, err := r.sweeps(b)
	if err != nil {
		return nil, err
	}
	return rows(old, func(cs []string) error {
		h, act, ok := strings.Cut(cs[0], " ")
		if !ok || len(cs) != 7 {
			return fmt.Errorf("not a row of a width, an activation and 6 cells")
		}
		var s *train.Summary
		for i := range ss {
			if field(ss[i].Line, "h") == "h="+h && field(ss[i].Line, "act") == "act="+act {
				s = &ss[i]
			}
		}
		if s == nil {
			return fmt.Errorf("no sweep row of h=%s act=%s", h, act)
		}
		named := 0
		for _, n := range s.Basins {
			named += n
		}
		cs[1] = strconv.Itoa(named)
		cs[2], cs[3], cs[4] = count(s, "pyramid"), count(s, "valley"), count(s, "diamond")
		cs[5] = common(s.Geometries, strings.Count(cs[5], ", ")+strings.Count(cs[5], "; ")+1)
		cs[6] = sci(float64(s.MSE.Median), 3)
		return nil
	})
}

// common lists the n most common geometries, most first (see ranked),
// those of one family together: "pyramid of 3 lines + 1 off-origin 24, +
// 1 weak 16; pyramid of 4 lines 15".
func common(geos map[string]int, n int) string {
	names := ranked(geos)
	names = names[:min(n, len(names))]
	var families []string
	parts := map[string][]string{}
	for _, g := range names {
		f, rest, _ := strings.Cut(g, " + ")
		if parts[f] == nil {
			families = append(families, f)
		}
		if rest == "" || len(parts[f]) == 0 {
			parts[f] = append(parts[f], fmt.Sprintf("%s %d", g, geos[g]))
		} else {
			parts[f] = append(parts[f], fmt.Sprintf("+ %s %d", rest, geos[g]))
		}
	}
	var out []string
	for _, f := range families {
		out = append(out, strings.Join(parts[f], ", "))
	}
	return strings.Join(out, "; ")
}
