package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/log/v2"
	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// testServer starts a lab server on a free loopback port; its log goes
// to a buffer that logText reads.
func testServer(t testing.TB, tweak func(*Options)) (*Server, string) {
	t.Helper()
	o := DefaultOptions()
	o.Addr, o.HostKey = "127.0.0.1:0", filepath.Join(t.TempDir(), "host_key")
	logs := &screenBuffer{}
	o.Log = log.New(logs)
	if tweak != nil {
		tweak(&o)
	}
	s, err := NewServer(o)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { s.Serve(l); close(done) }()
	t.Cleanup(func() { s.srv.Close(); <-done })
	serverLogs.Store(s, logs)
	return s, l.Addr().String()
}

// serverLogs holds the log of each test server.
var serverLogs sync.Map

// logText returns what s has logged so far.
func logText(s *Server) string {
	b, _ := serverLogs.Load(s)
	return b.(*screenBuffer).text()
}

func dial(addr string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return dialFrom("127.0.0.1", addr, auth...)
}

// dialFrom connects to addr from the loopback address from, so that a
// test can be a client of another address than the one it rate-limited.
func dialFrom(from, addr string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 10 * time.Second}
	nc, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c, chans, reqs, err := gossh.NewClientConn(nc, addr, &gossh.ClientConfig{User: "student", Auth: auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		nc.Close()
		return nil, err
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// screenBuffer collects a session's output; its text is the output with
// escape sequences removed.
type screenBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *screenBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *screenBuffer) text() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return ansi.Strip(b.buf.String())
}

func (b *screenBuffer) len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

// patience is how long a test waits for what must come: 20 s, or a
// minute under the race detector, which slows drawing 10–30×.
var patience = map[bool]time.Duration{false: 20 * time.Second, true: time.Minute}[raceEnabled]

