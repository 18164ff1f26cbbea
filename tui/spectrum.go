package tui

import (
	"fmt"
	"math"
	"strings"

	"relulab/train"
)

// spectrumSignals is the number of held-out signals whose spectra the
// spectrum panel draws, as far as they fit.
const spectrumSignals = 3

// spectrumPanel draws the right panel of --task spectrum:N: each bin's
// held-out MSE as a number and a bar, the bars scaled to the worst bin,
// and the shape the DFT-basis reading gives the bin (see
// train.DiagnoseSpectrum), the chosen bin marked ▸; below, as far as they
// fit, the targets and the network's outputs for a few held-out signals,
// bin by bin (see train.Spectra).
func (a *App) spectrumPanel(l layout) []string {
	st, cur := a.styles, a.current
	s := cur.snap
	w, h := l.heat.w-2, l.heat.h-2
	n := s.Config.Task.Spectrum()
	shapes := make([]string, n/2+1)
	if r, err := train.DiagnoseSpectrum(n, s.Neurons); err == nil {
		for k, b := range r.Bins {
			shapes[k] = string(b.Shape)
		}
	}
	worst := 0.0
	for _, v := range s.OutputMSE {
		worst = max(worst, v)
	}
	var lines []string
	lo, hi := binWindow(len(s.OutputMSE), a.binOf(n), h)
	for k, v := range s.OutputMSE[:hi] {
		if k < lo {
			continue
		}
		mark := " "
		if k == a.binOf(n) {
			mark = "▸"
		}
		text := fmt.Sprintf("%sbin %-2d%s %9s %-8s ", mark, k, binSuffix(k, n), sci(v), shapes[k])
		bar := ""
		if room := w - len([]rune(text)); room > 0 && worst > 0 && v == v {
			bar = strings.Repeat("█", int(float64(room)*v/worst+0.5))
		}
		lines = append(lines, fit(st.Text.Render(text)+st.Bad.Render(bar), w))
	}
	if hi-lo < len(s.OutputMSE) {
		lines = append(lines, fit(st.Dim.Render(fmt.Sprintf(" bins %d–%d of 0–%d · , and . choose the bin", lo, hi-1, len(s.OutputMSE)-1)), w))
	}
	if cur.spectra == nil {
		cur.spectra = train.NewSpectra(spectrumSignals)
		cur.spectra.Compute(s)
	}
	lines = append(lines, a.signalLines(w, h-len(lines)-1)...)
	if len(lines) < h {
		lines = append(lines, "", fit(st.Dim.Render("bars: MSE ÷ the worst bin's · ▁…█: |X_k|, one scale"), w))
	}
	return box(st, " bins: held-out MSE · spectra of held-out signals ", lines[:min(len(lines), h)], l.heat.w, l.heat.h, 0)
}

// binWindow returns the bins lo … hi−1 of total that the spectrum panel
// lists in h lines: all of them if they fit, else h − 1 of them around the
// chosen bin, the last line saying which.
func binWindow(total, chosen, h int) (lo, hi int) {
	if total <= h {
		return 0, total
	}
	rows := max(h-1, 1)
	lo = min(max(chosen-rows/2, 0), total-rows)
	return lo, lo + rows
}

// binSuffix names the real bins: DC and Nyquist.
func binSuffix(k, n int) string {
	switch {
	case k == 0:
		return " DC "
	case 2*k == n:
		return " Nyq"
	}
	return "    "
}

