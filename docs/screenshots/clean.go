//go:build ignore

// clean rewrites a tmux capture (capture-pane -e -p) on standard input so
// that every line states its colours in full: tmux carries colours from one
// line to the next and resets them with SGR 39 and 49, which freeze v0.2.2
// draws wrongly. The capture is parsed into cells as a terminal would, and
// each line is written with the styles its cells have.
//
//	tmux capture-pane -e -p -t pane | go run docs/screenshots/clean.go W H
package main

import (
	"fmt"
	"io"
	"os"
	"strconv"

	uv "github.com/charmbracelet/ultraviolet"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: clean W H < capture")
		os.Exit(2)
	}
	w, err1 := strconv.Atoi(os.Args[1])
	h, err2 := strconv.Atoi(os.Args[2])
	in, err3 := io.ReadAll(os.Stdin)
	if err1 != nil || err2 != nil || err3 != nil {
		fmt.Fprintln(os.Stderr, "clean: want a width, a height and a capture on standard input")
		os.Exit(2)
	}
	buf := uv.NewScreenBuffer(w, h)
	uv.NewStyledString(string(in)).Draw(buf, buf.Bounds())
	for y := range h {
		fmt.Println(buf.Line(y).Render() + "\x1b[m")
	}
}
