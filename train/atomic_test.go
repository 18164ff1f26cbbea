package train

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
// file atomically over an old one, and retries until the kill lands
// mid-write: after the temporary file appeared and before the rename, as
// the temporary file left behind shows. The destination must then hold the
// whole old file; and once a process is let finish, the whole new one,
// with no temporary file left.
func TestWriteFileAtomicSurvivesACrash(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.json")
	old, new := bigFile('o'), bigFile('n')
	temps := func() []string {
		m, _ := filepath.Glob(filepath.Join(dir, ".run.json.tmp-*"))
		return m
	}
	write := func(kill bool) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), atomicChild+"="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill once the temporary file appears (or after a while, should the
		// write have finished unseen).
		for end := time.Now().Add(2 * time.Second); kill && len(temps()) == 0 && time.Now().Before(end); {
			time.Sleep(50 * time.Microsecond)
		}
		if kill {
			cmd.Process.Kill()
		}
		cmd.Wait()
	}
	midWrite := false
	for try := 0; try < 50 && !midWrite; try++ {
		for _, tmp := range temps() {
			os.Remove(tmp)
		}
		if err := os.WriteFile(path, old, 0o644); err != nil {
			t.Fatal(err)
		}
		write(true)
		midWrite = len(temps()) > 0
		got, err := os.ReadFile(path)
		switch {
		case err != nil:
			t.Fatal(err)
		case midWrite && !bytes.Equal(got, old):
			t.Fatalf("killed mid-write: the destination holds %d bytes, not the old file", len(got))
		case !bytes.Equal(got, old) && !bytes.Equal(got, new):
			t.Fatalf("killed: the destination holds %d bytes, neither file", len(got))
		}
	}
	if !midWrite {
		t.Fatal("no kill in 50 landed mid-write")
	}
	for _, tmp := range temps() {
		os.Remove(tmp)
	}
	write(false)
	if got, _ := os.ReadFile(path); !bytes.Equal(got, new) || len(temps()) != 0 {
		t.Errorf("a finished write left %d bytes (new: %v) and %d temporary files", len(got), bytes.Equal(got, new), len(temps()))
	}
}

// TestWriteFileAtomicErrorsNameTheDestination checks that a failure to
// create the temporary file or to rename it says which file could not be
// written, keeps its cause and leaves no temporary file behind.
func TestWriteFileAtomicErrorsNameTheDestination(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no", "run.json")
	err := WriteFileAtomic(missing, []byte("x"), 0o644)
	if err == nil || err.Error() != "write "+missing+": no such file or directory" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("into a missing directory: %v", err)
	}
	taken := filepath.Join(dir, "run.json")
	if err := os.MkdirAll(filepath.Join(taken, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	err = WriteFileAtomic(taken, []byte("x"), 0o644)
	if err == nil || !strings.HasPrefix(err.Error(), "write "+taken+": ") || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("over a directory: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the directory, want 1: a temporary file was left", len(entries))
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
