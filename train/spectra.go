package train

// Spectra holds, for a run of the amplitude spectrum, the targets and the
// network's outputs on the first few signals of the held-out set (see
// HeldOut): Target[s][k] and Out[s][k] are bin k's scaled |X_k| of signal
// s and the network's estimate of it. A Spectra reuses its buffers from
// one snapshot to the next; its zero value is not usable, see NewSpectra.
type Spectra struct {
	Target, Out [][]float64

	evalNet
	count int
	task  Task
	data  Data
	in    [][]float64 // the signals, as columns of count samples
}

// NewSpectra returns a Spectra of count held-out signals.
func NewSpectra(count int) *Spectra { return &Spectra{count: count} }

// Compute evaluates the network of s on the signals. For a task of one
// output it leaves Target and Out empty.
func (p *Spectra) Compute(s Snapshot) {
	c, m := s.Config, p.count
	if c.Task.Spectrum() == 0 || m == 0 {
		p.Target, p.Out, p.task, p.in = nil, nil, c.Task, nil
		return
	}
	if p.task != c.Task || p.data != c.Data || p.in == nil {
		p.task, p.data = c.Task, c.Data
		held := HeldOut(c.Task, c.Data)
		d := held.Slice(0, m)
		p.in = copyColumns(d.In)
		p.Target, p.Out = rows(d.Out), columns(m, c.Task.Outputs())
	}
	p.load(s, m)
	out := p.net.ForwardCols(p.ws, p.in)
	for k, col := range out {
		for i, v := range col {
			p.Out[i][k] = v
		}
	}
}

// copyColumns returns a copy of cols.
func copyColumns(cols [][]float64) [][]float64 {
	c := make([][]float64, len(cols))
	for k, col := range cols {
		c[k] = append([]float64(nil), col...)
	}
	return c
}

// rows returns the transpose of the columns cols, each len(cols[0]) long.
func rows(cols [][]float64) [][]float64 {
	r := columns(len(cols[0]), len(cols))
	for k, col := range cols {
		for i, v := range col {
			r[i][k] = v
		}
	}
	return r
}
