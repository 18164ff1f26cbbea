package train

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
)

// HistoryRow is one epoch of an exported loss history: the losses, the
// events of that epoch, and the weights if they were recorded then.
type HistoryRow struct {
	Epoch       int
	Train, Test float64 // NaN where not measured
	Events      []string
	Weights     []float64 // nil where not recorded
}

// WriteHistoryCSV writes rows as CSV with the header epoch, train_mse,
// test_mse, events and then, if names is not empty, one column per
// parameter named by names. A loss that was not measured is an empty
// cell, as are the weights of rows without them; several events of one
// epoch are joined by "; ".
func WriteHistoryCSV(w io.Writer, rows []HistoryRow, names []string) error {
	cw := csv.NewWriter(w)
	cw.Write(append([]string{"epoch", "train_mse", "test_mse", "events"}, names...))
	num := func(v float64) string {
		if v != v { // NaN
			return ""
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	for _, r := range rows {
		rec := []string{strconv.Itoa(r.Epoch), num(r.Train), num(r.Test), strings.Join(r.Events, "; ")}
		for i := range names {
			cell := ""
			if i < len(r.Weights) {
				cell = num(r.Weights[i])
			}
			rec = append(rec, cell)
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// HistoryRows returns the points of h as rows, with each event put on the
// first row at or after its epoch (the last row for later ones).
func HistoryRows(h History, events []Event) []HistoryRow {
	rows := make([]HistoryRow, len(h.Epoch))
	for i, e := range h.Epoch {
		rows[i] = HistoryRow{Epoch: e, Train: h.Train[i], Test: h.Test[i]}
	}
	for _, ev := range events {
		if len(rows) == 0 {
			break
		}
		i := len(rows) - 1
		for k, r := range rows {
			if r.Epoch >= ev.Epoch {
				i = k
				break
			}
		}
		rows[i].Events = append(rows[i].Events, ev.Text)
	}
	return rows
}

// ParamNames names the parameters of the trainer's network, in the order
// of Snapshot.Params (see model.Net.ParamNames).
func (t *Trainer) ParamNames() []string { return t.net.ParamNames() }

// Recorder collects a HistoryRow for every epoch of a run it is shown,
// with the weights every WeightsEvery epochs; the zero value records no
// weights.
type Recorder struct {
	WeightsEvery int
	Rows         []HistoryRow
}

// Record adds the row of t's current epoch: its training loss (none at
// epoch 0), its held-out loss if measured at that epoch, and its weights
// if the epoch is a multiple of WeightsEvery.
func (r *Recorder) Record(t *Trainer) {
	row := HistoryRow{Epoch: t.epoch, Train: t.trainMSE, Test: math.NaN()}
	if t.testEpoch == t.epoch {
		row.Test = t.testMSE
	}
	if r.WeightsEvery > 0 && t.epoch%r.WeightsEvery == 0 {
		row.Weights = t.Params()
	}
	r.Rows = append(r.Rows, row)
}

// Names returns the weight columns of the recorded rows: t's parameter
// names if any row holds weights, else none.
func (r *Recorder) Names(t *Trainer) []string {
	if r.WeightsEvery == 0 {
		return nil
	}
	return t.ParamNames()
}
