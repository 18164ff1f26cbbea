// Command gen regenerates the numbers that README.md and docs/*.md print
// from the commands printed beside them, and says where the documents and
// the code disagree.
//
//	go run ./docs/gen                      # every block: builds relulab and runs each command
//	go run ./docs/gen -skip-slow           # all but the blocks marked slow
//	go run ./docs/gen -only 'seeds 200'    # the blocks whose place, kind or commands match
//	go run ./docs/gen -check               # write nothing; list what differs, exit 1 if anything does
//	go run ./docs/gen -list                # the inventory: each block, its commands, slow or not
//
// A block is marked in the Markdown by HTML comments, which a rendered
// page does not show:
//
//	<!-- gen KIND [slow] [cmd="…"] [cmds=below] [from="…"] -->
//	…
//	<!-- /gen -->
//
// KIND says what the block holds: output (fenced "$ command" lines and
// what each prints), excerpt, and the tables: setting, optimizers,
// relu-task, widths, spectrum-bins, spectrum-rates, references. The
// commands of a block are its "$ " lines, its cmd attribute, or those of
// the nearest ```sh fence above it (below it with cmds=below): the
// commands the reader sees. Sentences that quote a number of a block are
// listed in claims.go and rewritten with it. Times are measured by hand and
// kept: an output that differs only in its times is left as it is.
//
// Running it twice changes nothing the second time.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// A kind renders a block: from the block's old lines, its new ones.
type kind func(r *runner, b *block, old []string) ([]string, error)

var kinds map[string]kind

func init() {
	kinds = map[string]kind{
		"output":              output,
		"excerpt":             excerpt,
		"setting":             settingTable,
		"optimizers":          optimizerTable,
		"relu-task":           reluTaskTable,
		"widths":              widthTable,
		"spectrum-bins":       spectrumBinsTable,
		"spectrum-rates":      spectrumRatesTable,
		"references":          referenceTable,
		"spectrum-references": spectrumReferenceTable,
	}
}

// documents lists the documents, relative to the repository's root.
func documents(root string) ([]string, error) {
	ds, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		return nil, err
	}
	out := []string{"README.md"}
	for _, d := range ds {
		out = append(out, filepath.ToSlash(strings.TrimPrefix(d, root+string(filepath.Separator))))
	}
	return out, nil
}

func main() {
	bin := flag.String("bin", "", "the relulab `binary` to run (default: build the repository's)")
	only := flag.String("only", "", "only the blocks whose place (doc:line), kind or commands match this `regexp`")
	skipSlow := flag.Bool("skip-slow", false, "leave the blocks marked slow (sweeps of a minute or more) as they are")
	check := flag.Bool("check", false, "write nothing: list the blocks that differ and exit 1 if any does")
	list := flag.Bool("list", false, "list every block with its commands and run nothing")
	cache := flag.String("cache", "", "keep each command's output in `dir`, keyed by the binary and the arguments")
	offline := flag.Bool("offline", false, "run nothing: leave the blocks whose commands are not all in the -cache as they are")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "gen: no arguments wanted, only flags")
		os.Exit(2)
	}
	var sel *regexp.Regexp
	if *only != "" {
		var err error
		if sel, err = regexp.Compile(*only); err != nil {
			fmt.Fprintln(os.Stderr, "gen: -only:", err)
			os.Exit(2)
		}
	}
	keep := func(desc string, slow bool) bool {
		return !(*skipSlow && slow) && (sel == nil || sel.MatchString(desc))
	}
	if *offline && (*cache == "" || *bin == "") {
		fmt.Fprintln(os.Stderr, "gen: -offline needs -cache and -bin")
		os.Exit(2)
	}
	if err := run(*bin, *cache, *offline, keep, *check, *list); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// errDiffer is the error of -check when a document differs from what its
// commands print.
var errDiffer = errors.New("the documents differ from what their commands print")

