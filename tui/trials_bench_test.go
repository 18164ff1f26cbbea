package tui

import (
	"io"
	"runtime"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"relulab/train"
)

// BenchmarkTrialsRender measures drawing the trials view of 256 runs at
// epoch 200 at 200×60: 256 curves, the tally and 64 thumbnails, each
// thumbnail's surface computed anew as when the runs have moved on.
//
//	go test ./tui -run '^$' -bench 'Trials(Render|View)' -benchmem
func BenchmarkTrialsRender(b *testing.B) {
	a := newTestTrials(b, 256, 200, 60, 200)
	if n := a.trials.gallery.rows * a.trials.gallery.perRow; n < 64 {
		b.Fatalf("the gallery shows %d thumbnails", n)
	}
	cpu := cpuTime()
	for b.Loop() {
		for _, l := range a.trials.groups[0].lanes {
			l.snap.Epoch = -1 // stale: the next render computes its surface
		}
		a.render()
	}
	reportCPU(b, cpu)
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per op since start: on a busy machine
// the wall time of ns/op counts other processes' turns too.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkTrialsView measures View of the same: the screen rendered when
// the data last changed.
func BenchmarkTrialsView(b *testing.B) {
	a := newTestTrials(b, 256, 200, 60, 200)
	for b.Loop() {
		_ = a.View()
	}
}

// until runs a lab until its runs reach an epoch, then quits.
type until struct {
	*App
	epoch int
}

func (u until) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := u.App.Update(msg)
	if u.App.epoch() >= u.epoch {
		return u, tea.Quit
	}
	return u, cmd
}

// BenchmarkTrials32x3000 runs relulab trials on 32 seeds at full speed in
// a Bubble Tea program at 120×40, with the real clock and frame rate,
// until every run has trained 3000 epochs: the wall time a user waits.
//
//	go test ./tui -run '^$' -bench Trials32x3000 -benchtime 3x
func BenchmarkTrials32x3000(b *testing.B) {
	seeds := make([]uint64, 32)
	for i := range seeds {
		seeds[i] = uint64(i + 1)
	}
	cpu := cpuTime()
	for b.Loop() {
		a, err := NewTrials(train.DefaultConfig(), seeds, "", Options{})
		if err != nil {
			b.Fatal(err)
		}
		a.speed = len(speeds) - 1 // full speed
		p := tea.NewProgram(until{a, 3000}, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithWindowSize(120, 40))
		if _, err := p.Run(); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkTrialsMemory reports the heap that 256 runs hold after 3000
// epochs (MB), and of it what their histories and records take
// (history-MB: the growth from epoch 0; both are bounded, see
// train.History and train.TrialRecord).
//
//	go test ./tui -run '^$' -bench TrialsMemory -benchtime 1x
func BenchmarkTrialsMemory(b *testing.B) {
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for b.Loop() {
		before := heap()
		a := newTestTrials(b, 256, 200, 60, 0)
		start := heap()
		a.train(3000)
		a.refresh()
		end := heap()
		b.ReportMetric(float64(end-before)/1e6, "MB")
		b.ReportMetric(float64(end-start)/1e6, "history-MB")
		runtime.KeepAlive(a)
	}
}
