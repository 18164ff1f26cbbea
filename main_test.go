package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func runArgs(args ...string) (code int, stdout, stderr string) {
	var out, errw bytes.Buffer
	code = run(context.Background(), args, &out, &errw)
	return code, out.String(), errw.String()
}

// TestTrainJSON checks the fields of `relulab train --json` and that the
// same flags give the same output, the timing aside.
func TestTrainJSON(t *testing.T) {
	args := []string{"train", "--json", "--epochs", "200", "--seed", "6", "--log-every", "50"}
	code, out, errs := runArgs(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Count(errs, "\n") != 4 || !strings.HasPrefix(errs, "epoch 50 ") {
		t.Errorf("progress on stderr:\n%s", errs)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"config", "epochs", "train_mse", "test_mse", "reference_width", "weights_epoch", "outcome", "neurons", "collapsed", "seconds"} {
		if _, ok := r[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	ns := r["neurons"].([]any)
	if len(ns) != 3 {
		t.Fatalf("%d neurons, want 3", len(ns))
	}
	for _, k := range []string{"w", "b", "v", "active", "dead"} {
		if _, ok := ns[0].(map[string]any)[k]; !ok {
			t.Errorf("neuron lacks %q", k)
		}
	}
	if r["epochs"].(float64) != 200 {
		t.Errorf("epochs = %v", r["epochs"])
	}
	_, again, _ := runArgs(args...)
	strip := func(s string) string { return s[:strings.Index(s, `"seconds"`)] }
	if strip(out) != strip(again) {
		t.Error("two runs of the same configuration differ")
	}
}

func TestBadInputIsOneLineAndExit2(t *testing.T) {
	tests := map[string][]string{
		"valid: relu":     {"train", "--act", "relu7"},
		"unknown flag":    {"train", "--bogus"},
		"out of range":    {"train", "--batch", "0"},
		"must be ≥ 0":     {"train", "--epochs", "-1"},
		"unknown command": {"fly"},
		"up to 6 configurations; these flags make 8": {"compare", "--act", "relu,elu", "--opt", "adam,sgd", "--lr", "1e-3,1e-2"},
		"valid: relu, leaky_relu":                    {"compare", "--act", "relu,nope"},
		"slope -1 out of range (must be in [0, 1]":   {"train", "--act", "leaky_relu", "--slope", "-1"},
		"act=relu has none":                          {"train", "--slope", "0.1"},
		"act=elu has none":                           {"sweep", "--act", "elu,tanh", "--slope", "0.1"},
		"lab needs a terminal; `relulab train` runs": {},
		"--load: open /nonexistent/run.json":         {"train", "--load", "/nonexistent/run.json"},
	}
	for want, args := range tests {
		code, out, errs := runArgs(args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, want) {
			t.Errorf("%v: stdout %q, stderr %q; want one line containing %q", args, out, errs, want)
		}
	}
}

func TestSweepCommand(t *testing.T) {
	code, out, errs := runArgs("sweep", "--seeds", "3", "--epochs", "40", "--act", "relu,elu", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var ss []map[string]any
	if err := json.Unmarshal([]byte(out), &ss); err != nil || len(ss) != 2 {
		t.Fatalf("%v, %d summaries:\n%s", err, len(ss), out)
	}
	if !strings.Contains(errs, "sweep: 6/6 runs") {
		t.Errorf("no progress line on a non-terminal stderr: %q", errs)
	}
	// Not a terminal: the full table, however wide, as with --wide.
	for _, wide := range []string{"--wide=false", "--wide"} {
		code, out, _ = runArgs("sweep", "--seeds", "2", "--epochs", "20", wide)
		if code != 0 || !strings.Contains(out, "fitted [95% CI]") || !strings.Contains(out, "seconds") ||
			!strings.Contains(out, "h=3 act=relu opt=adam lr=0.001 init=glorot_uniform batch=32 data=uniform") {
			t.Errorf("table %s (exit %d):\n%s", wide, code, out)
		}
	}
	path := t.TempDir() + "/sweep.csv"
	code, out, _ = runArgs("sweep", "--seeds", "2", "--epochs", "20", "--format", "csv", "--out", path)
	b, err := os.ReadFile(path)
	if code != 0 || out != "" || err != nil || !strings.HasPrefix(string(b), "config,seeds,runs,fitted,fitted_rate") {
		t.Errorf("--out: exit %d, stdout %q, file %q, %v", code, out, b, err)
	}
	for _, args := range [][]string{
		{"sweep", "--seeds", "0"}, {"sweep", "--format", "xml"}, {"sweep", "--act", "relu,bogus"},
		{"sweep", "--workers", "0"}, {"sweep", "--seed", "3"},
	} {
		if code, _, errs := runArgs(args...); code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

// withoutSeconds drops the timing line from `train --json` output.
func withoutSeconds(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, `"seconds"`) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// TestTrainResumeIsExact checks that `train --epochs 500 --save f` then
// `train --load f --epochs 3000` prints what one 3000-epoch run prints,
// for an optimizer with one and one with three per-parameter states, and
// that the saved files of both ways agree bit for bit.
func TestTrainResumeIsExact(t *testing.T) {
	dir := t.TempDir()
	for _, opt := range [][]string{{"--opt", "adam"}, {"--opt", "rmsprop", "--centered", "--momentum", "0.5"}} {
		base := append([]string{"train", "--seed", "4", "--json", "--log-every", "0"}, opt...)
		whole, half, end := dir+"/whole.json", dir+"/half.json", dir+"/end.json"
		_, want, errs := runArgs(append(base, "--epochs", "3000", "--save", whole)...)
		if code, _, e := runArgs(append(base, "--epochs", "500", "--save", half)...); code != 0 {
			t.Fatalf("%v: exit %d: %s %s", opt, code, errs, e)
		}
		code, got, errs := runArgs("train", "--load", half, "--epochs", "3000", "--json", "--log-every", "0", "--save", end)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", opt, code, errs)
		}
		if withoutSeconds(got) != withoutSeconds(want) {
			t.Errorf("%v: the resumed run differs from the whole run:\n%s\nwant\n%s", opt, got, want)
		}
		a, _ := os.ReadFile(whole)
		b, _ := os.ReadFile(end)
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%v: the saved states differ", opt)
		}
	}
}

// TestTrainLoadRefusesBadFiles checks the one-line errors of --load: bad
// input, exit 2, in train and in the lab.
func TestTrainLoadRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := dir + "/run.json"
	if code, _, errs := runArgs("train", "--epochs", "5", "--save", good, "--log-every", "0"); code != 0 {
		t.Fatal(errs)
	}
	data, _ := os.ReadFile(good)
	os.WriteFile(dir+"/cut.json", data[:len(data)/3], 0o644)
	os.WriteFile(dir+"/newer.json", bytes.Replace(data, []byte(`"version":1`), []byte(`"version":9`), 1), 0o644)
	for file, want := range map[string]string{
		"cut.json":     "cut short",
		"newer.json":   "saved by a newer relulab (format version 9",
		"missing.json": "no such file",
	} {
		for _, args := range [][]string{{"train", "--load", dir + "/" + file, "--epochs", "10"}, {"--load", dir + "/" + file}} {
			code, _, errs := runArgs(args...)
			if code != 2 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, want) {
				t.Errorf("%v: exit %d, %q; want exit 2 and one line with %q", args, code, errs, want)
			}
		}
	}
	if code, _, errs := runArgs("train", "--load", good, "--act", "elu"); code != 2 || !strings.Contains(errs, "leave out --act") {
		t.Errorf("--load with --act: exit %d, %q", code, errs)
	}
}

// TestTrainHistoryCSV checks --history with --weights-every: a row per
// epoch from 0, the weights every tenth.
func TestTrainHistoryCSV(t *testing.T) {
	path := t.TempDir() + "/h.csv"
	if code, _, errs := runArgs("train", "--epochs", "20", "--history", path, "--weights-every", "10", "--log-every", "0"); code != 0 {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 22 || !strings.HasPrefix(lines[0], "epoch,train_mse,test_mse,events,1.1.w1,1.1.w2,") {
		t.Fatalf("%d lines, header %q", len(lines), lines[0])
	}
	for i, l := range lines[1:] {
		cells := strings.Split(l, ",")
		hasWeights := cells[4] != ""
		if cells[0] != fmt.Sprint(i) || hasWeights != (i%10 == 0) || cells[2] == "" {
			t.Errorf("row %q", l)
		}
	}
	if code, _, errs := runArgs("train", "--weights-every", "10"); code != 2 || !strings.Contains(errs, "--history") {
		t.Errorf("--weights-every alone: exit %d, %q", code, errs)
	}
}

// TestConfigFlag checks that --config sets the configuration and the
// flags given with it change it, and that a bad string is a usage error.
func TestConfigFlag(t *testing.T) {
	code, out, errs := runArgs("train", "--config", "h=4 act=elu opt=sgd lr=0.05 seed=3", "--seed", "9", "--epochs", "3", "--log-every", "0")
	if code != 0 || !strings.HasPrefix(out, "h=4 act=elu opt=sgd lr=0.05 init=glorot_uniform batch=32 data=uniform seed=9\n") {
		t.Errorf("exit %d: %q %q", code, out, errs)
	}
	if code, _, errs := runArgs("train", "--config", "h=3 colour=red"); code != 2 || !strings.Contains(errs, `unknown key "colour"`) {
		t.Errorf("bad config: exit %d, %q", code, errs)
	}
	code, out, errs = runArgs("train", "--recipe", "reliable", "--seed", "4", "--log-every", "0")
	if code != 0 || !strings.HasPrefix(out, "h=3 act=relu opt=lamb lr=0.03 init=glorot_uniform batch=32 data=uniform seed=4 schedule=cosine revive=50\n") ||
		!strings.Contains(out, "fitted  pyramid") {
		t.Errorf("--recipe reliable on seed 4: exit %d: %q %q", code, out, errs)
	}
}

// TestTrainStopsWhenInterrupted checks that a long headless run without
// log lines still notices Ctrl+C (here, its context ending).
func TestTrainStopsWhenInterrupted(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var out, errw bytes.Buffer
	code := run(ctx, []string{"train", "--epochs", "1000000000", "--log-every", "0"}, &out, &errw)
	if code != 1 || !strings.Contains(errw.String(), "interrupted at epoch") {
		t.Errorf("exit %d, stderr %q", code, errw.String())
	}
}
