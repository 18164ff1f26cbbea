package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain runs relulab itself when RELULAB_TEST_MAIN is 1, so that a test
// can start it as a process of its own, and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("RELULAB_TEST_MAIN") == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// noEngine clears the job engines' variables, so that a sweep without
// --shard runs the whole product even inside a Kubernetes Job or a Slurm
// array.
func noEngine(t *testing.T) {
	for _, v := range []string{"JOB_COMPLETION_INDEX", "JOB_COMPLETIONS", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT"} {
		t.Setenv(v, "")
	}
}

var tableSeparator = regexp.MustCompile(`[│┬┼┴]`)

// withoutSecondsIn returns out, of format table, csv or json, without the
// seconds: the last column of a table, the column "seconds" of a CSV and
// the "seconds" lines of JSON.
func withoutSecondsIn(t *testing.T, format, out string) string {
	t.Helper()
	switch format {
	case "json":
		return withoutSeconds(out)
	case "csv":
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("CSV %v:\n%s", err, out)
		}
		col := slices.Index(rows[0], "seconds")
		var b strings.Builder
		for _, r := range rows {
			if col >= 0 {
				r = slices.Delete(r, col, col+1)
			}
			b.WriteString(strings.Join(r, ",") + "\n")
		}
		return b.String()
	}
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if ix := tableSeparator.FindAllStringIndex(l, -1); len(ix) >= 2 {
			l = l[:ix[len(ix)-2][0]]
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}

// sweepArgs is an uneven product: 4 configurations × 7 seeds.
var sweepArgs = []string{"sweep", "--act", "relu,elu", "--hidden", "3,4", "--seeds", "7", "--epochs", "60", "--workers", "2"}

// sweepShards runs the sweep of args as n shards and returns their runs
// files.
func sweepShards(t *testing.T, n int, args ...string) []string {
	t.Helper()
	dir := t.TempDir()
	var files []string
	for k := range n {
		f := filepath.Join(dir, fmt.Sprintf("runs-%d.jsonl", k))
		code, _, errs := runArgs(append(slices.Clone(args), "--shard", fmt.Sprintf("%d/%d", k, n), "--runs-out", f)...)
		if code != 0 || !strings.Contains(errs, fmt.Sprintf("sweep: shard %d/%d, from --shard", k, n)) {
			t.Fatalf("shard %d/%d: exit %d: %s", k, n, code, errs)
		}
		files = append(files, f)
	}
	return files
}

func TestFourShardsMergeToOneSweep(t *testing.T) {
	noEngine(t)
	files := sweepShards(t, 4, sweepArgs...)
	for _, extra := range [][]string{{"--format", "table"}, {"--format", "csv"}, {"--format", "json", "--runs"}} {
		format := extra[1]
		code, want, errs := runArgs(append(sweepArgs, extra...)...)
		if code != 0 {
			t.Fatalf("sweep %v: exit %d: %s", extra, code, errs)
		}
		code, got, errs := runArgs(append(append([]string{"merge"}, files...), extra...)...)
		if code != 0 || errs != "" {
			t.Fatalf("merge %v: exit %d: %s", extra, code, errs)
		}
		if withoutSecondsIn(t, format, got) != withoutSecondsIn(t, format, want) {
			t.Errorf("merge %v differs from one sweep:\n%s\nwant\n%s", extra, got, want)
		}
		if format == "table" && !strings.Contains(got, "h=4 act=elu") {
			t.Errorf("the table has no row of h=4 act=elu:\n%s", got)
		}
	}
	out := filepath.Join(t.TempDir(), "merged.csv")
	if code, stdout, errs := runArgs(append(append([]string{"merge"}, files...), "--format", "csv", "--out", out)...); code != 0 || stdout != "" {
		t.Errorf("merge --out: exit %d, stdout %q, %s", code, stdout, errs)
	}
	if b, _ := os.ReadFile(out); !strings.HasPrefix(string(b), "config,seeds,runs,fitted") {
		t.Errorf("merge --out wrote %q", b)
	}

	// A shard missing, and one given twice.
	code, got, errs := runArgs("merge", files[0], files[1], files[3], files[3])
	if code != 1 || !strings.Contains(got, "partial") || strings.Count(errs, "\n") != 2 ||
		!strings.Contains(errs, "merge: 7 runs found twice with the same results, counted once") ||
		!strings.Contains(errs, "missing 7 of 28 runs (no file of shard 2/4): seed ") {
		t.Errorf("merge without shard 2/4: exit %d, stderr:\n%s", code, errs)
	}
}

