package main

import (
	"fmt"
	"strings"
)

// cells splits a Markdown table row "| a | b \| c |" into its cells,
// "a" and "b \| c"; ok is false for a line that is not a row written
// that way.
func cells(row string) (cs []string, ok bool) {
	s, ok := strings.CutPrefix(row, "| ")
	if !ok {
		return nil, false
	}
	if s, ok = strings.CutSuffix(s, " |"); !ok {
		return nil, false
	}
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '|' && (i == 0 || s[i-1] != '\\') {
			cs = append(cs, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	cs = append(cs, strings.TrimSpace(s[start:]))
	return cs, joinRow(cs) == row
}

// joinRow is the inverse of cells.
func joinRow(cs []string) string {
	return "| " + strings.Join(cs, " | ") + " |"
}

// rows rewrites the rows of the Markdown table lines (its header and the
// line under it are kept) by calling f with each row's cells, which f
// changes in place.
func rows(lines []string, f func(cs []string) error) ([]string, error) {
	if len(lines) < 2 {
		return nil, fmt.Errorf("not a table")
	}
	out := append([]string(nil), lines[:2]...)
	for _, l := range lines[2:] {
		cs, ok := cells(l)
		if !ok {
			return nil, fmt.Errorf("not a table row: %q", l)
		}
		if err := f(cs); err != nil {
			return nil, fmt.Errorf("row %q: %w", cs[0], err)
		}
		out = append(out, joinRow(cs))
	}
	return out, nil
}

// code returns the text between the first two backquotes of cell, or ""
// if there is none.
func code(cell string) string {
	_, s, ok := strings.Cut(cell, "`")
	if !ok {
		return ""
	}
	s, _, _ = strings.Cut(s, "`")
	return s
}