// waitFor waits up to patience for text to show in out, after byte
// offset from.
func waitFor(t testing.TB, out *screenBuffer, from int, text string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		out.mu.Lock()
		s := ansi.Strip(out.buf.String()[min(from, out.buf.Len()):])
		out.mu.Unlock()
		if strings.Contains(s, text) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %q; the output ends:\n%s", patience, text, s[max(0, len(s)-2000):])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// lab is an SSH session with a terminal running the lab.
type lab struct {
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	out    *screenBuffer
	w, h   int
}

func openLab(t testing.TB, addr string, w, h int, args string, auth ...gossh.AuthMethod) *lab {
	t.Helper()
	return openLabFrom(t, "127.0.0.1", addr, w, h, args, auth...)
}

// openLabFrom is openLab from the loopback address from.
func openLabFrom(t testing.TB, from, addr string, w, h int, args string, auth ...gossh.AuthMethod) *lab {
	t.Helper()
	l, err := startLab(from, addr, w, h, args, auth...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// startLab is openLab for goroutines other than the test's.
func startLab(from, addr string, w, h int, args string, auth ...gossh.AuthMethod) (*lab, error) {
	c, err := dialFrom(from, addr, auth...)
	if err != nil {
		return nil, err
	}
	sess, err := c.NewSession()
	if err != nil {
		return nil, err
	}
	out := &screenBuffer{}
	sess.Stdout, sess.Stderr = out, out
	in, _ := sess.StdinPipe()
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		return nil, err
	}
	if args == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(args)
	}
	if err != nil {
		return nil, err
	}
	return &lab{client: c, sess: sess, in: in, out: out, w: w, h: h}, nil
}

// repaint resizes the terminal so that the lab draws its whole screen
// again, and returns where the new drawing starts in the output.
func (l *lab) repaint(t testing.TB) int {
	t.Helper()
	from := l.out.len()
	l.w++
	if err := l.sess.WindowChange(l.h, l.w); err != nil {
		t.Fatal(err)
	}
	return from
}

func (l *lab) close() { l.sess.Close(); l.client.Close() }

func TestSessionSeesTheLabAndAnswersKeys(t *testing.T) {
	_, addr := testServer(t, nil)
	l := openLab(t, addr, 120, 40, "")
	defer l.close()
	waitFor(t, l.out, 0, "relulab")
	waitFor(t, l.out, 0, "running")
	l.in.Write([]byte(" o"))
	time.Sleep(300 * time.Millisecond)
	from := l.repaint(t)
	waitFor(t, l.out, from, "paused")
	waitFor(t, l.out, from, "optimizer → adamw")
}

func TestSessionArgumentsSetTheStart(t *testing.T) {
	_, addr := testServer(t, func(o *Options) { o.Config.Seed = 9 })
	l := openLab(t, addr, 120, 40, "--act elu --hidden 4")
	defer l.close()
	waitFor(t, l.out, 0, "h=4 act=elu opt=adam")
	waitFor(t, l.out, 0, "seed=9")
	cfg := openLab(t, addr, 120, 40, "--config 'h=2 act=tanh seed=5' --lr 0.01")
	defer cfg.close()
	waitFor(t, cfg.out, 0, "h=2 act=tanh opt=adam lr=0.01 init=glorot_uniform batch=32 data=uniform seed=5")
	bad := openLab(t, addr, 120, 40, "--act bogus")
	defer bad.close()
	waitFor(t, bad.out, 0, `relulab: unknown activation "bogus"`)
	if err := bad.sess.Wait(); err == nil {
		t.Error("a session with a bad flag did not end with an error")
	}
}

func TestSessionWithoutTerminalIsTold(t *testing.T) {
	_, addr := testServer(t, nil)
	out, _ := newSession(t, addr).CombinedOutput("")
	if !strings.Contains(string(out), "relulab needs an interactive terminal: use ssh -t") {
		t.Errorf("output %q", out)
	}
}

func TestAuthorizedKeys(t *testing.T) {
	signer := func() gossh.Signer {
		_, k, _ := ed25519.GenerateKey(rand.Reader)
		s, _ := gossh.NewSignerFromKey(k)
		return s
	}
	listed, other := signer(), signer()
	path := filepath.Join(t.TempDir(), "authorized_keys")
	os.WriteFile(path, gossh.MarshalAuthorizedKey(listed.PublicKey()), 0o600)
	_, addr := testServer(t, func(o *Options) { o.AuthorizedKeys = path })
	l := openLab(t, addr, 100, 30, "", gossh.PublicKeys(listed))
	waitFor(t, l.out, 0, "neurons")
	l.close()
	if c, err := dial(addr, gossh.PublicKeys(other)); err == nil {
		c.Close()
		t.Error("an unlisted key connected")
	}
	if c, err := dial(addr, gossh.Password("hunter2")); err == nil {
		c.Close()
		t.Error("a password connected")
	}
	if c, err := dial(addr); err == nil {
		c.Close()
		t.Error("a client without credentials connected")
	}
}

// TestServerFull opens MaxSessions sessions and checks that one more is
// refused with the message.
func TestServerFull(t *testing.T) {
	const max = 32
	s, addr := testServer(t, func(o *Options) { o.MaxSessions, o.Paused, o.IPBurst = max, true, 2*max })
	var labs []*lab
	for range max {
		labs = append(labs, openLab(t, addr, 80, 24, ""))
	}
	for _, l := range labs {
		waitFor(t, l.out, 0, "neurons")
	}
	extra := openLab(t, addr, 80, 24, "")
	waitFor(t, extra.out, 0, "relulab: server full, try again later")
	extra.close()
	if s.Sessions() != max {
		t.Errorf("%d sessions, want %d", s.Sessions(), max)
	}
	for _, l := range labs {
		l.close()
	}
}

// TestRateLimit opens a connection without a session and then another:
// the second is turned away before the handshake, and logged, while
// another address is served.
func TestRateLimit(t *testing.T) {
	s, addr := testServer(t, func(o *Options) { o.IPBurst, o.IPRate = 1, 0.01 })
	first, err := dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	if c, err := dial(addr); err == nil {
		c.Close()
		t.Fatal("a second connection from the address got in")
	}
	if text := logText(s); !strings.Contains(text, "reason=\"rate limit\" addr=127.0.0.1:") {
		t.Errorf("the refusal was not logged:\n%s", text)
	}
	other := openLabFrom(t, "127.0.0.2", addr, 80, 24, "")
	defer other.close()
	waitFor(t, other.out, 0, "neurons")
}

func TestIdleSessionPausesThenCloses(t *testing.T) {
	_, addr := testServer(t, func(o *Options) { o.Idle, o.IdleGrace = time.Second, time.Second })
	l := openLab(t, addr, 120, 40, "")
	defer l.close()
	waitFor(t, l.out, 0, "running")
	time.Sleep(1500 * time.Millisecond)
	waitFor(t, l.out, l.repaint(t), "paused after 1s without a key")
	done := make(chan error, 1)
	go func() { done <- l.sess.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("an idle session was not closed")
	}
	if !strings.Contains(l.out.text(), "closed after 2s without a key press") {
		t.Error("the session was closed without a word")
	}
}

func TestShutdownTellsSessions(t *testing.T) {
	s, addr := testServer(t, nil)
	l := openLab(t, addr, 120, 40, "")
	defer l.close()
	waitFor(t, l.out, 0, "running")
	done := make(chan error, 1)
	go func() { done <- s.Shutdown(t.Context()) }()
	waitFor(t, l.out, 0, "the server is stopping")
	waitFor(t, l.out, 0, "the server stopped; goodbye")
	l.close() // the client hangs up, as ssh does when its session ends
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestSoak runs 32 sessions for 20 seconds each, pressing keys, then drops
// every connection at once, in two rounds: the goroutines return to their
// number before the sessions, and the heap does not grow from round to
// round.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("a soak of 40 s: run without -short, as CI does")
	}
	const sessions, rounds = 32, 2
	_, addr := testServer(t, func(o *Options) { o.IPBurst = rounds * sessions })
	runtime.GC()
	baseline := runtime.NumGoroutine()
	var heap []uint64
	keys := []byte(" noOaAilLhHbdmg+-?rs")
	for round := range rounds {
		start := time.Now()
		labs := make([]*lab, sessions)
		errs := make([]error, sessions)
		var opening sync.WaitGroup
		for i := range labs {
			opening.Go(func() { labs[i], errs[i] = startLab(fmt.Sprintf("127.0.0.%d", 1+i%4), addr, 100, 30, "") }) // 8 at once from an address at most
		}
		opening.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i, l := range labs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := mrand.New(mrand.NewPCG(uint64(round), uint64(i)))
				for end := time.Now().Add(20 * time.Second); time.Now().Before(end); {
					l.in.Write([]byte{keys[rng.IntN(len(keys))]})
					time.Sleep(time.Duration(50+rng.IntN(250)) * time.Millisecond)
				}
			}()
		}
		opened := time.Since(start)
		wg.Wait()
		for _, l := range labs {
			if l.out.len() == 0 {
				t.Errorf("round %d: a session saw nothing", round)
			}
			l.client.Conn.Close() // abruptly: no goodbye on the channel
		}
		deadline := time.Now().Add(30 * time.Second)
		for runtime.NumGoroutine() > baseline+2 {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Logf("%s", buf[:runtime.Stack(buf, true)])
				t.Fatalf("round %d: %d goroutines, %d before the sessions", round, runtime.NumGoroutine(), baseline)
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("round %d: %d sessions opened in %v, all gone %v after the start", round, sessions, opened.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		heap = append(heap, m.HeapInuse)
	}
	if heap[len(heap)-1] > heap[0]+16<<20 {
		t.Errorf("heap in use grew from %d to %d bytes", heap[0], heap[len(heap)-1])
	}
}

