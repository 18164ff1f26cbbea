package train

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes data to path so that path holds either its old
// contents or all of data, never a part: it writes a temporary file in the
// same directory, syncs it to disk and renames it over path. Its errors
// name path, not the temporary file.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return destError(path, err)
	}
	return nil
}

// WriteNewFileAtomic is WriteFileAtomic for a path that must not exist:
// rather than replace a file, even one that another process created a
// moment before, it fails with an error for which errors.Is(err,
// fs.ErrExist) holds. It links the synced temporary file to path.
func WriteNewFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // path is a second name of the file
	if err := os.Link(tmp, path); err != nil {
		return destError(path, err)
	}
	return nil
}

// writeTemp writes data to a new temporary file beside path, with mode
// perm, syncs it and returns its name. Its errors name path.
func writeTemp(path string, data []byte, perm os.FileMode) (string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", destError(path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", destError(path, err)
	}
	return tmp, nil
}

// destError returns err, an error about the temporary file of path, as an
// error writing path: "write dir/run.json: no space left on device". The
// cause is kept for errors.Is.
func destError(path string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return fmt.Errorf("write %s: %w", path, err)
}
