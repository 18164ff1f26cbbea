package main

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// TestCleanDrawsAsTheTerminal checks that freeze, reading clean's output,
// gives every cell the colours a terminal gives it from the capture: tmux's
// colours carried over a line break, its resets with 49 and 39 (before the
// fix, the background of a heatmap's last cell ran on over its border), a
// 256-colour index in the colon form (48:5:30, which freeze reads as the
// foreground black 30), basic backgrounds, reverse video, bold and RGB.
func TestCleanDrawsAsTheTerminal(t *testing.T) {
	const w, h = 8, 4
	capture := "\x1b[38;5;30m\x1b[48;5;30m▀▀\x1b[38;5;36m▀\x1b[49m│\x1b[39m x\n" +
		"▀\x1b[48:5:30m▀\x1b[38:5:24m▀\x1b[0m \x1b[44mb\x1b[49m\x1b[31m r\n" +
		"\x1b[7m rev\x1b[38;5;196m e\x1b[48;5;16mx\x1b[27;1m!\n" +
		"\x1b[38;2;1;2;3;48;2;250;128;0m⏸\x1b[0m.\x1b[48;5;38m \x1b[48;5;48m \x1b[m"
	term := cellsOf(capture, w, h)
	got := cellsOf(strings.Join(clean(capture, w, h), "\n"), w, h) // the text, as a check of the cells' places
	lines := clean(capture, w, h)
	for y, l := range lines {
		drawn, err := freezeReads(l)
		if err != "" {
			t.Errorf("line %d: %s in %q", y, err, l)
			continue
		}
		x := 0
		for _, c := range term[y] {
			if x >= len(drawn) {
				t.Errorf("line %d: freeze draws %d cells, the terminal %d", y, len(drawn), len(term[y]))
				break
			}
			if want := c.colours(); drawn[x] != want {
				t.Errorf("line %d cell %d %q: freeze draws %v, the terminal %v\n%q", y, x, c.text, drawn[x], want, l)
			}
			x++
		}
		for x, c := range got[y] {
			if c.text != term[y][x].text {
				t.Errorf("line %d cell %d: %q, want %q", y, x, c.text, term[y][x].text)
			}
		}
	}
	if !strings.Contains(lines[0], "\x1b[0;38;5;30;48;5;30m▀▀") || !strings.HasSuffix(lines[0], "\x1b[0m") {
		t.Errorf("line 0 is not written from resets: %q", lines[0])
	}
}

// cell is a character on screen and its style.
type cell struct {
	text  string
	style uv.Style
}

// colours returns the foreground and background a terminal shows c in,
// named as freezeReads names them.
func (c cell) colours() [2]string {
	fg, bg := name(c.style.Fg), name(c.style.Bg)
	if c.style.Attrs&uv.AttrReverse != 0 {
		fg, bg = bg, fg
		if fg == "" {
			fg = name(freezeBg)
		}
		if bg == "" {
			bg = name(freezeFg)
		}
	}
	return [2]string{fg, bg}
}

// name names a colour: its index for basic and 256 colours, else its RGB.
func name(c color.Color) string {
	switch c := c.(type) {
	case nil:
		return ""
	case ansi.BasicColor:
		return fmt.Sprintf("%d", c)
	case ansi.IndexedColor:
		return fmt.Sprintf("%d", c)
	}
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

// cellsOf parses s as a terminal of w×h cells would and returns its cells,
// line by line, wide characters once.
func cellsOf(s string, w, h int) [][]cell {
	buf := uv.NewScreenBuffer(w, h)
	uv.NewStyledString(s).Draw(buf, buf.Bounds())
	out := make([][]cell, h)
	for y := range h {
		for x := range w {
			if c := buf.CellAt(x, y); c != nil && c.Width > 0 {
				out[y] = append(out[y], cell{c.Content, c.Style})
			}
		}
	}
	return out
}

// freezeReads returns the colours freeze v0.2.2 (ansi.go, CsiDispatch)
// gives each character of one line: a foreground and a background named
// as name names them. A sequence it would draw otherwise than a terminal
// (39, 49, 40–47, reverse, the colon form, the basic foregrounds of its own
// palette) is an error.
func freezeReads(line string) ([][2]string, string) {
	var out [][2]string
	var fg, bg string
	for len(line) > 0 {
		if !strings.HasPrefix(line, "\x1b[") {
			r := []rune(line)[0]
			out = append(out, [2]string{fg, bg})
			line = line[len(string(r)):]
			continue
		}
		end := strings.IndexByte(line, 'm')
		params := line[2:end]
		line = line[end+1:]
		if strings.Contains(params, ":") {
			return nil, "a colon form"
		}
		ps := strings.Split(params, ";")
		for i := 0; i < len(ps); i++ {
			switch ps[i] {
			case "", "0":
				fg, bg = "", ""
			case "1":
			case "38", "48":
				which := ps[i]
				var c string
				switch {
				case i+2 < len(ps) && ps[i+1] == "5":
					c, i = ps[i+2], i+2
				case i+4 < len(ps) && ps[i+1] == "2":
					r, _ := strconv.Atoi(ps[i+2])
					g, _ := strconv.Atoi(ps[i+3])
					b, _ := strconv.Atoi(ps[i+4])
					c, i = fmt.Sprintf("#%02x%02x%02x", r, g, b), i+4
				default:
					return nil, "a broken colour " + params
				}
				if which == "38" {
					fg = c
				} else {
					bg = c
				}
			default:
				return nil, "SGR " + ps[i] + ", which freeze does not draw as a terminal does"
			}
		}
	}
	return out, ""
}
