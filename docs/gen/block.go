package main

import (
	"fmt"
	"regexp"
	"strings"
)

// A block is the text between a marker line
//
//	<!-- gen KIND [NAME=VALUE | NAME="VALUE" | NAME]... -->
//
// and the next line <!-- /gen --> in a document: the numbers that the
// commands of the block print, in the form KIND gives them. The markers are
// HTML comments, so a rendered document does not show them.
type block struct {
	doc   string            // the document's path, relative to the repository
	line  int               // the marker's line, from 1
	kind  string            // output, setting, optimizers, …
	attrs map[string]string // the marker's attributes; a bare NAME maps to ""
	start int               // index of the first line of the block's text
	end   int               // index of the closing marker
	cmds  [][]string        // the commands, as relulab's arguments
}

var (
	openMarker  = regexp.MustCompile(`^<!-- gen (\S+)(.*) -->$`)
	closeMarker = "<!-- /gen -->"
	attrRE      = regexp.MustCompile(`\s+([a-z-]+)(?:=("[^"]*"|\S+))?`)
)

// slow reports whether the block's commands take long (minutes), so that
// -skip-slow leaves it alone.
func (b *block) slow() bool {
	_, ok := b.attrs["slow"]
	return ok
}

func (b *block) String() string {
	return fmt.Sprintf("%s:%d %s", b.doc, b.line, b.kind)
}

// parseBlocks finds the blocks of the document doc whose lines are lines,
// and the commands of each: an output block's are its "$ " lines; another's
// are its cmd attribute's (commands separated by ";"), or else the
// commands in the nearest ```sh fence above it, or below it with
// cmds=below.
func parseBlocks(doc string, lines []string) ([]*block, error) {
	var bs []*block
	for i := 0; i < len(lines); i++ {
		m := openMarker.FindStringSubmatch(lines[i])
		if m == nil {
			if strings.HasPrefix(lines[i], "<!-- gen") || lines[i] == closeMarker {
				return nil, fmt.Errorf("%s:%d: a marker out of place: %q", doc, i+1, lines[i])
			}
			continue
		}
		b := &block{doc: doc, line: i + 1, kind: m[1], attrs: map[string]string{}, start: i + 1}
		rest := m[2]
		for _, a := range attrRE.FindAllStringSubmatchIndex(rest, -1) {
			v := ""
			if a[4] >= 0 {
				v = strings.Trim(rest[a[4]:a[5]], `"`)
			}
			b.attrs[rest[a[2]:a[3]]] = v
		}
		if strings.TrimSpace(attrRE.ReplaceAllString(rest, "")) != "" {
			return nil, fmt.Errorf("%s: cannot read the marker's attributes: %q", b, rest)
		}
		for b.end = b.start; b.end < len(lines) && lines[b.end] != closeMarker; b.end++ {
			if strings.HasPrefix(lines[b.end], "<!-- gen") {
				return nil, fmt.Errorf("%s: no %s before the next marker", b, closeMarker)
			}
		}
		if b.end == len(lines) {
			return nil, fmt.Errorf("%s: no %s", b, closeMarker)
		}
		var text []string
		switch {
		case b.kind == "output":
			for _, l := range lines[b.start:b.end] {
				if c, ok := strings.CutPrefix(l, "$ "); ok {
					text = append(text, c)
				}
			}
		case b.attrs["cmd"] != "":
			text = strings.Split(b.attrs["cmd"], ";")
		case b.attrs["cmds"] == "below":
			text = fence(lines[b.end+1:], 1)
		case readsFiles(b.kind):
		default:
			text = fence(lines[:i], -1)
		}
		for _, t := range text {
			args, err := command(t)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", b, err)
			}
			if args != nil {
				b.cmds = append(b.cmds, args)
			}
		}
		if len(b.cmds) == 0 && !readsFiles(b.kind) {
			return nil, fmt.Errorf("%s: no command", b)
		}
		bs = append(bs, b)
		i = b.end
	}
	return bs, nil
}

// readsFiles reports whether blocks of kind read a file of the repository
// and run no command.
func readsFiles(kind string) bool {
	return kind == "references" || kind == "spectrum-references"
}

// fence returns the command lines of the nearest ```sh fence in lines,
// the first (dir 1) or the last (dir −1), with continuation lines joined.
func fence(lines []string, dir int) []string {
	i := -1
	for j := range lines {
		if lines[j] == "```sh" && (dir < 0 || i < 0) {
			i = j
		}
	}
	if i < 0 {
		return nil
	}
	var out []string
	cur := ""
	for _, l := range lines[i+1:] {
		if l == "```" {
			break
		}
		if c, ok := strings.CutSuffix(l, `\`); ok {
			cur += c
			continue
		}
		out = append(out, cur+l)
		cur = ""
	}
	return out
}

// command returns the arguments to relulab of a command line as the
// documents print it ("go run . sweep --seeds 100  # comment", "relulab
// nudge …"), or nil for a line that does not run relulab.
func command(line string) ([]string, error) {
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(line)
	for _, p := range []string{"go run . ", "relulab ", "./relulab "} {
		if rest, ok := strings.CutPrefix(line, p); ok {
			return split(rest)
		}
	}
	return nil, nil
}

// split splits a command line into words as a shell does, for words and
// single-quoted strings.
func split(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	in, word := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			in, word = !in, true
		case !in && (r == ' ' || r == '\t'):
			if word {
				out = append(out, cur.String())
				cur.Reset()
				word = false
			}
		case !in && strings.ContainsRune(`"$\|&;<>*?()`+"`", r):
			return nil, fmt.Errorf("%q: only words and single quotes are understood", s)
		default:
			cur.WriteRune(r)
			word = true
		}
	}
	if in {
		return nil, fmt.Errorf("%q: an unclosed quote", s)
	}
	if word {
		out = append(out, cur.String())
	}
	return out, nil
}
