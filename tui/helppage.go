package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// basinHelp explains each basin of three ReLUs in one line: its
// population MSE on uniform data (train/basin.go) and what the error map
// f − |x+iy| shows, red where the network is too high, blue where too low.
var basinHelp = [][3]string{
	{"pyramid", "1.04e-3", "the optimum: 3 lines through 0, 120° apart; a six-lobed star"},
	{"diamond", "3.93e-3", "2 lines through 0, 90° apart, 1 linear; a four-lobed cross"},
	{"valley", "4.2e-2", "a function of one direction: bands along one axis"},
	{"corner", "5.03e-2", "2 off-origin ramps 90° apart: one quadrant fits, the rest not"},
	{"ramp", "6.78e-2", "one effective bend: a half-plane tilts, the other stays flat"},
	{"flat", "8.11e-2", "no bend, a constant: rings, red centre, blue rim"},
	{"antipodal", "", "two normals opposite (w and −w): together a V, as in a valley"},
}

// helpGroups names the groups of FullHelp, in its order.
var helpGroups = []string{"run", "configuration", "view, files and quitting", "compare (c starts one)", "hands on the network (lab view)"}

// helpContent returns every line of the help page for a width of w cells:
// every key by concern, in as many columns as fit, then the basins.
func (a *App) helpContent(w int) []string {
	st := a.styles
	kw, dw := 0, 0
	for _, g := range a.helpKeys().FullHelp() {
		for _, b := range g {
			kw, dw = max(kw, ansi.StringWidth(b.Help().Key)), max(dw, ansi.StringWidth(b.Help().Desc))
		}
	}
	colW := kw + 1 + dw + 3
	cols := max(1, w/colW)
	var out []string
	for i, g := range a.helpKeys().FullHelp() {
		out = append(out, st.Title.Render(helpGroups[i]))
		for r := 0; r < len(g); r += cols {
			var b strings.Builder
			for _, k := range g[r:min(r+cols, len(g))] {
				b.WriteString(" " + st.Key.Render(pad(k.Help().Key, kw)) + " " + st.Text.Render(pad(k.Help().Desc, dw+1)))
			}
			out = append(out, fit(b.String(), w))
		}
	}
	out = append(out, "", st.Title.Render("basins of three ReLUs: held-out MSE on uniform data, and the error map"))
	for _, b := range basinHelp {
		out = append(out, fit(" "+st.Key.Render(pad(b[0], 10))+st.Text.Render(pad(b[1], 8))+st.Dim.Render(b[2]), w))
	}
	out = append(out, "")
	for _, hint := range []string{modesHint, knobsHint, recipeHint} {
		for _, l := range strings.Split(ansi.Wordwrap(hint, w, ""), "\n") {
			out = append(out, fit(st.Dim.Render(l), w))
		}
	}
	return out
}

// modesHint tells, in the help, what m shows in turn.
const modesHint = "m: the error, output, target, |error|; the loss landscape, the held-out MSE on the plane of the run's path (PCA, Li et al. 2018) on a log colour scale, • the path, ● the weights now; f along six rays against |p| (the pyramid: six straight lines); each neuron's activation. On the heatmap each neuron's boundary line is marked with its number; those of neurons 10 and up with a, b, c…"

// knobsHint tells, in the help, what k changes as the run trains.
const knobsHint = "k: l1, l2, dropout, repel, learning-rate schedule, horizon, revive and the recipes, changed at the next step; the weights stay."

// recipeHint tells, in the help, how to make the network converge.
const recipeHint = "Rarely the pyramid? relulab --recipe reliable makes 3 ReLUs find it almost every time: docs/convergence.md says why."

// helpPage returns the help page shown in w×h cells: the lines of its
// page and a footer that says how to page or close it. It clamps the
// lab's page to the pages there are.
func (a *App) helpPage(w, h int) []string {
	all := a.helpContent(w)
	rows := max(h-1, 1)
	pages := (len(all) + rows - 1) / rows
	a.helpAt = min(a.helpAt, pages-1)
	lines := all[a.helpAt*rows : min(len(all), (a.helpAt+1)*rows)]
	for len(lines) < rows {
		lines = append(lines, "")
	}
	foot := "? or esc closes the help"
	if pages > 1 {
		foot = fmt.Sprintf("help page %d of %d · ? next page · esc closes", a.helpAt+1, pages)
		if a.helpAt == pages-1 {
			foot = fmt.Sprintf("help page %d of %d · ? or esc closes", a.helpAt+1, pages)
		}
	}
	a.helpPages = pages
	return append(lines, fit(a.styles.Key.Render(foot), w))
}

// helpKey acts on a key while the help is open and reports whether that
// was all it did: ? turns the page, or closes the help after the last
// page; esc closes it; any other key closes it and then acts.
func (a *App) helpKey(msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, a.keys.Help) && a.helpAt+1 < a.helpPages:
		a.helpAt++
		return true
	case key.Matches(msg, a.keys.Help) || msg.String() == "esc":
		a.helpOpen = false
		return true
	}
	a.helpOpen = false
	return false
}

// renderHelpPage draws the help page between the header and the events
// line, in the lab and in a comparison.
func (a *App) renderHelpPage(helpText string, helpLines int) {
	if a.w < minWidth || a.h < minHeight {
		a.screen = tooSmall(a.styles, a.w, a.h)
		return
	}
	lines := a.header()
	if a.comparing() {
		lines = a.compareHeader(a.labels())
	}
	lines = append(lines, a.helpPage(a.w, a.h-3-helpLines)...)
	lines = append(lines, a.eventsLine())
	lines = append(lines, strings.Split(helpText, "\n")...)
	a.screen = strings.Join(lines, "\n")
}

// pad pads s with spaces to w cells.
func pad(s string, w int) string {
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}
