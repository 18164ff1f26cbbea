package main

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"relulab/train"
)

// A claim is a sentence of a document that quotes the numbers of sweeps
// printed elsewhere in it (or in another document): its text, each number
// written {} (any run of spaces matches any white space, line breaks
// included), and how to compute the numbers from the sweeps' rows. The
// sentence must occur once in its document; its numbers are rewritten,
// the rest of it kept. Whether the words around a number still hold, a
// person checks. The sweeps take seconds to minutes, so -skip-slow skips
// every claim.
type claim struct {
	doc    string
	text   string
	sweeps []string // the sweeps, as printed beside the sentence
	vals   func(row rowFunc) []string
}

// A rowFunc returns the row of a claim's sweeps whose setting (see
// setting) is key; "" is the baseline.
type rowFunc func(key string) *train.Summary

// Settings quoted by the claims.
const (
	recipe   = "opt=lamb lr=0.03 schedule=cosine revive=50"
	runnerUp = "opt=lamb revive=50"
	base     = ""
)

// Sweeps quoted by the claims, as the documents print them.
const (
	unseen    = "sweep --seeds 1001-1200 --recipe none,reliable"
	unseenRun = "sweep --seeds 1001-1200 --opt lamb --revive 50"
	inits     = "sweep --seeds 200 --init glorot_uniform,glorot_normal,he_uniform,he_normal,lecun_uniform,lecun_normal,orthogonal,random_normal,random_uniform,zeros,spread"
	batches   = "sweep --seeds 200 --batch 1,4,8,16,64,128,256"
	streaming = "sweep --seeds 200 --samples 0"
	repels    = "sweep --seeds 200 --repel 0.01,0.1,1"
	leaky     = "sweep --seeds 200 --act leaky_relu --slope-anneal 0,1000,2000"
	revives   = "sweep --seeds 200 --revive 50,100,200"
	lions     = "sweep --seeds 200 --opt lion --lr 3e-4,1e-3,2e-3 --revive 0,50 --init glorot_uniform,lecun_normal,spread"
	steps     = "sweep --seeds 200 --opt adafactor,lamb --lr 1e-2,3e-2,1e-1 --schedule cosine --revive 0,50"
	factors   = "sweep --seeds 200 --opt lamb --lr 0.001,0.03 --schedule constant,cosine --revive 0,50"
	adamLion  = "sweep --seeds 200 --opt adam,lion --revive 0,50 --schedule constant,cosine"
	around    = "sweep --seeds 200 --opt lamb --lr 0.015,0.02,0.03,0.04,0.05 --schedule cosine --revive 25,50,100"
	seeds300  = "sweep --seeds 300"
	spectra   = "sweep --task spectrum:4 --seeds 100 --hidden 7,10"
)

// optimum is the population MSE of the pyramid, the reference optimum of
// three ReLUs on uniform data, as docs/convergence.md quotes it.
const optimum = 1.0385e-3

