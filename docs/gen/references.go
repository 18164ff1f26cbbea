package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// references is the file of reference optima that relulab optimum --table
// writes, relative to the repository's root.
const references = "train/references.json"

// A reference is an entry of train/references.json.
type reference struct {
	Task     string  `json:"task"`
	Data     string  `json:"data"`
	Act      string  `json:"act"`
	Hidden   int     `json:"hidden"`
	BestMSE  float64 `json:"best_mse"`
	Found    int     `json:"found"`
	Restarts int     `json:"restarts"`
	Carried  bool    `json:"carried"`
}

// readReferences reads the entries of train/references.json under root.
func readReferences(root string) ([]reference, error) {
	b, err := os.ReadFile(filepath.Join(root, references))
	if err != nil {
		return nil, err
	}
	var f struct{ Entries []reference }
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %v", references, err)
	}
	return f.Entries, nil
}

// referenceTable renders the README's table of the optima on uniform data,
// a row per width and a column per activation as its header names them:
//
//	| neurons | relu | leaky_relu | elu | tanh | abs |
//	| 7 | 3.496e-05 | 3.497e-05 | 0.0001109* | 0.0003738 | 3.493e-05 |
//
// with four significant digits; * marks an optimum carried from one neuron
// fewer. It reads train/references.json and runs nothing.
func referenceTable(r *runner, b *block, old []string) ([]string, error) {
	refs, err := readReferences(r.root)
	if err != nil {
		return nil, err
	}
	head, _ := cells(old[0])
	return rows(old, func(cs []string) error {
		h, err := strconv.Atoi(cs[0])
		if err != nil || len(cs) != len(head) {
			return fmt.Errorf("not a row of a width and %d optima", len(head)-1)
		}
		for i, act := range head[1:] {
			e := lookup(refs, "", "uniform", act, h)
			if e == nil {
				return fmt.Errorf("no reference of %d %s neurons on uniform data", h, act)
			}
			cs[i+1] = strconv.FormatFloat(e.BestMSE, 'g', 4, 64)
			if e.Carried {
				cs[i+1] += "*"
			}
		}
		return nil
	})
}

// spectrumReferenceTable renders the README's table of the amplitude
// spectrum's optima:
//
//	| task | width | best MSE | found by | command |
//	| spectrum:4 | 7 | 5.811e-4 | 3 of 16 | `go run . optimum …` |
//
// keeping the command cells. It reads train/references.json and runs
// nothing.
func spectrumReferenceTable(r *runner, b *block, old []string) ([]string, error) {
	refs, err := readReferences(r.root)
	if err != nil {
		return nil, err
	}
	return rows(old, func(cs []string) error {
		h, err := strconv.Atoi(cs[1])
		if err != nil || len(cs) != 5 {
			return fmt.Errorf("not a row of a task, a width, an optimum, its count and a command")
		}
		e := lookup(refs, cs[0], "normal", "relu", h)
		if e == nil {
			return fmt.Errorf("no reference of %s at width %d", cs[0], h)
		}
		cs[2] = sci(e.BestMSE, 4)
		cs[3] = fmt.Sprintf("%d of %d", e.Found, e.Restarts)
		return nil
	})
}

// lookup returns the entry of refs of the task ("" for abs), data,
// activation and width, or nil.
func lookup(refs []reference, task, data, act string, hidden int) *reference {
	for i, e := range refs {
		if e.Task == task && e.Data == data && e.Act == act && e.Hidden == hidden {
			return &refs[i]
		}
	}
	return nil
}
