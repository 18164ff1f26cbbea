// Package digest checks that a computation gives the same bits on every
// machine: tests hash every float64 they produce and compare the hash
// with one recorded in a file.
package digest

import (
	"fmt"
	"hash"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Digest hashes the exact bits of float64 values, in order. The zero
// value is not usable; use New.
type Digest struct{ h hash.Hash64 }

// New returns an empty digest.
func New() *Digest { return &Digest{fnv.New64a()} }

// Put adds the bits of vs, +0 and −0 and every NaN payload apart.
func (d *Digest) Put(vs ...float64) {
	var b [8]byte
	for _, v := range vs {
		u := math.Float64bits(v)
		for i := range b {
			b[i] = byte(u >> (8 * i))
		}
		d.h.Write(b[:])
	}
}

// Sum returns the hash of the values put so far.
func (d *Digest) Sum() uint64 { return d.h.Sum64() }

// Check fails t unless d equals the digest recorded in file. With update
// it first records d there.
func (d *Digest) Check(t testing.TB, file string, update bool) {
	t.Helper()
	got := fmt.Sprintf("%016x\n", d.Sum())
	if update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s/%s: digest %s, recorded %s", runtime.GOARCH, os.Getenv("GOAMD64"),
			strings.TrimSpace(got), strings.TrimSpace(string(want)))
	}
}
