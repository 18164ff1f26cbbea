package tui

import (
	"image/color"

	"charm.land/lipgloss/v2"
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
	// blue below zero, neutral near it, red above; dark to bright.
	Diverging, Sequential []color.Color
	// Neuron colours the boundary lines, one per neuron, cycling.
	Neuron []color.Color
	// Lane colours the runs of a comparison, one per column: Lane for
	// text, LaneSeries the same colours for asciigraph.
	Lane       []lipgloss.Style
	LaneSeries []asciigraph.AnsiColor
}

// levels is the number of colours in each heatmap palette: quantizing keeps
// neighbouring cells identical, so a terminal redraws only what changed.
const levels = 21

// NewStyles returns the styles for a dark or light background.
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
	neutral := ld(c("#f2f2f2"), c("#262626"))
	s.Diverging = lipgloss.Blend1D(levels, ld(c("#08519c"), c("#2b8cbe")), neutral, ld(c("#a50f15"), c("#e34a33")))
	s.Sequential = lipgloss.Blend1D(levels, c("#440154"), c("#21908d"), c("#fde725"))
	s.Neuron = []color.Color{
		ld(c("#000000"), c("#ffffff")), ld(c("#5f005f"), c("#ffd700")), ld(c("#005f00"), c("#00ffaf")),
		ld(c("#00005f"), c("#ff87ff")), ld(c("#5f3700"), c("#87ffff")), ld(c("#5f0000"), c("#d7ff87")),
	}
	s.LaneSeries = []asciigraph.AnsiColor{39, 208, 114, 213, 220, 51}
	if !dark {
		s.LaneSeries = []asciigraph.AnsiColor{25, 166, 28, 127, 136, 30}
	}
	for _, c := range s.LaneSeries {
		s.Lane = append(s.Lane, lipgloss.NewStyle().Bold(true).Foreground(lipgloss.ANSIColor(c)))
	}
	return s
}