var claims = []claim{
	{doc: "README.md", sweeps: []string{unseen},
		text: "`--recipe reliable` finds the pyramid {} of the time ([docs/convergence.md]",
		vals: func(row rowFunc) []string { return []string{pyr(row(recipe), 0)} }},
	{doc: "README.md", sweeps: []string{unseen},
		text: "which makes the three ReLUs find the pyramid {} of the time instead of {};",
		vals: func(row rowFunc) []string { return []string{pyr(row(recipe), 0), pyr(row(base), 0)} }},
	{doc: "README.md", sweeps: []string{seeds300},
		text: "Over seeds 1–300 of the default configuration (Adam, lr 1e-3, 3000 epochs) relulab finds the pyramid in {} of runs, the diamond in {}, a valley in {}, a corner or ramp in {} and a flat plane in {};",
		vals: func(row rowFunc) []string {
			s := row(base)
			share := func(ks ...string) string {
				n := 0
				for _, k := range ks {
					n += s.Basins[k]
				}
				return pct(float64(n)/float64(s.Runs), 0)
			}
			return []string{share("pyramid"), share("diamond"), share("valley"), share("corner", "ramp"), share("flat")}
		}},
	{doc: "docs/convergence.md", sweeps: []string{unseen},
		text: "finds the inverted hexagonal pyramid **{} of the time (95% interval {})**, where the default (Adam, learning rate 0.001) finds it **{} ({})** of the time",
		vals: func(row rowFunc) []string {
			r, b := row(recipe), row(base)
			return []string{pyr(r, 1), pyrCI(r), pyr(b, 1), pyrCI(b)}
		}},
	{doc: "docs/convergence.md", sweeps: []string{adamLion},
		text: "The baseline, Adam at its Keras defaults, finds the pyramid in {} of 200 runs, {} ({}). Its failures: a valley in {} runs, a ramp in {}, the diamond in {}, a corner in {}, flat in {}.",
		vals: func(row rowFunc) []string {
			b := row(base)
			return []string{count(b, "pyramid"), pyr(b, 1), pyrCI(b), count(b, "valley"), count(b, "ramp"), count(b, "diamond"), count(b, "corner"), count(b, "flat")}
		}},
	{doc: "docs/convergence.md", sweeps: []string{inits},
		text: "finds the pyramid only {} of the time with Adam",
		vals: func(row rowFunc) []string { return []string{pyr(row("init=spread"), 1)} }},
	{doc: "docs/convergence.md", sweeps: []string{batches, streaming},
		text: "Smaller batches (more gradient noise) help a little, never past {}; a fresh batch every step (`samples=0`, as the question's generator did) {}.",
		vals: func(row rowFunc) []string {
			m := 0.0
			for _, b := range []string{"1", "4", "8", "16", "64", "128", "256"} {
				m = max(m, rate(row("batch="+b), "pyramid"))
			}
			return []string{pct(m, 0), pyr(row("samples=0"), 1)}
		}},
	{doc: "docs/convergence.md", sweeps: []string{repels},
		text: "but not the valley: {} at best.",
		vals: func(row rowFunc) []string {
			m := 0.0
			for _, r := range []string{"0.01", "0.1", "1"} {
				m = max(m, rate(row("repel="+r), "pyramid"))
			}
			return []string{pct(m, 0)}
		}},
	{doc: "docs/convergence.md", sweeps: []string{leaky},
		text: "the pyramid rate is the same {}.",
		vals: func(row rowFunc) []string { return []string{pyr(row("act=leaky_relu slope=0.2"), 0)} }},
	{doc: "docs/convergence.md", sweeps: []string{adamLion},
		text: "With Adam the basin is decided within the first {} epochs (median)",
		vals: func(row rowFunc) []string { return []string{decided(row(base))} }},
	{doc: "docs/convergence.md", sweeps: []string{revives},
		text: "except the diamond (with Adam, {} of 200 runs end there)",
		vals: func(row rowFunc) []string { return []string{count(row("revive=50"), "diamond")} }},
	{doc: "docs/convergence.md", sweeps: []string{revives, factors},
		text: "(the diamond falls from {} runs with Adam and revival to {})",
		vals: func(row rowFunc) []string {
			return []string{count(row("revive=50"), "diamond"), count(row(recipe), "diamond")}
		}},
	{doc: "docs/convergence.md", sweeps: []string{factors},
		text: "(lr 0.03 without a schedule reaches the pyramid's shape in {} runs but its MSE in {})",
		vals: func(row rowFunc) []string {
			s := row("opt=lamb lr=0.03 revive=50")
			return []string{count(s, "pyramid"), strconv.Itoa(s.Fitted)}
		}},
	{doc: "docs/convergence.md", sweeps: []string{factors, unseen},
		text: "a diamond now and then ({} of 200 on the choosing seeds, {} of 200 on the others)",
		vals: func(row rowFunc) []string {
			return []string{count(row(recipe+" seeds=1-200"), "diamond"), count(row(recipe+" seeds=1001-1200"), "diamond")}
		}},
	{doc: "docs/convergence.md", sweeps: []string{lions, steps},
		text: "reaches {} with lr 0.002 and revival ({} with the `spread` initializer, which starts the lines evenly around the circle); Adafactor's relative steps reach {}.",
		vals: func(row rowFunc) []string {
			return []string{pyr(row("opt=lion lr=0.002 revive=50"), 1), pyr(row("opt=lion lr=0.002 init=spread revive=50"), 1),
				pyr(row("opt=adafactor lr=0.1 schedule=cosine revive=50"), 0)}
		}},
	{doc: "docs/convergence.md", sweeps: []string{factors},
		text: "LAMB, lr 0.03, cosine, revival every 50 epochs, {} of 200 ({}, {}).",
		vals: func(row rowFunc) []string {
			s := row(recipe)
			return []string{count(s, "pyramid"), pyr(s, 1), pyrCI(s)}
		}},
	{doc: "docs/convergence.md", sweeps: []string{unseen},
		text: "**{} ({}) against {} ({}).**",
		vals: func(row rowFunc) []string {
			r, b := row(recipe), row(base)
			return []string{pyr(r, 1), pyrCI(r), pyr(b, 1), pyrCI(b)}
		}},
	{doc: "docs/convergence.md", sweeps: []string{factors, unseenRun},
		text: "with revival and no schedule ({} on seeds 1–200), does {} on these seeds;",
		vals: func(row rowFunc) []string {
			return []string{pyr(row(runnerUp+" seeds=1-200"), 1), pyr(row(runnerUp+" seeds=1001-1200"), 1)}
		}},
	{doc: "docs/convergence.md", sweeps: []string{unseen, unseenRun},
		text: "(median epoch {}, against {} for the baseline) and trains the same 3000 epochs. Its runs end at a median held-out MSE of {} (the runner-up's {}), {} above the population optimum",
		vals: func(row rowFunc) []string {
			r, u := row(recipe), row(runnerUp)
			m := float64(r.MSE.Median)
			return []string{decided(r), decided(row(base)), sci(m, 3), sci(float64(u.MSE.Median), 3), fmt.Sprintf("%.0f%%", 100*(m/optimum-1))}
		}},
	{doc: "docs/convergence.md", sweeps: []string{around},
		text: "the rate stays at or above {} from lr 0.015 to 0.05",
		vals: func(row rowFunc) []string {
			m := 1.0
			for _, lr := range []string{"0.015", "0.02", "0.03", "0.04", "0.05"} {
				for _, rv := range []string{"25", "50", "100"} {
					m = min(m, rate(row("opt=lamb lr="+lr+" schedule=cosine revive="+rv), "pyramid"))
				}
			}
			return []string{pct(m, 0)}
		}},
}

