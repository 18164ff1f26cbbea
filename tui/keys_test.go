package tui

import (
	"os"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"relulab/model"
	"relulab/train"
)

// TestEveryKey presses each key on a paused lab at epoch 5 and checks the
// state it changes, what it keeps, and what the events line says.
func TestEveryKey(t *testing.T) {
	tests := []struct {
		key   string
		event string // in the events line; "" for keys that log nothing
		check func(t *testing.T, a *App, before train.Snapshot)
	}{
		{"space", "", func(t *testing.T, a *App, _ train.Snapshot) {
			if a.paused || !strings.Contains(screen(a), "▶ running") {
				t.Error("space did not resume")
			}
		}},
		{"n", "", func(t *testing.T, a *App, b train.Snapshot) { epochIs(t, a, b.Epoch+1) }},
		{"+", "", func(t *testing.T, a *App, _ train.Snapshot) {
			if speeds[a.speed] != 5 || !strings.Contains(screen(a), "5/frame") {
				t.Errorf("speed %d", speeds[a.speed])
			}
		}},
		{"-", "", func(t *testing.T, a *App, _ train.Snapshot) {
			if speeds[a.speed] != 1 {
				t.Errorf("speed %d", speeds[a.speed])
			}
		}},
		{"o", "optimizer → adamw (lr 0.001, its default): weights kept, fresh optimizer state", func(t *testing.T, a *App, b train.Snapshot) {
			keptWeights(t, a, b)
			is(t, a.current.snap.Config.Opt.Name, "adamw")
		}},
		{"O", "optimizer → rmsprop", func(t *testing.T, a *App, b train.Snapshot) { keptWeights(t, a, b) }},
		{"a", "activation → leaky_relu: weights kept, optimizer state kept", func(t *testing.T, a *App, b train.Snapshot) {
			keptWeights(t, a, b)
			is(t, a.current.snap.Config.Act, model.LeakyReLU)
		}},
		{"A", "activation → abs", func(t *testing.T, a *App, b train.Snapshot) { keptWeights(t, a, b) }},
		{"i", "initializer → glorot_normal: weights drawn anew from seed 1, epoch 0", func(t *testing.T, a *App, b train.Snapshot) {
			epochIs(t, a, 0)
			if slices.Equal(a.current.snap.Params, b.Params) {
				t.Error("weights kept")
			}
		}},
		{"l", "lr → 0.002: weights and optimizer state kept", func(t *testing.T, a *App, b train.Snapshot) {
			keptWeights(t, a, b)
			is(t, a.current.snap.Config.Opt.LR, 0.002)
		}},
		{"L", "lr → 0.0005", func(t *testing.T, a *App, _ train.Snapshot) { is(t, a.current.snap.Config.Opt.LR, 0.0005) }},
		{"h", "neuron 4 added with fresh weights: the others kept, fresh optimizer state", func(t *testing.T, a *App, b train.Snapshot) {
			is(t, len(a.current.snap.Neurons), 4)
			if a.current.snap.Neurons[2].W[0] != b.Neurons[2].W[0] {
				t.Error("neuron 3 changed")
			}
		}},
		{"H", "neuron 3 dropped: the others kept", func(t *testing.T, a *App, _ train.Snapshot) { is(t, len(a.current.snap.Neurons), 2) }},
		{"b", "batch → 64: weights and optimizer state kept", func(t *testing.T, a *App, b train.Snapshot) {
			keptWeights(t, a, b)
			is(t, a.current.snap.Config.Batch, 64)
		}},
		{"d", "data → normal: new training and held-out sets, weights and optimizer state kept", func(t *testing.T, a *App, b train.Snapshot) {
			keptWeights(t, a, b)
			is(t, a.current.snap.Config.Data, train.Normal)
		}},
		{"r", "restart: the initial weights of seed 1 again, epoch 0", func(t *testing.T, a *App, _ train.Snapshot) {
			epochIs(t, a, 0)
			fresh, _ := train.New(train.DefaultConfig())
			if !slices.Equal(a.current.snap.Params, fresh.Params()) {
				t.Error("restart did not return to the initial weights")
			}
		}},
		{"s", "seed → 2: new weights, data and batch order, epoch 0", func(t *testing.T, a *App, _ train.Snapshot) {
			epochIs(t, a, 0)
			is(t, a.current.snap.Config.Seed, uint64(2))
		}},
		{"m", "", func(t *testing.T, a *App, _ train.Snapshot) {
			if !strings.Contains(screen(a), "output f(x,y)") {
				t.Error("heatmap title is not the output's")
			}
		}},
		{"g", "", func(t *testing.T, a *App, _ train.Snapshot) {
			if !a.linear || !strings.Contains(screen(a), "linear scale") {
				t.Error("chart still on a log scale")
			}
		}},
		{"?", "", func(t *testing.T, a *App, _ train.Snapshot) {
			if !strings.Contains(screen(a), "previous optimizer") {
				t.Error("the full help does not show")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			a := newTestApp(t, train.DefaultConfig(), 140, 44)
			press(a, "n", "n", "n", "n", "n")
			before := a.current.snap
			press(a, tt.key)
			tt.check(t, a, before)
			if tt.event != "" && !strings.Contains(screen(a), tt.event) {
				t.Errorf("events line lacks %q:\n%s", tt.event, lastLines(screen(a)))
			}
		})
	}
}

func TestQuit(t *testing.T) {
	a := newTestApp(t, train.DefaultConfig(), 100, 30)
	for _, k := range []tea.KeyPressMsg{{Code: 'q', Text: "q"}, {Code: 'c', Mod: tea.ModCtrl}} {
		if _, cmd := a.Update(k); cmd == nil {
			t.Fatalf("%v: no command", k)
		} else if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%v does not quit", k)
		}
	}
}

// TestREADMEListsEveryKey keeps the README's key table in step with the
// bindings.
func TestREADMEListsEveryKey(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range defaultKeyMap().FullHelp() {
		for _, b := range col {
			row := "| `" + b.Help().Key + "` | " + b.Help().Desc + " |"
			if !strings.Contains(string(readme), row) {
				t.Errorf("README lacks the row %q", row)
			}
		}
	}
}

func keptWeights(t *testing.T, a *App, b train.Snapshot) {
	t.Helper()
	if !slices.Equal(a.current.snap.Params, b.Params) || a.current.snap.Epoch != b.Epoch {
		t.Error("the weights or the epoch changed")
	}
}

func epochIs(t *testing.T, a *App, e int) {
	t.Helper()
	if a.current.snap.Epoch != e {
		t.Errorf("epoch %d, want %d", a.current.snap.Epoch, e)
	}
}

func is[T comparable](t *testing.T, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("got %v, want %v", got, want)
	}
}

func lastLines(s string) string {
	l := strings.Split(s, "\n")
	return strings.Join(l[max(0, len(l)-3):], "\n")
}
