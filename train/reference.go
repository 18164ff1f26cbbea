package train

import (
	_ "embed"
	"encoding/json"
	"math"
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

// ReferenceTable is the file of reference optima.
type ReferenceTable struct {
	Command  string           `json:"command"`
	Restarts int              `json:"restarts"`
	Entries  []ReferenceEntry `json:"entries"`
}

// ReferenceEntry is the optimum of one configuration: one hidden layer of
// Hidden neurons of Act (leaky_relu at slope 0.2) on Data. Found counts the
// restarts that reached it. Carried marks a width whose search ended above
// the optimum of one neuron fewer, which then stands as its bound.
type ReferenceEntry struct {
	Data    Data             `json:"data"`
	Act     model.Activation `json:"act"`
	Hidden  int              `json:"hidden"`
	BestMSE float64          `json:"best_mse"`
	Found   int              `json:"found"`
	Carried bool             `json:"carried,omitempty"`
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
		m[ReferenceEntry{Data: e.Data, Act: e.Act, Hidden: e.Hidden}] = e.BestMSE
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
// network it ends as. For TaskReLU it is exact (see reluReference); for
// the amplitude spectrum there is none yet.
func Reference(c Config) (mse float64, width int) {
	switch {
	case c.Task == TaskReLU:
		return reluReference(c), c.Hidden[0]
	case c.Task.Spectrum() > 0: // not in the table yet
		return math.NaN(), 0
	}
	c.Act = c.finalAct()
	if len(c.Hidden) != 1 || c.Act == model.LeakyReLU && c.Slope != DefaultSlope {
		return math.NaN(), 0
	}
	mse = math.NaN()
	for h := 1; h <= c.Hidden[0]; h++ {
		v, ok := references()[ReferenceEntry{Data: c.Data, Act: c.Act, Hidden: h}]
		switch {
		case ok && h == c.Hidden[0]:
			return v, h
		case ok && !(v >= mse):
			mse, width = v, h
		}
	}
	return mse, width
}
