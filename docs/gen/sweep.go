package main

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"relulab/train"
)

// baseline is the configuration string of the defaults, as a sweep of
// --task abs prints it.
const baseline = "h=3 act=relu opt=adam lr=0.001 init=glorot_uniform batch=32 data=uniform"

// sweep runs relulab sweep with args, with --format json in place of any
// other format, and returns its rows.
func (r *runner) sweep(args []string) ([]train.Summary, error) {
	var a []string
	for i := 0; i < len(args); i++ {
		if args[i] == "--format" {
			i++
			continue
		}
		a = append(a, args[i])
	}
	out, err := r.run(append(a, "--format", "json"))
	if err != nil {
		return nil, err
	}
	var ss []train.Summary
	if err := json.Unmarshal([]byte(out), &ss); err != nil {
		return nil, fmt.Errorf("relulab %s: %v", strings.Join(args, " "), err)
	}
	return ss, nil
}

// sweeps runs every command of b, each a sweep, and returns their rows in
// order.
func (r *runner) sweeps(b *block) ([]train.Summary, error) {
	var all []train.Summary
	for _, c := range b.cmds {
		if len(c) == 0 || c[0] != "sweep" {
			return nil, fmt.Errorf("%s: %q is not a sweep", b, strings.Join(c, " "))
		}
		ss, err := r.sweep(c)
		if err != nil {
			return nil, err
		}
		all = append(all, ss...)
	}
	return all, nil
}

// setting returns the settings in which the configuration string line
// differs from the baseline's, in line's order: "opt=lion lr=0.002
// revive=50"; "" for the baseline itself.
func setting(line string) string {
	return diff(line, baseline)
}

// diff returns the settings of the configuration string line that the
// configuration string base lacks, in line's order.
func diff(line, base string) string {
	fields := strings.Fields(base)
	var out []string
	for _, f := range strings.Fields(line) {
		if !slices.Contains(fields, f) {
			out = append(out, f)
		}
	}
	return strings.Join(out, " ")
}

// find returns the row of ss whose setting is key.
func find(ss []train.Summary, key string) (*train.Summary, error) {
	for i := range ss {
		if setting(ss[i].Line) == key {
			return &ss[i], nil
		}
	}
	return nil, fmt.Errorf("no sweep row of setting %q", key)
}

// pct formats the fraction p as a percentage with d decimals, a half
// rounded up: 0.325 is "33%" with none.
func pct(p float64, d int) string {
	s := math.Pow(10, float64(d))
	return strconv.FormatFloat(math.Round(100*p*s)/s, 'f', d, 64) + "%"
}

// interval formats the 95% Wilson interval of k of n as "17–29%".
func interval(k, n int) string {
	w := train.Wilson(k, n)
	return fmt.Sprintf("%.0f–%.0f%%", 100*w[0], 100*w[1])
}
