package tui

import (
	"fmt"
	"strings"

	"relulab/train"
)

// spectrumPanel draws the right panel of --task spectrum:N until its own
// view exists: each bin's held-out MSE as a number and a bar, the bars
// scaled to the worst bin, and the shape the DFT-basis reading gives the
// bin (see train.DiagnoseSpectrum).
func (a *App) spectrumPanel(l layout) []string {
	st, s := a.styles, a.current.snap
	w := l.heat.w - 2
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
	for k, v := range s.OutputMSE {
		label := fmt.Sprintf("bin %-2d", k)
		switch {
		case k == 0:
			label += " DC "
		case 2*k == n:
			label += " Nyq"
		default:
			label += "    "
		}
		text := fmt.Sprintf("%s %9s %-8s ", label, sci(v), shapes[k])
		bar := ""
		if room := w - len([]rune(text)); room > 0 && worst > 0 && v == v {
			bar = strings.Repeat("█", int(float64(room)*v/worst+0.5))
		}
		lines = append(lines, fit(st.Text.Render(text)+st.Bad.Render(bar), w))
	}
	lines = append(lines, "", fit(st.Dim.Render("bars: MSE, scaled to the worst bin"), w))
	return box(st, " held-out MSE per bin ", lines, l.heat.w, l.heat.h, 0)
}

// planeNote says, before a heatmap's scale, which plane a heatmap of
// --task spectrum:N shows: that of bin 1 (see train.Surface.Bin); for
// other tasks nothing.
func planeNote(c train.Config) string {
	if c.Task.Spectrum() > 0 {
		return "bin 1 plane · "
	}
	return ""
}
