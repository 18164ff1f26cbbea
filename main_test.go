package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
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
	for _, k := range []string{"config", "epochs", "train_mse", "test_mse", "outcome", "neurons", "collapsed", "seconds"} {
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
	code, out, _ = runArgs("sweep", "--seeds", "2", "--epochs", "20")
	if code != 0 || !strings.Contains(out, "fitted [95% CI]") || !strings.Contains(out, "h=3 act=relu") {
		t.Errorf("table (exit %d):\n%s", code, out)
	}
	path := t.TempDir() + "/sweep.csv"
	code, out, _ = runArgs("sweep", "--seeds", "2", "--epochs", "20", "--format", "csv", "--out", path)
	b, err := os.ReadFile(path)
	if code != 0 || out != "" || err != nil || !strings.HasPrefix(string(b), "config,runs,fitted") {
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