// rate returns the share of the runs of s that ended in basin k.
func rate(s *train.Summary, k string) float64 {
	return float64(s.Basins[k]) / float64(s.Runs)
}

// pyr formats the pyramid rate of s with d decimals: "96.0%".
func pyr(s *train.Summary, d int) string { return pct(rate(s, "pyramid"), d) }

// pyrCI formats the Wilson interval of the pyramid rate of s: "92–98%".
func pyrCI(s *train.Summary) string { return interval(s.Basins["pyramid"], s.Runs) }

// count formats the number of runs of s that ended in basin k.
func count(s *train.Summary, k string) string { return strconv.Itoa(s.Basins[k]) }

// decided formats the median epoch at which the runs of s were decided.
func decided(s *train.Summary) string { return strconv.FormatFloat(float64(s.Decided), 'f', -1, 64) }

// sci formats x with n significant digits as the documents write it:
// "1.07e-3".
func sci(x float64, n int) string {
	m, e, _ := strings.Cut(strconv.FormatFloat(x, 'e', n-1, 64), "e")
	k, _ := strconv.Atoi(e)
	return m + "e" + strconv.Itoa(k)
}

// placeholder matches a number of a claim's text: "45", "96.0%",
// "92–98%", "1.07e-3", not the full stop after it.
const placeholder = `([0-9](?:[0-9.–e%+-]*[0-9%])?)`

// pattern returns the regular expression of a claim's text.
func (c *claim) pattern() *regexp.Regexp {
	parts := strings.Split(c.text, "{}")
	for i, p := range parts {
		words := strings.Split(p, " ")
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(strings.Join(parts, placeholder))
}

// describe returns a line that names c and its sweeps.
func (c *claim) describe() string {
	t := c.text
	if len(t) > 40 {
		t = t[:40] + "…"
	}
	s := fmt.Sprintf("%s claim %q (slow)", c.doc, t)
	var cs []string
	for _, w := range c.sweeps {
		cs = append(cs, "relulab "+w)
	}
	return s + ": " + strings.Join(cs, "; ")
}

// rewriteClaims rewrites the numbers of the claims about the document d,
// whose text is text, that keep selects, and returns the new text and the
// claims that changed.
func rewriteClaims(r *runner, d, text string, keep func(string, bool) bool) (string, []string, error) {
	var changed []string
	for i := range claims {
		c := &claims[i]
		if c.doc != d || !keep(c.describe(), true) {
			continue
		}
		loc := c.pattern().FindAllStringSubmatchIndex(text, -1)
		if len(loc) != 1 {
			return "", nil, fmt.Errorf("%s: found %d times, not once", c.describe(), len(loc))
		}
		var ss []train.Summary
		for _, w := range c.sweeps {
			args, err := split(w)
			if err != nil {
				return "", nil, err
			}
			rs, err := r.sweep(args)
			if errors.Is(err, errNotCached) {
				fmt.Fprintf(os.Stderr, "gen: %s left as it is: %v\n", c.describe(), err)
				ss = nil
				break
			}
			if err != nil {
				return "", nil, err
			}
			for j := range rs {
				rs[j].Line += " seeds=" + rs[j].Seeds
			}
			ss = append(ss, rs...)
		}
		if ss == nil {
			continue
		}
		vals, err := claimValues(c, ss)
		if err != nil {
			return "", nil, err
		}
		m := loc[0]
		if len(vals) != len(m)/2-1 {
			return "", nil, fmt.Errorf("%s: %d numbers for %d places", c.describe(), len(vals), len(m)/2-1)
		}
		was := text
		for j := len(vals) - 1; j >= 0; j-- {
			text = text[:m[2+2*j]] + vals[j] + text[m[3+2*j]:]
		}
		if text != was {
			changed = append(changed, c.describe())
		}
	}
	return text, changed, nil
}

// claimValues computes the numbers of c from the rows ss of its sweeps,
// whose configuration strings end in their seeds; a setting that names no
// seeds matches any.
func claimValues(c *claim, ss []train.Summary) (vals []string, err error) {
	defer func() {
		if e := recover(); e != nil {
			m, ok := e.(missingRow)
			if !ok {
				panic(e)
			}
			err = fmt.Errorf("%s: no row of setting %q", c.describe(), string(m))
		}
	}()
	row := func(key string) *train.Summary {
		for i := range ss {
			s := setting(ss[i].Line)
			if s == key || !strings.Contains(key, "seeds=") && strings.TrimSpace(strings.TrimSuffix(s, "seeds="+ss[i].Seeds)) == key {
				return &ss[i]
			}
		}
		panic(missingRow(key))
	}
	return c.vals(row), nil
}

// missingRow is the panic of a rowFunc that finds no row.
type missingRow string