// run regenerates the documents, or with check only compares them, with
// the blocks and claims that keep selects (keep is given a line that
// describes one and whether it is slow); with list it prints the blocks
// and claims and runs nothing. An empty bin builds relulab.
func run(bin, cache string, offline bool, keep func(string, bool) bool, check, list bool) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	docs, err := documents(root)
	if err != nil {
		return err
	}
	if list {
		for _, d := range docs {
			bs, err := blocksOf(root, d)
			if err != nil {
				return err
			}
			for _, b := range bs {
				fmt.Println(describe(b))
			}
			for i := range claims {
				if claims[i].doc == d {
					fmt.Println(claims[i].describe())
				}
			}
		}
		return nil
	}
	if bin == "" {
		tmp, err := os.MkdirTemp("", "gen")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if bin, err = build(root, tmp); err != nil {
			return err
		}
	}
	work, err := os.MkdirTemp("", "gen-work")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	r := &runner{root: root, bin: bin, dir: work, cache: cache, log: os.Stderr, offline: offline}
	differ := false
	for _, d := range docs {
		old, err := os.ReadFile(filepath.Join(root, d))
		if err != nil {
			return err
		}
		new, changed, err := regenerate(r, d, old, keep)
		if err != nil {
			return err
		}
		for _, c := range changed {
			fmt.Println("changed:", c)
		}
		if bytes.Equal(old, new) {
			continue
		}
		differ = true
		if !check {
			if err := writeFile(filepath.Join(root, d), new); err != nil {
				return err
			}
		}
	}
	if check && differ {
		return errDiffer
	}
	return nil
}

// describe returns a line that names b and its commands, which -only
// matches and -list prints.
func describe(b *block) string {
	var cs []string
	for _, c := range b.cmds {
		cs = append(cs, "relulab "+strings.Join(c, " "))
	}
	s := b.String()
	if b.slow() {
		s += " (slow)"
	}
	if len(cs) > 0 {
		s += ": " + strings.Join(cs, "; ")
	}
	return s
}

// blocksOf returns the blocks of the document d.
func blocksOf(root, d string) ([]*block, error) {
	b, err := os.ReadFile(filepath.Join(root, d))
	if err != nil {
		return nil, err
	}
	return parseBlocks(d, strings.Split(string(b), "\n"))
}

// regenerate returns the document d, whose text is old, with the blocks
// that keep selects rendered anew and the claims about them rewritten,
// and the blocks and claims that changed.
func regenerate(r *runner, d string, old []byte, keep func(string, bool) bool) ([]byte, []string, error) {
	ls := strings.Split(string(old), "\n")
	bs, err := parseBlocks(d, ls)
	if err != nil {
		return nil, nil, err
	}
	var changed []string
	out := slices.Clone(ls)
	// From the last block to the first, so that the indices of the
	// blocks before stay right.
	for i := len(bs) - 1; i >= 0; i-- {
		b := bs[i]
		if !keep(describe(b), b.slow()) {
			continue
		}
		k, ok := kinds[b.kind]
		if !ok {
			return nil, nil, fmt.Errorf("%s: no kind %q", b, b.kind)
		}
		// The blank lines that keep a marker apart from a table or a
		// fence are the marker's.
		start, end := b.start, b.end
		for start < end && ls[start] == "" {
			start++
		}
		for end > start && ls[end-1] == "" {
			end--
		}
		was := ls[start:end]
		now, err := k(r, b, slices.Clone(was))
		if errors.Is(err, errNotCached) {
			fmt.Fprintf(os.Stderr, "gen: %s left as it is: %v\n", b, err)
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", b, err)
		}
		if !slices.Equal(was, now) {
			changed = append(changed, b.String())
		}
		out = slices.Replace(out, start, end, now...)
	}
	text := strings.Join(out, "\n")
	text, cs, err := rewriteClaims(r, d, text, keep)
	if err != nil {
		return nil, nil, err
	}
	slices.Reverse(changed)
	return []byte(text), append(changed, cs...), nil
}

// repoRoot returns the directory of go.mod, from the working directory up.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("no go.mod in the working directory or above it")
		}
		dir = up
	}
}

// build builds relulab from root into dir and returns the binary's path.
func build(root, dir string) (string, error) {
	bin := filepath.Join(dir, "relulab")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// writeFile replaces path by data atomically: a temporary file, then a
// rename.
func writeFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".gen-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
