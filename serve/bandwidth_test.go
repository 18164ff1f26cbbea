package serve

import (
	"testing"
	"time"
)

// BenchmarkSSHBandwidth measures the bytes a default session sends to a
// 120×40, 256-colour terminal over its first minute: the lab trains at its
// default speed and the client presses no key.
//
//	go test ./serve -run '^$' -bench SSHBandwidth -benchtime 1x
func BenchmarkSSHBandwidth(b *testing.B) {
	_, addr := testServer(b, nil)
	for b.Loop() {
		l := openLab(b, addr, 120, 40, "")
		time.Sleep(time.Minute)
		n := l.out.len()
		l.close()
		b.ReportMetric(float64(n)/60/1000, "KB/s")
	}
}
