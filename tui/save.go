package tui

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"relulab/train"
)

// write saves each target run (ext ".json") or exports its loss history
// (".csv") to a new file in the save directory: it encodes them now and
// returns the command that writes the files, whose savedMsg logs the
// paths. With saving off it says so and offers the configuration string
// instead.
func (a *App) write(ext string) tea.Cmd {
	if a.opts.SaveDir == "" {
		a.log("saving is off on this server; y copies the configuration string instead: " + a.current.run.Config().String())
		a.render()
		return nil
	}
	type file struct {
		label, stem string // label names the run's column, in a comparison
		data        []byte
		err         error
	}
	var files []file
	for _, l := range a.targets() {
		data, err := a.encode(l, ext)
		files = append(files, file{a.labelled(l, ""), fileStem(l.run), data, err})
	}
	dir, what := a.opts.SaveDir, map[string]string{".json": "saved the run to ", ".csv": "exported the loss history to "}[ext]
	return func() tea.Msg {
		var msg savedMsg
		for _, f := range files {
			path, err := "", f.err
			if err == nil {
				path, err = writeNew(dir, f.stem, ext, f.data)
			}
			if err != nil {
				msg = append(msg, f.label+"could not write: "+err.Error())
				continue
			}
			msg = append(msg, f.label+what+path)
		}
		return msg
	}
}

// savedMsg says what the command of write wrote, or why it could not: a
// line for the events per run.
type savedMsg []string

// encode returns the run of l as a saved run (ext ".json") or its loss
// history as CSV (".csv").
func (a *App) encode(l *lane, ext string) ([]byte, error) {
	if ext == ".json" {
		return l.run.Save(a.savedEvents())
	}
	var b bytes.Buffer
	err := train.WriteHistoryCSV(&b, train.HistoryRows(l.snap.History, a.savedEvents()), nil)
	return b.Bytes(), err
}

// fileStem names the files of a run: its activation, optimizer, seed and
// epoch.
func fileStem(run *train.Trainer) string {
	c := run.Config()
	return fmt.Sprintf("relulab-%s-%s-seed%d-e%d", c.Act, c.Opt.Name, c.Seed, run.Epoch())
}

// writeNew writes data atomically to a file in dir named stem+ext, or
// stem-2+ext and so on if that exists: it never replaces a file.
func writeNew(dir, stem, ext string, data []byte) (string, error) {
	for i := 1; i <= 100; i++ {
		name := stem + ext
		if i > 1 {
			name = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		path := filepath.Join(dir, name)
		err := train.WriteNewFileAtomic(path, data, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			return path, err
		}
	}
	return "", fmt.Errorf("%s: a hundred files named %s already", dir, stem)
}

// copyConfig copies the configuration string of each target run to the
// clipboard, with OSC 52 (which works over SSH too), and logs it.
func (a *App) copyConfig() tea.Cmd {
	var cs []string
	for _, l := range a.targets() {
		cs = append(cs, l.run.Config().String())
	}
	text := strings.Join(cs, "\n")
	a.log("copied to the clipboard: " + strings.Join(cs, " | "))
	a.render()
	return tea.SetClipboard(text)
}
