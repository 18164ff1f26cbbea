package train

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// atomicChild names the environment variable that turns the test binary
// into a process that writes a big file atomically, to be killed midway.
const atomicChild = "RELULAB_ATOMIC_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(atomicChild); path != "" {
		if err := WriteFileAtomic(path, bigFile('n'), 0o644); err != nil {
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// bigFile returns 32 MB of c: big enough to take a while to write.
func bigFile(c byte) []byte { return bytes.Repeat([]byte{c}, 32<<20) }

// TestWriteFileAtomicSurvivesACrash kills a process while it writes a big
// file atomically over an old one, at several moments: the destination
// always holds the whole old file or the whole new one.
func TestWriteFileAtomicSurvivesACrash(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.json")
	old, new := bigFile('o'), bigFile('n')
	sawOld, sawNew := false, false
	for _, delay := range []time.Duration{0, 5, 10, 20, 40, 80, 160, 320, 640, 2000} {
		if err := os.WriteFile(path, old, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), atomicChild+"="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		got, err := os.ReadFile(path)
		switch {
		case err != nil:
			t.Fatalf("killed after %v ms: %v", delay, err)
		case bytes.Equal(got, old):
			sawOld = true
		case bytes.Equal(got, new):
			sawNew = true
		default:
			t.Fatalf("killed after %v ms: the destination holds %d bytes, neither file", delay, len(got))
		}
	}
	if !sawOld || !sawNew {
		t.Logf("the kills left the old file: %v, the new one: %v", sawOld, sawNew)
	}
}

// TestWriteNewFileAtomicNeverReplaces checks that a second write to the
// same new path fails with fs.ErrExist and leaves the first intact, and
// that no temporary file is left behind.
func TestWriteNewFileAtomicNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.json")
	if err := WriteNewFileAtomic(path, []byte("first"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := WriteNewFileAtomic(path, []byte("second"), 0o600)
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("the second write: %v, want an error that the file exists", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Errorf("the file holds %q", b)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", info.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the directory, want 1", len(entries))
	}
}
