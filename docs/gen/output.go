package main

import (
	"fmt"
	"regexp"
	"strings"
)

// output renders a fenced block of commands and what they print:
//
//	$ go run . train --seed 6
//	h=3 act=relu …
//	epoch 3000  train 0.001101 …  (0.07s)
//
// Each "$ " line is run and the lines under it replaced by its standard
// output. Where the new output differs from the old only in the times it
// reports, the old is kept: times are measured by hand, not generated.
func output(r *runner, b *block, old []string) ([]string, error) {
	var out []string
	for i := 0; i < len(old); {
		c, ok := strings.CutPrefix(old[i], "$ ")
		if !ok {
			out = append(out, old[i])
			i++
			continue
		}
		j := i + 1
		for j < len(old) && !strings.HasPrefix(old[j], "$ ") && old[j] != "```" {
			j++
		}
		args, _ := command(c)
		text, err := r.run(args)
		if err != nil {
			return nil, err
		}
		out = append(out, old[i])
		out = append(out, untimed(old[i+1:j], lines(text))...)
		i = j
	}
	return out, nil
}

// excerpt renders a fenced excerpt of what the block's command prints: as
// many lines as the excerpt had, from the first that begins with the
// block's from attribute.
func excerpt(r *runner, b *block, old []string) ([]string, error) {
	from := b.attrs["from"]
	if len(b.cmds) != 1 || from == "" || len(old) < 2 || old[0] != "```" || old[len(old)-1] != "```" {
		return nil, fmt.Errorf("an excerpt is a fenced block with one command and a from attribute")
	}
	text, err := r.run(b.cmds[0])
	if err != nil {
		return nil, err
	}
	ls := lines(text)
	n := len(old) - 2
	for i, l := range ls {
		if strings.HasPrefix(l, from) {
			if i+n > len(ls) {
				return nil, fmt.Errorf("the output has %d lines from %q, the excerpt %d", len(ls)-i, from, n)
			}
			out := append([]string{"```"}, ls[i:i+n]...)
			return append(out, "```"), nil
		}
	}
	return nil, fmt.Errorf("no line of the output begins with %q", from)
}

// lines splits text into lines, without the last newline.
func lines(text string) []string {
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}

var (
	// seconds matches a time as train prints it: "(0.07s)".
	seconds = regexp.MustCompile(`\(\d+(\.\d+)?s\)`)
	// lastCell matches the last cell of a row of a boxed table, the
	// sweep's seconds column.
	lastCell = regexp.MustCompile(`\s*[0-9.]+ │$`)
)

// untimed returns old if it differs from new only in the times it
// reports, and new otherwise.
func untimed(old, new []string) []string {
	if len(old) != len(new) {
		return new
	}
	for i := range old {
		if mask(old[i]) != mask(new[i]) {
			return new
		}
	}
	return old
}

// mask replaces the times in a line of output by T and, in a line of a
// boxed table, drops the padding, which a wider time changes.
func mask(l string) string {
	l = seconds.ReplaceAllString(l, "(T)")
	if strings.ContainsAny(l, "│─") {
		l = lastCell.ReplaceAllString(l, "T│")
		l = strings.NewReplacer(" ", "", "─", "").Replace(l)
	}
	return l
}
