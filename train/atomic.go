package train

import (
	"os"
	"path/filepath"
)

// WriteFileAtomic writes data to path so that path holds either its old
// contents or all of data, never a part: it writes a temporary file in the
// same directory, syncs it to disk and renames it over path.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // a no-op once renamed
	return os.Rename(tmp, path)
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
	defer os.Remove(tmp)
	return os.Link(tmp, path)
}

// writeTemp writes data to a new temporary file beside path, with mode
// perm, syncs it and returns its name.
func writeTemp(path string, data []byte, perm os.FileMode) (string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", err
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
		return "", err
	}
	return tmp, nil
}
