package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// A runner runs relulab commands and keeps what each printed, so that a
// command that several blocks need runs once. With a cache directory it
// also keeps the output on disk, keyed by the binary's SHA-256 and the
// arguments: a rebuilt binary of other code misses the cache.
type runner struct {
	root  string // the repository's root
	bin   string // the relulab binary
	dir   string // the working directory of the commands
	cache string // the cache directory, or "" for none
	log   io.Writer
	// offline runs nothing: a command not in the cache is errNotCached.
	offline bool

	once sync.Once
	sum  string // the binary's SHA-256, hex, once computed
	mu   sync.Mutex
	memo map[string]string
}

// errNotCached is the error of an offline runner's command that is not in
// the cache.
var errNotCached = errors.New("not in the cache")

// key returns the cache key of args.
func (r *runner) key(args []string) (string, error) {
	var err error
	r.once.Do(func() {
		var b []byte
		if b, err = os.ReadFile(r.bin); err == nil {
			s := sha256.Sum256(b)
			r.sum = hex.EncodeToString(s[:])
		}
	})
	if err != nil {
		return "", err
	}
	s := sha256.Sum256([]byte(r.sum + "\x00" + strings.Join(args, "\x00")))
	return hex.EncodeToString(s[:16]), nil
}

// run returns what relulab args writes on stdout. A command that fails is
// an error with the last line it wrote on stderr.
func (r *runner) run(args []string) (string, error) {
	k, err := r.key(args)
	if err != nil {
		return "", err
	}
	r.mu.Lock()
	out, ok := r.memo[k]
	r.mu.Unlock()
	if ok {
		return out, nil
	}
	path := ""
	if r.cache != "" {
		path = filepath.Join(r.cache, k)
		if b, err := os.ReadFile(path); err == nil {
			return string(b), nil
		}
	}
	if r.offline {
		return "", fmt.Errorf("relulab %s: %w", strings.Join(args, " "), errNotCached)
	}
	if r.log != nil {
		fmt.Fprintf(r.log, "gen: relulab %s\n", strings.Join(args, " "))
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(r.bin, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = r.dir, &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		return "", fmt.Errorf("relulab %s: %v: %s", strings.Join(args, " "), err, msg)
	}
	out = stdout.String()
	r.mu.Lock()
	if r.memo == nil {
		r.memo = map[string]string{}
	}
	r.memo[k] = out
	r.mu.Unlock()
	if path != "" {
		if err := os.MkdirAll(r.cache, 0o755); err != nil {
			return "", err
		}
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, stdout.Bytes(), 0o644); err != nil {
			return "", err
		}
		if err := os.Rename(tmp, path); err != nil {
			return "", err
		}
	}
	return out, nil
}
