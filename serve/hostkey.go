package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"
)

// hostKey returns the PEM of the ed25519 key at path, creating it first if
// the file does not exist, and warns on l if others than its owner may
// read it. The errors name the path.
//
// A new key is written to a temporary file of mode 0600, in a directory of
// mode 0700, and linked into place, which fails if the path exists: of
// two servers that start at once, one creates the key and both read it
// back from the file, so that both serve the key the file holds.
func hostKey(path string, l *log.Logger) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if err = createHostKey(path); err == nil || errors.Is(err, os.ErrExist) {
			b, err = os.ReadFile(path)
		}
	}
	if err == nil {
		_, err = gossh.ParsePrivateKey(b)
	}
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		l.Warn("the host key is readable by others: chmod 600 it", "path", path, "mode", fi.Mode().Perm())
	}
	return b, nil
}

// createHostKey writes a new ed25519 key to path, unless path exists: then
// it returns an error that is os.ErrExist.
func createHostKey(path string) error {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	block, err := gossh.MarshalPrivateKey(priv, "relulab host key")
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".relulab-host-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Link(f.Name(), path)
}
