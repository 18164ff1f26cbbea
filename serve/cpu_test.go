package serve

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/log/v2"
)

// TestMain lets the test binary be a lab server of its own, in a process
// of its own, for BenchmarkServerCPU: RELULAB_SERVE=addr,train-cpu.
func TestMain(m *testing.M) {
	if spec := os.Getenv("RELULAB_SERVE"); spec != "" {
		addr, cpu, _ := strings.Cut(spec, ",")
		o := DefaultOptions()
		o.Addr, o.HostKey, o.IPBurst, o.Log = addr, filepath.Join(os.TempDir(), "relulab-bench-host-key"), 256, log.New(os.Stderr)
		o.TrainCPU, _ = strconv.ParseFloat(cpu, 64)
		s, err := NewServer(o)
		if err == nil {
			err = s.ListenAndServe()
		}
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// BenchmarkServerCPU runs a server in a process of its own with
// --train-cpu 0.3, opens 16 sessions at 120×40 at full speed, and reports
// the cores the whole server process uses over 20 s: training, drawing,
// and SSH. Linux only (it reads /proc).
//
//	go test ./serve -run '^$' -bench ServerCPU -benchtime 1x
func BenchmarkServerCPU(b *testing.B) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		b.Skip("reads /proc")
	}
	const sessions, trainCPU = 16, 0.3
	for b.Loop() {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		srv := exec.Command(os.Args[0])
		srv.Env = append(os.Environ(), fmt.Sprintf("RELULAB_SERVE=%s,%v", addr, trainCPU))
		if err := srv.Start(); err != nil {
			b.Fatal(err)
		}
		var labs []*lab
		for start := time.Now(); len(labs) < sessions; {
			l, err := startLab("127.0.0.1", addr, 120, 40, "")
			if err != nil && time.Since(start) > 10*time.Second {
				b.Fatal(err)
			} else if err == nil {
				labs = append(labs, l)
			}
		}
		for _, l := range labs {
			waitFor(b, l.out, 0, "neurons")
			l.in.Write([]byte("+++++++++"))
		}
		time.Sleep(5 * time.Second)
		t0, w0 := cpuTicks(srv.Process.Pid), time.Now()
		time.Sleep(20 * time.Second)
		t1, w1 := cpuTicks(srv.Process.Pid), time.Now()
		b.ReportMetric(float64(t1-t0)/100/w1.Sub(w0).Seconds(), "cores")
		for _, l := range labs {
			l.close()
		}
		srv.Process.Kill()
		srv.Wait()
	}
}

// cpuTicks returns the user and system CPU time of process pid, in the
// kernel's ticks of 1/100 s.
func cpuTicks(pid int) int {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	f := strings.Fields(string(b)[strings.LastIndex(string(b), ")")+2:])
	user, _ := strconv.Atoi(f[11])
	sys, _ := strconv.Atoi(f[12])
	return user + sys
}
