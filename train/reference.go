package train

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"
	"sync"

	"relulab/model"
)

// references.json holds the optimum of every common configuration, as
// computed by `relulab optimum`; regenerate it with
//
//	go run . optimum --table train/references.json
//
//go:embed references.json
var referencesJSON []byte

// ReferenceTable is the file of reference optima. Command computed the
// entries of |x+iy| with Restarts restarts each; Commands holds, by task
// name, the command that computed the entries of another task.
type ReferenceTable struct {
	Command  string            `json:"command"`
	Restarts int               `json:"restarts"`
	Commands map[string]string `json:"commands,omitempty"`
	Entries  []ReferenceEntry  `json:"entries"`
}

// ReferenceEntry is the optimum of one configuration: one hidden layer of
// Hidden neurons of Act (leaky_relu at slope 0.2) learning Task (the zero
// value, |x+iy|, is left out of the file) on Data. Found counts the
// restarts that reached it, of Restarts if that is not 0, else of the
// table's. Carried marks a width whose search ended above the optimum of
// a narrower one, which then stands as its bound.
type ReferenceEntry struct {
	Task     Task             `json:"task,omitempty"`
	Restarts int              `json:"restarts,omitempty"`
	Data     Data             `json:"data"`
	Act      model.Activation `json:"act"`
	Hidden   int              `json:"hidden"`
	BestMSE  float64          `json:"best_mse"`
	Found    int              `json:"found"`
	Carried  bool             `json:"carried,omitempty"`
}

// SpectrumConfigs returns the configurations of the amplitude spectrum
// task k whose optima the reference table holds: one hidden layer of relu
// on normal data, of the width of PyramidPerBin, W = 3·(N/2 − 1) + 4, and
// of 3W/2 and 2W units (at most 64).
func SpectrumConfigs(k Task) []Config {
	var cs []Config
	w := SpectrumWidth(k.Spectrum())
	for _, h := range []int{w, 3 * w / 2, 2 * w} {
		if h <= 64 {
			c := TaskConfig(k)
			c.Act, c.Hidden = model.ReLU, []int{h}
			cs = append(cs, c)
		}
	}
	return cs
}

// CommonConfigs returns the configurations whose optima the reference
// table holds: every distribution × one hidden layer of 1 to 8 neurons ×
// relu, leaky_relu, elu, tanh and abs.
func CommonConfigs() []Config {
	var cs []Config
	for _, d := range AllData {
		for _, a := range []model.Activation{model.ReLU, model.LeakyReLU, model.ELU, model.Tanh, model.Abs} {
			for h := 1; h <= 8; h++ {
				c := DefaultConfig()
				c.Data, c.Act, c.Hidden = d, a, []int{h}
				cs = append(cs, c)
			}
		}
	}
	return cs
}

var references = sync.OnceValue(func() map[ReferenceEntry]float64 {
	var t ReferenceTable
	if err := json.Unmarshal(referencesJSON, &t); err != nil {
		panic("train: references.json: " + err.Error())
	}
	m := map[ReferenceEntry]float64{}
	for _, e := range t.Entries {
		m[ReferenceEntry{Task: e.Task, Data: e.Data, Act: e.Act, Hidden: e.Hidden}] = e.BestMSE
	}
	return m
})

// Reference returns the population MSE of the best network of c's shape,
// from the reference table, and the width of the network it was searched
// for. That is c's own width if the table holds it. For a wider network
// than the table holds it is the lowest optimum of a narrower one: a bound
// from above, since a network with more neurons can do as well (the extra
// neurons' outgoing weights 0). It is NaN and 0 if the table holds no
// network of c's data and activation, or c has more than one hidden layer.
// A leaky_relu network whose slope is annealed is judged as the ReLU
// network it ends as. For TaskReLU it is exact (see reluReference); the
// amplitude spectrum's entries are those of its task (see
// SpectrumConfigs).
func Reference(c Config) (mse float64, width int) {
	if c.Task == TaskReLU {
		return reluReference(c), c.Hidden[0]
	}
	c.Act = c.finalAct()
	if len(c.Hidden) != 1 || c.Act == model.LeakyReLU && c.Slope != DefaultSlope {
		return math.NaN(), 0
	}
	mse = math.NaN()
	for h := 1; h <= c.Hidden[0]; h++ {
		v, ok := references()[ReferenceEntry{Task: c.Task, Data: c.Data, Act: c.Act, Hidden: h}]
		switch {
		case ok && h == c.Hidden[0]:
			return v, h
		case ok && !(v >= mse):
			mse, width = v, h
		}
	}
	return mse, width
}

// ReadReferenceTable reads the reference table at path.
func ReadReferenceTable(path string) (ReferenceTable, error) {
	var t ReferenceTable
	b, err := os.ReadFile(path)
	if err != nil {
		return t, err
	}
	if err := json.Unmarshal(b, &t); err != nil {
		return t, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// Without returns t without the entries of task k, and with command as
// the command that computes them anew.
func (t ReferenceTable) Without(k Task, command string) ReferenceTable {
	t.Entries = slices.DeleteFunc(slices.Clone(t.Entries), func(e ReferenceEntry) bool { return e.Task == k })
	t.Commands = maps.Clone(t.Commands)
	if t.Commands == nil {
		t.Commands = map[string]string{}
	}
	t.Commands[k.String()] = command
	return t
}
