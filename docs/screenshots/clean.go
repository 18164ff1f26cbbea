// Command clean rewrites a tmux capture (capture-pane -e -p) on standard
// input in the few SGR sequences that freeze v0.2.2 draws. tmux carries
// colours from one line to the next and resets them with SGR 39 and 49;
// freeze ignores 39, 49, 40–47 and reverse video, and reads the colon form
// 38:5:n as the basic colour n, so that a background runs on past its
// cells and colours turn to black. The capture is parsed into cells as a
// terminal would, and every change of style is written from a reset,
// stating the style in full: 0, then 1 for bold, then the foreground and
// background as 38;5;n / 48;5;n (basic colours by their index) or
// 38;2;r;g;b / 48;2;r;g;b. Reverse video swaps the two, a missing one
// taking freeze's default colour.
//
//	tmux capture-pane -e -p -t pane | go run docs/screenshots/clean.go W H
package main

import (
	"fmt"
	"image/color"
	"io"
	"os"
	"strconv"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: clean W H < capture")
		os.Exit(2)
	}
	w, err1 := strconv.Atoi(os.Args[1])
	h, err2 := strconv.Atoi(os.Args[2])
	in, err3 := io.ReadAll(os.Stdin)
	if err1 != nil || err2 != nil || err3 != nil || w <= 0 || h <= 0 {
		fmt.Fprintln(os.Stderr, "clean: want a positive width and height and a capture on standard input")
		os.Exit(2)
	}
	for _, l := range clean(string(in), w, h) {
		fmt.Println(l)
	}
}

// The colours freeze v0.2.2 draws text and the page in when a sequence
// sets none.
var (
	freezeFg = color.RGBA{0xc4, 0xc4, 0xc4, 0xff}
	freezeBg = color.RGBA{0x17, 0x17, 0x17, 0xff}
)

// clean returns the h lines of a w×h screen drawn from capture, each
// ending in a reset, with every change of style written by sgr.
func clean(capture string, w, h int) []string {
	buf := uv.NewScreenBuffer(w, h)
	uv.NewStyledString(capture).Draw(buf, buf.Bounds())
	out := make([]string, h)
	for y := range h {
		var b strings.Builder
		last := ""
		for x := range w {
			c := buf.CellAt(x, y)
			if c == nil || c.Width == 0 { // the right half of a wide character
				continue
			}
			if s := sgr(c.Style); s != last {
				b.WriteString(s)
				last = s
			}
			if c.Content == "" {
				b.WriteByte(' ')
			} else {
				b.WriteString(c.Content)
			}
		}
		out[y] = b.String() + "\x1b[0m"
	}
	return out
}

// sgr returns the sequence that sets style s from a reset.
func sgr(s uv.Style) string {
	fg, bg := s.Fg, s.Bg
	if s.Attrs&uv.AttrReverse != 0 {
		fg, bg = bg, fg
		if fg == nil {
			fg = freezeBg
		}
		if bg == nil {
			bg = freezeFg
		}
	}
	p := "0"
	if s.Attrs&uv.AttrBold != 0 {
		p += ";1"
	}
	if fg != nil {
		p += ";" + colour(38, fg)
	}
	if bg != nil {
		p += ";" + colour(48, bg)
	}
	return "\x1b[" + p + "m"
}

// colour returns the parameters that set c as the foreground (base 38) or
// background (48): by its index for basic and 256 colours, else by RGB.
func colour(base int, c color.Color) string {
	switch c := c.(type) {
	case ansi.BasicColor:
		return fmt.Sprintf("%d;5;%d", base, c)
	case ansi.IndexedColor:
		return fmt.Sprintf("%d;5;%d", base, c)
	}
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("%d;2;%d;%d;%d", base, r>>8, g>>8, b>>8)
}