// TestKilledSweepResumes kills a sweep with SIGKILL halfway, tears the last
// line of its runs file as a kill in the middle of a write would, resumes
// it, and checks that the merge of the file, and the resumed sweep's own
// output, are those of a sweep that was never stopped.
func TestKilledSweepResumes(t *testing.T) {
	noEngine(t)
	args := []string{"sweep", "--act", "relu,elu", "--seeds", "30", "--epochs", "60", "--workers", "2", "--format", "csv"}
	code, want, errs := runArgs(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	path := filepath.Join(t.TempDir(), "runs.jsonl")
	cmd := exec.Command(os.Args[0], append(args, "--runs-out", path)...)
	cmd.Env = append(os.Environ(), "RELULAB_TEST_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(2 * time.Millisecond) {
		if b, _ := os.ReadFile(path); bytes.Count(b, []byte("\n")) >= 1+30 || time.Now().After(deadline) {
			break
		}
	}
	cmd.Process.Kill()
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the sweep was not killed but ended: %v", err)
	}
	b, _ := os.ReadFile(path)
	kept := bytes.Count(b, []byte("\n")) - 1
	if kept < 30 || kept >= 60 {
		t.Fatalf("killed with %d of 60 runs written", kept)
	}
	torn := `{"config":"h=3 act=relu opt=adam lr=0.001 init=glorot_uniform batch=32 data=uniform seed=1","seed":29,"train`
	os.WriteFile(path, append(b, torn...), 0o644)

	if code, _, errs := runArgs("merge", path); code != 1 || !strings.Contains(errs, "last line is cut short") || strings.Count(errs, "\n") != 1 {
		t.Errorf("merge of a torn file: exit %d, %s", code, errs)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, append(b, torn...)) {
		t.Fatal("merge changed a torn file")
	}
	code, got, errs := runArgs(append(args, "--runs-out", path, "--resume")...)
	if code != 0 || !strings.Contains(errs, fmt.Sprintf("cut off the last line of %s, %d bytes", path, len(torn))) ||
		!strings.Contains(errs, fmt.Sprintf("has %d of the 60 runs", kept)) {
		t.Fatalf("resume: exit %d: %s", code, errs)
	}
	if withoutSecondsIn(t, "csv", got) != withoutSecondsIn(t, "csv", want) {
		t.Errorf("the resumed sweep prints\n%s\nwant\n%s", got, want)
	}
	code, got, errs = runArgs("merge", path, "--format", "csv")
	if code != 0 || withoutSecondsIn(t, "csv", got) != withoutSecondsIn(t, "csv", want) {
		t.Errorf("merge after resume (exit %d, %s):\n%s\nwant\n%s", code, errs, got, want)
	}
	if after, _ := os.ReadFile(path); !bytes.HasPrefix(after, b) {
		t.Error("resuming lost runs that were written")
	}
}

func TestShardFromTheEngines(t *testing.T) {
	noEngine(t)
	dir := t.TempDir()
	for i, tt := range []struct {
		env         map[string]string
		want, shard string
	}{
		{map[string]string{"JOB_COMPLETION_INDEX": "1", "JOB_COMPLETIONS": "3"},
			"sweep: shard 1/3, from the Kubernetes Indexed Job: JOB_COMPLETION_INDEX=1 of JOB_COMPLETIONS=3", "1/3"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1"},
			"sweep: shard 2/3, from the Slurm job array: SLURM_ARRAY_TASK_ID=3 of 3 (ids 1 to 3, step 1)", "2/3"},
	} {
		noEngine(t)
		for k, v := range tt.env {
			t.Setenv(k, v)
		}
		path := filepath.Join(dir, fmt.Sprint(i)+".jsonl")
		code, _, errs := runArgs("sweep", "--seeds", "4", "--epochs", "20", "--runs-out", path)
		b, _ := os.ReadFile(path)
		if code != 0 || !strings.Contains(errs, tt.want) || !strings.Contains(string(b), `"shard":"`+tt.shard+`"`) {
			t.Errorf("%v: exit %d, stderr:\n%s\nfile:\n%s", tt.env, code, errs, b)
		}
		// With --shard, the flag wins.
		if code, _, errs := runArgs("sweep", "--seeds", "4", "--epochs", "20", "--shard", "0/2"); code != 0 ||
			!strings.Contains(errs, "shard 0/2, from --shard") || strings.Contains(errs, "from the") {
			t.Errorf("%v with --shard: exit %d, stderr:\n%s", tt.env, code, errs)
		}
	}
	noEngine(t)
	t.Setenv("JOB_COMPLETION_INDEX", "2")
	if code, _, errs := runArgs("sweep", "--seeds", "4", "--epochs", "20"); code != 2 || strings.Count(errs, "\n") != 1 ||
		!strings.Contains(errs, "no JOB_COMPLETIONS") {
		t.Errorf("JOB_COMPLETION_INDEX alone: exit %d, stderr %q", code, errs)
	}
}

