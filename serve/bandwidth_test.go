package serve

import (
	"syscall"
	"testing"
	"time"
)

// BenchmarkSSHBandwidth measures the bytes a default session sends to a
// 120×40, 256-colour terminal over its first minute: the lab trains at its
// default speed and the client presses no key.
//
//	go test ./serve -run '^$' -bench SSHBandwidth -benchtime 1x
func BenchmarkSSHBandwidth(b *testing.B) { sshRate(b, "", "") }

// BenchmarkSSHTrialsBandwidth measures what a session of trials costs:
// the client presses t (32 seeds at the trials' speed of 20 epochs a
// frame), and from the first screen of the trials on, for a minute.
//
//	go test ./serve -run '^$' -bench SSHTrialsBandwidth -benchtime 1x
func BenchmarkSSHTrialsBandwidth(b *testing.B) { sshRate(b, "t", "found the pyramid") }

// sshRate opens a session in a 120×40, 256-colour terminal and reports
// over its first minute the bytes sent to the client a second and the CPU
// time of the process (server and client) a second; with keys, it types
// them and counts the minute after shown is on the screen.
func sshRate(b *testing.B, keys, shown string) {
	_, addr := testServer(b, nil)
	for b.Loop() {
		l := openLab(b, addr, 120, 40, "")
		start := 0 // the first minute, first screen included
		if keys != "" {
			l.in.Write([]byte(keys))
			waitFor(b, l.out, 0, shown)
			start = l.out.len()
		}
		cpu := cpuSeconds()
		time.Sleep(time.Minute)
		n, used := l.out.len()-start, cpuSeconds()-cpu
		l.close()
		b.ReportMetric(float64(n)/60/1000, "KB/s")
		b.ReportMetric(used/60, "cpu-s/s")
	}
}

// cpuSeconds returns the CPU time the process has used, user and system.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
