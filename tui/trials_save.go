package tui

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"relulab/train"
)

// writeTrials saves the trials (ext ".json") as the JSON that
// `relulab sweep --runs --format json` writes for the same seeds, stopped
// at the same epoch, or exports (".csv") every run's record as one long
// CSV: it encodes them now and returns the command that writes a new file
// in the save directory, whose savedMsg logs the path.
func (a *App) writeTrials(ext string) tea.Cmd {
	if a.opts.SaveDir == "" {
		a.log("saving is off on this server; y in an opened run copies its configuration string")
		a.render()
		return nil
	}
	tr := a.trials
	var data []byte
	var err error
	if ext == ".json" {
		data, err = train.JSON(tr.summaries())
	} else {
		data, err = tr.recordsCSV()
	}
	c, seeds := tr.groups[0].config, strings.ReplaceAll(seedRange(tr.seeds), "–", "-")
	stem := fmt.Sprintf("relulab-trials-%s-%s-seeds%s-e%d", c.Act, c.Opt.Name, seeds, a.epoch())
	what := "exported every run's losses and basin, every 20 epochs, to %s"
	if ext == ".json" {
		what = fmt.Sprintf("saved the trials to %%s, as relulab sweep --config '%s' --seeds %s --epochs %d --runs --format json writes them",
			c.String(), seeds, a.epoch())
	}
	dir := a.opts.SaveDir
	return func() tea.Msg {
		path := ""
		if err == nil {
			path, err = writeNew(dir, stem, ext, data)
		}
		if err != nil {
			return savedMsg{"could not write: " + err.Error()}
		}
		return savedMsg{fmt.Sprintf(what, path)}
	}
}

// summaries returns the sweep's summary of each group, with every run's
// record, ordered by seed as a sweep orders them.
func (tr *trials) summaries() []train.Summary {
	configs := make([]train.Config, len(tr.groups))
	var rs []train.RunResult
	for i, g := range tr.groups {
		configs[i] = g.config
		for _, r := range g.runs {
			res := r.Result()
			res.Config = i
			rs = append(rs, res)
		}
	}
	train.SortRuns(rs)
	return train.Summarize(configs, rs, true)
}

// recordsCSV writes every run's record as one long table: seed, epoch,
// train and held-out MSE and basin (or outcome) per probe, with the group
// first when there are two.
func (tr *trials) recordsCSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"seed", "epoch", "train_mse", "test_mse", "basin"}
	ab := len(tr.groups) > 1
	if ab {
		head = append([]string{"group"}, head...)
	}
	w.Write(head)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, g := range tr.groups {
		for k, r := range g.runs {
			rec := r.Record()
			for i, e := range rec.Epoch {
				row := []string{strconv.FormatUint(tr.seeds[k], 10), strconv.Itoa(e), f(rec.Train[i]), f(rec.Test[i]), string(rec.Basin[i])}
				if ab {
					row = append([]string{g.name}, row...)
				}
				w.Write(row)
			}
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