func TestShardsRefuseBadInput(t *testing.T) {
	noEngine(t)
	dir := t.TempDir()
	runs := filepath.Join(dir, "runs.jsonl")
	if code, _, errs := runArgs("sweep", "--seeds", "3", "--epochs", "20", "--runs-out", runs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	other := filepath.Join(dir, "other.jsonl")
	if code, _, errs := runArgs("sweep", "--seeds", "3", "--epochs", "40", "--runs-out", other); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	before, _ := os.ReadFile(runs)
	for want, args := range map[string][]string{
		"k must be 0 to 3":           {"sweep", "--shard", "4/4"},
		"n must be ≥ 1":              {"sweep", "--shard", "0/0"},
		"want k/n":                   {"sweep", "--shard", "2"},
		"give --runs-out FILE.jsonl": {"sweep", "--resume"},
		"exists: add --resume":       {"sweep", "--seeds", "3", "--epochs", "20", "--runs-out", runs},
		"is from another sweep: it has epochs 20, not 30": {"sweep", "--seeds", "3", "--epochs", "30", "--runs-out", runs, "--resume"},
		"it has shard 0/1, not 1/2":                       {"sweep", "--seeds", "3", "--epochs", "20", "--runs-out", runs, "--resume", "--shard", "1/2"},
		"other.jsonl is from another sweep than":          {"merge", runs, other},
		"give the runs files":                             {"merge"},
		`format "xml"`:                                    {"merge", runs, "--format", "xml"},
	} {
		code, out, errs := runArgs(args...)
		if code != 2 || out != "" || !strings.Contains(errs, want) || !strings.HasSuffix(errs, "\n") ||
			strings.Count(strings.TrimPrefix(errs, "sweep: shard 1/2, from --shard\n"), "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", args, code, out, errs, want)
		}
	}
	if after, _ := os.ReadFile(runs); !bytes.Equal(after, before) {
		t.Error("a refused command changed the runs file")
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, append(slices.Clone(before), "{oops\n"...), 0o644)
	if code, _, errs := runArgs("merge", bad); code != 1 || !strings.Contains(errs, "bad.jsonl:5: not a run") {
		t.Errorf("a bad line: exit %d, %q", code, errs)
	}
}

// TestOtherBuildsAreNamed checks that resuming a file begun by another
// build, and merging files of two builds, say so.
func TestOtherBuildsAreNamed(t *testing.T) {
	noEngine(t)
	files := sweepShards(t, 2, "sweep", "--seeds", "4", "--epochs", "20")
	b, _ := os.ReadFile(files[1])
	here := `"build":"` + buildName() + `"}`
	if !bytes.Contains(b, []byte(here)) {
		t.Fatalf("the header does not name the build %q:\n%s", buildName(), b)
	}
	os.WriteFile(files[1], bytes.Replace(b, []byte(here), []byte(`"build":"plan9/mips 0123456789ab"}`), 1), 0o644)
	code, _, errs := runArgs(append([]string{"merge"}, files...)...)
	if code != 0 || !strings.Contains(errs, "merge: the files come from 2 builds ("+buildName()+"; plan9/mips 0123456789ab)") {
		t.Errorf("merge of two builds: exit %d, %q", code, errs)
	}
	code, _, errs = runArgs("sweep", "--seeds", "4", "--epochs", "20", "--shard", "1/2", "--runs-out", files[1], "--resume")
	if code != 0 || !strings.Contains(errs, "was begun by another build (plan9/mips 0123456789ab) than this one ("+buildName()+")") {
		t.Errorf("resume of another build's file: exit %d, %q", code, errs)
	}
}
