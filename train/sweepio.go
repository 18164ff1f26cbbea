package train

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// JSON encodes summaries as an indented JSON array.
func JSON(ss []Summary) ([]byte, error) {
	b, err := json.MarshalIndent(ss, "", "  ")
	return append(b, '\n'), err
}

// CSV encodes summaries one row per configuration, or, when they hold the
// records of every run, one row per run. A row has a count per outcome,
// and one per basin family if some configuration's task has basins (see
// Task.HasBasins), empty where its own has none.
func CSV(ss []Summary) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	records := len(ss) > 0 && ss[0].Records != nil
	bins := spectrumBins(ss)
	if records {
		head := []string{"config", "seed", "train_mse", "test_mse", "outcome", "basin", "decided", "dead", "collapsed", "epochs", "stopped_early", "weights"}
		if bins > 0 {
			head = append(head, "bins", "spectrum")
		}
		w.Write(head)
		for _, s := range ss {
			for _, r := range s.Records {
				ws := make([]string, len(r.Params))
				for i, p := range r.Params {
					ws[i] = f(float64(p))
				}
				row := []string{s.Line, fmt.Sprint(r.Seed), f(float64(r.TrainMSE)), f(float64(r.TestMSE)), r.Outcome.String(),
					string(r.Basin), fmt.Sprint(r.Decided), fmt.Sprint(r.Dead), fmt.Sprint(r.Collapsed), fmt.Sprint(r.Epochs),
					fmt.Sprint(r.Stopped), strings.Join(ws, " ")}
				if bins > 0 {
					row = append(row, binsField(r.Bins), r.Spectrum)
				}
				w.Write(row)
			}
		}
		w.Flush()
		return buf.Bytes()
	}
	head := []string{"config", "seeds", "runs", "fitted", "fitted_rate", "ci_low", "ci_high",
		"mse_min", "mse_p10", "mse_p25", "mse_median", "mse_p75", "mse_p90", "mse_max"}
	outcomes := outcomeNames[Fitted+1:] // fitted has its column above
	head = append(head, outcomes...)
	basins := false
	for _, s := range ss {
		basins = basins || s.Config.Task.HasBasins()
	}
	if basins {
		for _, b := range Basins {
			head = append(head, string(b))
		}
	}
	head = append(head, "geometries", "mean_dead", "mean_collapsed", "decided_median_epoch", "stopped_early", "seconds", "partial")
	if bins > 0 {
		head = append(head, spectrumHead(bins)...)
	}
	w.Write(head)
	for _, s := range ss {
		q := s.MSE
		row := []string{s.Line, s.Seeds, fmt.Sprint(s.Runs), fmt.Sprint(s.Fitted), f(s.FittedRate), f(s.FittedCI[0]), f(s.FittedCI[1]),
			f(float64(q.Min)), f(float64(q.P10)), f(float64(q.P25)), f(float64(q.Median)), f(float64(q.P75)), f(float64(q.P90)), f(float64(q.Max))}
		for _, o := range outcomes {
			row = append(row, fmt.Sprint(s.Outcomes[o]))
		}
		for _, b := range Basins[:len(Basins)*b2i(basins)] {
			n := ""
			if s.Basins != nil {
				n = fmt.Sprint(s.Basins[string(b)])
			}
			row = append(row, n)
		}
		row = append(row, geometriesField(s), f(s.MeanDead), f(s.MeanCollapsed), nullable(f, s.Decided), fmt.Sprint(s.StoppedEarly), f(s.Seconds), fmt.Sprint(s.Partial))
		if bins > 0 {
			row = append(row, spectrumRow(s.Spectrum, bins)...)
		}
		w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}

// nullable writes v with f, or nothing if it is NaN.
func nullable(f func(float64) string, v NullFloat) string {
	if math.IsNaN(float64(v)) {
		return ""
	}
	return f(float64(v))
}