// signalLines draws, in at most h lines w wide, a blank line, a head of
// the bins and two lines per held-out signal: its targets and the
// network's outputs, each bin as a level ▁…█ and, where there is room,
// the value. An output more than a tenth of the top value off its target
// is drawn in the bad colour.
func (a *App) signalLines(w, h int) []string {
	st, p := a.styles, a.current.spectra
	count := min(len(p.Target), (h-2)/2)
	if count <= 0 {
		return nil
	}
	top := 0.0
	for i := range count {
		for k := range p.Target[i] {
			top = max(top, p.Target[i][k], p.Out[i][k])
		}
	}
	const label = 11
	bins := len(p.Target[0])
	cell := 2 // a level and a space
	if label+7*bins <= w {
		cell = 7 // a level, the value and a space
	}
	glyph := func(v float64) string {
		if top <= 0 || math.IsNaN(v) {
			return " "
		}
		return string(sparkLevels[min(max(int(v/top*float64(len(sparkLevels)-1)+0.5), 0), len(sparkLevels)-1)])
	}
	var head strings.Builder
	head.WriteString(fmt.Sprintf("%-*s", label, "signal bin "))
	for k := range bins {
		head.WriteString(fmt.Sprintf("%-*d", cell, k))
	}
	lines := []string{"", fit(st.Dim.Render(head.String()), w)}
	row := func(name string, vs, ref []float64) string {
		var b strings.Builder
		b.WriteString(st.Dim.Render(fmt.Sprintf("%-*s", label, name)))
		for k, v := range vs {
			text := glyph(v)
			if cell == 7 {
				text += fmt.Sprintf("%5.2f ", v)
			} else {
				text += " "
			}
			style := st.Text
			if ref != nil && !(math.Abs(v-ref[k]) <= 0.1*top) {
				style = st.Bad
			}
			b.WriteString(style.Render(text))
		}
		return fit(b.String(), w)
	}
	for i := range count {
		lines = append(lines, row(fmt.Sprintf("%d target", i+1), p.Target[i], nil), row("  net", p.Out[i], p.Target[i]))
	}
	return lines
}

// sparkLevels draw a value from 0 to the top in eight levels.
var sparkLevels = []rune("▁▂▃▄▅▆▇█")

// binOf returns the complex bin of a spectrum of n samples whose plane the
// heatmaps show: the chosen one, 1 … n/2 − 1.
func (a *App) binOf(n int) int { return min(max(a.bin, 1), max(n/2-1, 1)) }

// planeNote says, before a heatmap's scale, which plane the heatmap of g
// shows for --task spectrum:N: that of bin g.Bin (see train.Surface.Bin);
// for other tasks nothing.
func planeNote(c train.Config, g *train.Surface) string {
	if n := c.Task.Spectrum(); n > 0 && g != nil {
		return fmt.Sprintf("bin %d plane · ", surfaceBin(g.Bin, n))
	}
	return ""
}

// surfaceBin returns the bin a surface of bin k shows for a spectrum of n
// samples: k if it is complex, else 1 (see train.Surface.Bin).
func surfaceBin(k, n int) int {
	if k < 1 || k >= n/2 {
		return 1
	}
	return k
}

// showBins puts the surfaces of the lab's runs of the amplitude spectrum
// on the plane of the chosen bin.
func (a *App) showBins() {
	for _, l := range a.lanes {
		if n := l.snap.Config.Task.Spectrum(); n > 0 {
			l.showBin(a.binOf(n))
		}
	}
}

// showBin puts the lane's surface on the plane of bin k, computing it
// anew if the bin changed.
func (l *lane) showBin(k int) {
	l.bin = k
	if l.surface != nil && l.surface.Bin != k {
		l.surface.Bin = k
		l.surface.Compute(l.snap)
	}
}

// binTitle names the lab's heatmap of bin k's plane.
func binTitle(k int) string {
	return fmt.Sprintf("bin %d: error over its plane · ,/. bin", k)
}

// planeNeurons returns the first-layer neurons of a network of n inputs
// as lines in bin k's plane, where the signal x·Re_k + y·Im_k gives unit
// j the pre-activation x·(w·Re_k) + y·(w·Im_k) + b: those that serve bin
// k (see train.SpectralUnit.Serves) with W = (w·Re_k, w·Im_k) and their
// angle, the others with a NaN angle, which draws no line.
func planeNeurons(n, k int, ns []train.Neuron) []train.Neuron {
	us, err := train.SpectralUnits(n, ns)
	out := make([]train.Neuron, len(ns))
	for j, nu := range ns {
		out[j] = train.Neuron{Layer: nu.Layer, Index: nu.Index, B: nu.B, Angle: math.NaN(), Offset: math.NaN()}
		if err != nil || nu.Layer != 0 || j >= len(us) {
			continue
		}
		if u := us[j]; u.Serves() && u.Bin == k {
			out[j].W, out[j].Angle, out[j].Offset = []float64{u.Re, u.Im}, u.Angle, u.Offset
		}
	}
	return out
}
