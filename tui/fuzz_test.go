package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"relulab/train"
)

// FuzzUpdate feeds a lab random messages: keys, window sizes and mouse
// events, decoded from the input bytes. Nothing may panic, and the screen
// never has more lines than the window.
func FuzzUpdate(f *testing.F) {
	f.Add([]byte(" nnnoaAhHHHHHbdm?g+++++r"))
	f.Add([]byte{0xff, 0, 0, 0xfe, 200, 200, 0xfd, 3, 4, 'q'})
	f.Add([]byte("hhhhhhhhhhhhhhhhhhhhmmmmmmmmmmmmmmmmmm"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := New(train.DefaultConfig(), Options{Paused: true, FPS: 30})
		if err != nil {
			t.Fatal(err)
		}
		a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		for i := 0; i < len(data); i++ {
			switch b := data[i]; {
			case b == 0xff && i+2 < len(data): // a window size
				a.Update(tea.WindowSizeMsg{Width: int(data[i+1]) * 3, Height: int(data[i+2])})
				i += 2
			case b == 0xfe && i+2 < len(data): // the mouse moves
				a.Update(tea.MouseMotionMsg{X: int(data[i+1]), Y: int(data[i+2])})
				i += 2
			case b == 0xfd && i+2 < len(data): // a click
				a.Update(tea.MouseClickMsg{X: int(data[i+1]), Y: int(data[i+2])})
				i += 2
			case b == 0xfc:
				a.Update(tickMsg{a.gen})
			default:
				a.Update(tea.KeyPressMsg{Code: rune(b), Text: string(rune(b))})
			}
		}
		_ = a.View()
	})
}
