package tui

import (
	"image/color"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/guptarohit/asciigraph"
)

// Styles are the lab's colours and text styles, with semantic names. They
// belong to one session and are rebuilt when the background is known.
type Styles struct {
	Title, Dim, Text, Key, Good, Bad, Warn, Hot lipgloss.Style
	Border                                      lipgloss.Style
	State                                       map[string]lipgloss.Style // neuron states
	// Train, Test and Optimum colour the loss chart's series; Series holds
	// the same colours for asciigraph, then its axis colour.
	Train, Test, Optimum lipgloss.Style
	Series               [4]asciigraph.AnsiColor
	// Diverging and Sequential are the heatmap palettes, lowest first:
	// blue below zero, white at it, red above; dark to bright. They
	// depend on the colour profile (see heatPalettes).
	Diverging, Sequential []color.Color
	// Neuron colours the boundary lines, one per neuron, cycling: dark
	// colours over light heatmap cells, light ones over dark cells.
	Neuron struct{ OnLight, OnDark []color.Color }
	// Lane colours the runs of a comparison, one per column: Lane for
	// text, LaneSeries the same colours for asciigraph.
	Lane       []lipgloss.Style
	LaneSeries []asciigraph.AnsiColor
}

// levels is the number of colours in each heatmap palette: quantizing keeps
// neighbouring cells identical, so a terminal redraws only what changed.
const levels = 21

// NewStyles returns the styles for a dark or light background, with the
// true-colour heatmap palettes.
func NewStyles(dark bool) Styles {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	fg := ld(c("#1c1c1c"), c("#d0d0d0"))
	dim := ld(c("#8a8a8a"), c("#6c6c6c"))
	s := Styles{
		Title:   lipgloss.NewStyle().Bold(true).Foreground(ld(c("#5f00d7"), c("#afafff"))),
		Dim:     lipgloss.NewStyle().Foreground(dim),
		Text:    lipgloss.NewStyle().Foreground(fg),
		Key:     lipgloss.NewStyle().Bold(true).Foreground(ld(c("#005f87"), c("#87d7ff"))),
		Good:    lipgloss.NewStyle().Foreground(ld(c("#008700"), c("#87d787"))),
		Bad:     lipgloss.NewStyle().Bold(true).Foreground(ld(c("#d70000"), c("#ff5f5f"))),
		Warn:    lipgloss.NewStyle().Foreground(ld(c("#af5f00"), c("#ffd75f"))),
		Hot:     lipgloss.NewStyle().Reverse(true).Bold(true),
		Border:  lipgloss.NewStyle().Foreground(ld(c("#b2b2b2"), c("#4e4e4e"))),
		Train:   lipgloss.NewStyle().Foreground(ld(c("#0087af"), c("#5fd7ff"))),
		Test:    lipgloss.NewStyle().Foreground(ld(c("#d75f00"), c("#ffaf5f"))),
		Optimum: lipgloss.NewStyle().Foreground(ld(c("#008700"), c("#87d787"))),
	}
	s.Series = [4]asciigraph.AnsiColor{asciigraph.DeepSkyBlue, 215, 114, asciigraph.DimGray}
	if !dark {
		s.Series = [4]asciigraph.AnsiColor{31, asciigraph.DarkOrange, asciigraph.ForestGreen, asciigraph.DimGray}
	}
	s.State = map[string]lipgloss.Style{
		"alive":     s.Text,
		"weak":      s.Warn,
		"dead":      s.Bad,
		"collapsed": lipgloss.NewStyle().Foreground(ld(c("#af00af"), c("#ff87ff"))),
	}
	s.Diverging, s.Sequential = heatPalettes(colorprofile.TrueColor)
	s.Neuron.OnLight = []color.Color{c("#000000"), c("#5f005f"), c("#005f00"), c("#00005f"), c("#5f3700"), c("#5f0000")}
	s.Neuron.OnDark = []color.Color{c("#ffffff"), c("#ffd700"), c("#00ffaf"), c("#ff87ff"), c("#87ffff"), c("#d7ff87")}
	s.LaneSeries = []asciigraph.AnsiColor{39, 208, 114, 213, 220, 51}
	if !dark {
		s.LaneSeries = []asciigraph.AnsiColor{25, 166, 28, 127, 136, 30}
	}
	for _, c := range s.LaneSeries {
		s.Lane = append(s.Lane, lipgloss.NewStyle().Bold(true).Foreground(lipgloss.ANSIColor(c)))
	}
	return s
}
