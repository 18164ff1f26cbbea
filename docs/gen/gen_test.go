package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDocumentsMatchTheCode builds relulab, runs the commands of every
// block of README.md and docs/*.md that is not marked slow, and checks
// that each document prints what its commands print. With -short it runs
// no command and checks the blocks read from files (the reference
// optima). go run ./docs/gen -check checks the slow blocks and the claims.
func TestDocumentsMatchTheCode(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	r := &runner{root: root, dir: t.TempDir()}
	keep := func(desc string, slow bool) bool { return !slow }
	if testing.Short() {
		files := regexp.MustCompile(`^\S+:\d+ (spectrum-)?references$`)
		keep = func(desc string, slow bool) bool { return files.MatchString(desc) }
	} else if r.bin, err = build(root, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	docs, err := documents(root)
	if err != nil {
		t.Fatal(err)
	}
	blocks := 0
	for _, d := range docs {
		old, err := os.ReadFile(filepath.Join(root, d))
		if err != nil {
			t.Fatal(err)
		}
		bs, err := parseBlocks(d, strings.Split(string(old), "\n"))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bs {
			if _, ok := kinds[b.kind]; !ok {
				t.Errorf("%s: no kind %q", b, b.kind)
			}
			if keep(describe(b), b.slow()) {
				blocks++
			}
		}
		new, changed, err := regenerate(r, d, old, keep)
		if err != nil {
			t.Fatal(err)
		}
		if string(new) != string(old) {
			t.Errorf("%s does not print what its commands print: %s; go run ./docs/gen rewrites it", d, strings.Join(changed, ", "))
		}
	}
	if blocks == 0 {
		t.Error("no block checked")
	}
}

// TestClaimsAreFound checks that each claim's sentence occurs once in its
// document, so that go run ./docs/gen finds every sentence it rewrites.
func TestClaimsAreFound(t *testing.T) {
	for i := range claims {
		c := &claims[i]
		b, err := os.ReadFile(filepath.Join("..", "..", c.doc))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(c.pattern().FindAllStringIndex(string(b), -1)); n != 1 {
			t.Errorf("%s: found %d times, not once", c.describe(), n)
		}
	}
}

func TestClaimPatternSpansLines(t *testing.T) {
	c := claim{text: "finds the pyramid {} of the time (95% interval {})"}
	m := c.pattern().FindStringSubmatch("it finds the\npyramid 96.0% of the time (95% interval\n  92–98%).")
	if m == nil || m[1] != "96.0%" || m[2] != "92–98%" {
		t.Errorf("got %q, want the two numbers across the line breaks", m)
	}
	c = claim{text: "a median of {} against {}."}
	m = c.pattern().FindStringSubmatch("a median of 1.07e-3 against 27.5%.")
	if m == nil || m[1] != "1.07e-3" || m[2] != "27.5%" {
		t.Errorf("got %q, want the numbers whole and without the full stop", m)
	}
}

func TestUntimedKeepsOnlyTimes(t *testing.T) {
	old := []string{"epoch 3000  train 0.001101  fitted  (0.07s)", "│ a │     8.1 │"}
	for _, c := range []struct {
		new  []string
		keep bool
	}{
		{[]string{"epoch 3000  train 0.001101  fitted  (0.12s)", "│ a │    10.4 │"}, true},
		{[]string{"epoch 3000  train 0.001102  fitted  (0.07s)", "│ a │     8.1 │"}, false},
		{[]string{"epoch 3000  train 0.001101  fitted  (0.07s)", "│ b │     8.1 │"}, false},
		{[]string{"epoch 3000  train 0.001101  fitted  (0.07s)"}, false},
	} {
		got := untimed(old, c.new)
		if kept := &got[0] == &old[0]; kept != c.keep {
			t.Errorf("untimed(%q): kept the old lines %v, want %v", c.new, kept, c.keep)
		}
	}
}

func TestCellsRoundTrip(t *testing.T) {
	for _, row := range []string{
		"| `opt=lion` | 156/200 = 78.0% | 72–83% | 78.0% | diamond 23, valley 11, corner 9 |",
		"| `--bias` | 91, 45.5% [39–52] | 109 stuck | active on x < b/\\|w\\|, part of which |",
	} {
		cs, ok := cells(row)
		if !ok || joinRow(cs) != row {
			t.Errorf("cells(%q) = %q, %v", row, cs, ok)
		}
	}
	if cs, _ := cells("| a | b \\| c |"); len(cs) != 2 || cs[1] != `b \| c` {
		t.Errorf("an escaped bar split a cell: %q", cs)
	}
	if _, ok := cells("|a|b|"); ok {
		t.Error("a row without spaces around its bars was taken, and would be rewritten otherwise")
	}
}

func TestSetting(t *testing.T) {
	for line, want := range map[string]string{
		baseline: "",
		"h=3 act=relu opt=lion lr=0.002 init=spread batch=32 data=uniform revive=50":               "opt=lion lr=0.002 init=spread revive=50",
		"h=3 act=leaky_relu slope=0.2 opt=adam lr=0.001 init=glorot_uniform batch=32 data=uniform": "act=leaky_relu slope=0.2",
	} {
		if got := setting(line); got != want {
			t.Errorf("setting(%q) = %q, want %q", line, got, want)
		}
	}
}

func TestCommand(t *testing.T) {
	for line, want := range map[string]string{
		"go run . sweep --seeds 100 --hidden 7,10   # default; 10 units: 99%": "sweep|--seeds|100|--hidden|7,10",
		"relulab nudge --optimum --seeds 40":                                  "nudge|--optimum|--seeds|40",
		"go run . --config 'h=3 act=elu' --seed 8":                            "--config|h=3 act=elu|--seed|8",
		"go test ./...": "",
	} {
		args, err := command(line)
		if err != nil || strings.Join(args, "|") != want {
			t.Errorf("command(%q) = %q, %v; want %q", line, args, err, want)
		}
	}
	if _, err := command("go run . sweep $S"); err == nil {
		t.Error("a shell variable was taken as a word")
	}
}

func TestPctRoundsHalfUp(t *testing.T) {
	for _, c := range []struct {
		p    float64
		d    int
		want string
	}{
		{65.0 / 200, 0, "33%"}, {45.0 / 200, 1, "22.5%"}, {191.0 / 200, 0, "96%"}, {1, 1, "100.0%"}, {0, 0, "0%"},
	} {
		if got := pct(c.p, c.d); got != c.want {
			t.Errorf("pct(%v, %d) = %s, want %s", c.p, c.d, got, c.want)
		}
	}
}
