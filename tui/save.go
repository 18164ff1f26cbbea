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
// (".csv") to a new file in the save directory, and logs the path; with
// saving off it says so and offers the configuration string instead.
func (a *App) write(ext string) {
	if a.opts.SaveDir == "" {
		a.log("saving is off on this server; y copies the configuration string instead: " + a.run.Config().String())
		a.render()
		return
	}
	what := map[string]string{".json": "saved the run to ", ".csv": "exported the loss history to "}[ext]
	for _, l := range a.targets() {
		path, err := a.writeLane(l, ext)
		if err != nil {
			a.logLane(l, "could not write: "+err.Error())
			continue
		}
		a.logLane(l, what+path)
	}
	a.render()
}

// writeLane writes the run of l (ext ".json") or its loss history
// (".csv") to a new file in the save directory and returns its path.
func (a *App) writeLane(l *lane, ext string) (string, error) {
	var data []byte
	var err error
	if ext == ".json" {
		data, err = l.run.Save(a.events)
	} else {
		var b bytes.Buffer
		err = train.WriteHistoryCSV(&b, train.HistoryRows(l.snap.History, a.events), nil)
		data = b.Bytes()
	}
	if err != nil {
		return "", err
	}
	return writeNew(a.opts.SaveDir, fileStem(l.run), ext, data)
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
