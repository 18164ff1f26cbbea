package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"
)

// newSession connects to addr and opens a session; the test's end closes
// the connection.
func newSession(t *testing.T, addr string) *gossh.Session {
	t.Helper()
	c, err := dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// run runs command in a session with a terminal of w×h and returns what
// the session printed and the error of its end.
func run(t *testing.T, addr, command string, w, h int) (string, error) {
	t.Helper()
	sess := newSession(t, addr)
	if err := sess.RequestPty("xterm", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	out, err := sess.CombinedOutput(command)
	return string(out), err
}

func TestHelpAnswersWithTheSessionFlags(t *testing.T) {
	_, addr := testServer(t, nil)
	out, err := run(t, addr, "--help", 80, 24)
	if err != nil {
		t.Errorf("-- --help ended with %v", err)
	}
	for _, want := range []string{"usage: ssh -t host --", "--act", "--opt", "--seed"} {
		if !strings.Contains(out, want) {
			t.Errorf("-- --help lacks %q:\n%s", want, out)
		}
	}
	if out, err := newSession(t, addr).CombinedOutput("--help"); err != nil || !strings.Contains(string(out), "--act") {
		t.Errorf("-- --help without a terminal: %v, %.200q", err, out)
	}
	if strings.Contains(out, "pflag") {
		t.Errorf("-- --help answers %q", out)
	}
}

// TestLongCommandIsRefusedAtOnce sends a command of 250 KB: it is refused
// before it is split, the message and the log quote it short and escaped.
func TestLongCommandIsRefusedAtOnce(t *testing.T) {
	s, addr := testServer(t, nil)
	start := time.Now()
	out, err := run(t, addr, "--act "+strings.Repeat("\x1b[2J", 62_500), 80, 24)
	if err == nil || !strings.Contains(out, "the command is 250006 bytes long; this server reads 4096 at most") {
		t.Errorf("a 250 KB command: %v, %.200q", err, out)
	}
	if len(out) > 1000 {
		t.Errorf("the refusal of a 250 KB command is %d bytes long", len(out))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the refusal took %v", d)
	}
	out, _ = run(t, addr, "--act '"+strings.Repeat("\x1b", 1000)+"'", 80, 24)
	if strings.Contains(out, "\x1b\x1b") || len(out) > 1000 || !strings.Contains(out, `\x1b\x1b`) {
		t.Errorf("a bad activation of 1000 escapes is answered with %d bytes: %.200q", len(out), out)
	}
	if text := logText(s); strings.Count(text, "\n") != strings.Count(text, "reject")+strings.Count(text, "connect") || strings.Contains(text, "\x1b") {
		t.Errorf("the log has lines of raw input:\n%.2000q", text)
	}
}

func TestTooBigAConfigurationIsRefused(t *testing.T) {
	_, addr := testServer(t, nil)
	for command, want := range map[string]string{
		"--hidden 64x64x64":  "relulab: more than this server trains: --hidden 64x64x64 has 8577 weights counting the first layer at 64 neurons (as h can grow it); this server allows 1024",
		"--samples 1000000":  "relulab: more than this server trains: --samples 1000000; this server allows 10000",
		"--act elu stray":    `relulab: unexpected argument "stray"`,
		"--act 'unclosed":    "unclosed",
		"--bogus\x1b[31mred": `unknown flag: --bogus\x1b[31mred`,
	} {
		out, err := run(t, addr, command, 80, 24)
		if err == nil || !strings.Contains(out, want) {
			t.Errorf("%q: %v, %q; want %q", command, err, out, want)
		}
	}
}

// TestUserNameIsEscapedInTheLog connects as a user whose name holds a
// newline: the log keeps one line per entry.
func TestUserNameIsEscapedInTheLog(t *testing.T) {
	s, addr := testServer(t, nil)
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c, chans, reqs, err := gossh.NewClientConn(nc, addr, &gossh.ClientConfig{User: "eve\nINFO connect addr=10.0.0.1",
		HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		t.Fatal(err)
	}
	client := gossh.NewClient(c, chans, reqs)
	defer client.Close()
	sess, _ := client.NewSession()
	sess.CombinedOutput("")
	if text := logText(s); !strings.Contains(text, `user="eve\nINFO connect addr=10.0.0.1"`) || strings.Contains(text, "\nINFO connect addr=10.0.0.1") {
		t.Errorf("the log:\n%q", text)
	}
}

// TestEnvironmentIsCapped sends 3000 environment requests: 64 are taken.
func TestEnvironmentIsCapped(t *testing.T) {
	s, addr := testServer(t, nil)
	sess := newSession(t, addr)
	taken := 0
	for i := range 3000 {
		if sess.Setenv("V", strings.Repeat("x", 100+i%2)) == nil {
			taken++
		}
	}
	if taken != MaxEnv {
		t.Errorf("%d environment requests taken, want %d", taken, MaxEnv)
	}
	big := 0
	sess2 := newSession(t, addr)
	for range 10 {
		if sess2.Setenv("V", strings.Repeat("x", 5000)) == nil {
			big++
		}
	}
	if big != 3 {
		t.Errorf("%d requests of 5000 bytes taken, want 3 (16 KB)", big)
	}
	if !strings.Contains(logText(s), `reason="environment full"`) {
		t.Errorf("the refusals were not logged:\n%s", logText(s))
	}
}

func TestAgentForwardingIsRefused(t *testing.T) {
	_, addr := testServer(t, nil)
	sess := newSession(t, addr)
	if ok, err := sess.SendRequest("auth-agent-req@openssh.com", true, nil); ok || err != nil {
		t.Errorf("agent forwarding answered %v, %v", ok, err)
	}
}

func TestOneSessionPerConnection(t *testing.T) {
	_, addr := testServer(t, nil)
	c, err := dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.NewSession(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.NewSession(); err == nil || !strings.Contains(err.Error(), "one session per connection") {
		t.Errorf("a second session: %v", err)
	}
}

// TestConnectionsWithoutSession holds connections that open no session:
// beyond MaxPending they are turned away, and after OpenTimeout closed,
// keep-alives or not; then the server serves a session.
func TestConnectionsWithoutSession(t *testing.T) {
	s, addr := testServer(t, func(o *Options) { o.MaxPending, o.OpenTimeout = 3, time.Second })
	var held []*gossh.Client
	for range 5 {
		if c, err := dial(addr); err == nil {
			held = append(held, c)
		}
	}
	if len(held) != 3 || s.Pending() != 3 {
		t.Fatalf("%d connections without a session held, %d pending; want 3", len(held), s.Pending())
	}
	closed := make(chan struct{}, len(held))
	for _, c := range held {
		go func() { c.Wait(); closed <- struct{}{} }() // ends when the server closes c
		go func() {                                    // keep-alives, until c is closed
			for {
				if _, _, err := c.SendRequest("keepalive@openssh.com", true, nil); err != nil {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		}()
	}
	for range held {
		select {
		case <-closed:
		case <-time.After(10 * time.Second):
			t.Fatal("a connection without a session was still open 10 s after OpenTimeout")
		}
	}
	if s.Pending() != 0 || !strings.Contains(logText(s), `reason="no session"`) || !strings.Contains(logText(s), `reason="too many connections opening"`) {
		t.Errorf("%d pending; the log:\n%s", s.Pending(), logText(s))
	}
	l := openLab(t, addr, 80, 24, "")
	defer l.close()
	waitFor(t, l.out, 0, "neurons")
}

// TestMaxTimeoutSaysWhyAndRestoresTheTerminal runs a session into
// MaxTimeout: it is told why, after the terminal left the alternate screen
// and the mouse.
func TestMaxTimeoutSaysWhyAndRestoresTheTerminal(t *testing.T) {
	_, addr := testServer(t, func(o *Options) { o.MaxTimeout = 2 * time.Second })
	l := openLab(t, addr, 100, 30, "")
	defer l.close()
	waitFor(t, l.out, 0, "neurons")
	done := make(chan error, 1)
	go func() { done <- l.sess.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the session outlived MaxTimeout")
	}
	l.out.mu.Lock()
	raw := l.out.buf.String()
	l.out.mu.Unlock()
	why := strings.LastIndex(raw, "relulab: closed after 2s, the longest a session lasts on this server")
	for _, restore := range []string{"\x1b[?1049l", "\x1b[?1003l"} {
		if i := strings.LastIndex(raw, restore); i < 0 || why < 0 || i > why {
			t.Errorf("%q (at %d) does not come before the reason (at %d)", restore, i, why)
		}
	}
}

// TestFailedLoginsAndDropsAreLogged tries a key that is not listed and a
// client that speaks no SSH: both are logged with their address.
func TestFailedLoginsAndDropsAreLogged(t *testing.T) {
	_, k, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(k)
	path := filepath.Join(t.TempDir(), "authorized_keys")
	os.WriteFile(path, nil, 0o600)
	s, addr := testServer(t, func(o *Options) { o.AuthorizedKeys, o.HandshakeTimeout = path, time.Second })
	if c, err := dial(addr, gossh.PublicKeys(signer)); err == nil {
		c.Close()
		t.Fatal("an unlisted key got in")
	}
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	nc.Write([]byte("GET / HTTP/1.0\r\n\r\n"))
	io.Copy(io.Discard, nc)
	nc.Close()
	deadline := time.Now().Add(5 * time.Second)
	for text := logText(s); !strings.Contains(text, `reason="key not authorized" addr=127.0.0.1:`) ||
		strings.Count(text, `reason="handshake failed" addr=127.0.0.1:`) < 2; text = logText(s) {
		if time.Now().After(deadline) {
			t.Fatalf("the log:\n%s", text)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestHostKeyRace starts servers at once on one new key path: every one
// serves the key the file holds.
func TestHostKeyRace(t *testing.T) {
	for range 5 {
		path := filepath.Join(t.TempDir(), "keys", "host_key")
		keys := make([][]byte, 4)
		var wg sync.WaitGroup
		for i := range keys {
			wg.Go(func() {
				var err error
				if keys[i], err = hostKey(path, log.New(io.Discard)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		file, _ := os.ReadFile(path)
		for i, k := range keys {
			if !bytes.Equal(k, file) {
				t.Fatalf("server %d serves a key that is not the file's", i)
			}
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Errorf("a new host key has mode %v", fi.Mode().Perm())
		}
	}
}

func TestHostKeyErrorsAndWarnings(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, nil, 0o600)
	if _, err := hostKey(empty, log.New(io.Discard)); err == nil || !strings.Contains(err.Error(), empty) {
		t.Errorf("an empty key file: %v", err)
	}
	open := filepath.Join(dir, "open")
	if _, err := hostKey(open, log.New(io.Discard)); err != nil {
		t.Fatal(err)
	}
	os.Chmod(open, 0o644)
	var logs bytes.Buffer
	if _, err := hostKey(open, log.New(&logs)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "readable by others") || !strings.Contains(logs.String(), open) {
		t.Errorf("a 0644 host key was taken silently: %q", logs.String())
	}
}

// TestHugeFirstSizeIsClamped asks for a terminal of 10000×10000: the lab
// draws at most 500×200 and the log says what was asked.
func TestHugeFirstSizeIsClamped(t *testing.T) {
	s, addr := testServer(t, nil)
	l := openLab(t, addr, 10000, 10000, "")
	defer l.close()
	waitFor(t, l.out, 0, "neurons")
	if text := logText(s); !strings.Contains(text, "size=500x200 asked=10000x10000") {
		t.Errorf("the log:\n%s", text)
	}
}