// TestSessionSurvivesGarbage sends random bytes and absurd window sizes to
// a session; the server stays up and serves the next session.
func TestSessionSurvivesGarbage(t *testing.T) {
	_, addr := testServer(t, nil)
	rng := mrand.New(mrand.NewPCG(3, 3))
	l := openLab(t, addr, 120, 40, "")
	// charm.land/ssh v0.4.3 writes the window size of a window-change
	// request while the session handler may still read it (Session.Pty):
	// the race detector flags it. Resize only once the lab runs, as a
	// person would.
	waitFor(t, l.out, 0, "neurons")
	for i := range 200 {
		junk := make([]byte, rng.IntN(64))
		for j := range junk {
			junk[j] = byte(rng.IntN(256))
		}
		if i%7 == 0 {
			junk = append(junk, "\x1b[<0;10;5M\x1b[M !!\x1b[200~paste\x1b[201~\x1b]11;rgb:0000/0000/0000\x07"...)
		}
		l.in.Write(junk)
		sizes := [][2]int{{0, 0}, {10000, 10000}, {1, 1}, {4096, 256}, {80, 24}, {rng.IntN(600), rng.IntN(300)}}
		sz := sizes[rng.IntN(len(sizes))]
		l.sess.WindowChange(sz[1], sz[0])
	}
	l.close()
	next := openLab(t, addr, 120, 40, "")
	defer next.close()
	waitFor(t, next.out, 0, "neurons")
}

// TestZeroOptionsTakeTheDefaults serves a session from Options that name
// only the address and key: MaxSessions 0 means the default, not "none".
func TestZeroOptionsTakeTheDefaults(t *testing.T) {
	s, addr := testServer(t, func(o *Options) { *o = Options{Addr: o.Addr, HostKey: o.HostKey} })
	if s.opts.MaxSessions != 32 || s.opts.FPS != 15 || s.opts.Log == nil {
		t.Errorf("filled options %+v", s.opts)
	}
	l := openLab(t, addr, 100, 30, "")
	defer l.close()
	waitFor(t, l.out, 0, "neurons")
}

func TestNewServerRefusesBadOptions(t *testing.T) {
	for _, tweak := range []func(*Options){
		func(o *Options) { o.MaxSessions = -1 },
		func(o *Options) { o.FPS = 121 },
		func(o *Options) { o.TrainCPU = -0.5 },
		func(o *Options) { o.IPRate = math.NaN() },
		func(o *Options) { o.Idle = -time.Second },
		func(o *Options) { o.Config.Batch = 0 },
	} {
		o := DefaultOptions()
		o.HostKey = filepath.Join(t.TempDir(), "host_key")
		tweak(&o)
		_, err := NewServer(o)
		if !errors.As(err, new(OptionError)) {
			t.Errorf("NewServer(%+v): %v, want an OptionError", o, err)
		}
	}
}
