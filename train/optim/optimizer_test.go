package optim

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"relulab/model"
)

// keras_steps.json is written by testdata/keras_reference.py, a plain-Python
// transcription of each Keras 3 update_step that works in Keras's own kernel
// layout, independent of this package.
// The _2out fields hold the same for a 2 → 3 → 2 network: two outputs,
// an output kernel of shape (3, 2).
type kerasSteps struct {
	Initial  []float64              `json:"initial"`
	Grads    [][]float64            `json:"grads"`
	Steps    map[string][][]float64 `json:"steps"`
	Initial2 []float64              `json:"initial_2out"`
	Grads2   [][]float64            `json:"grads_2out"`
	Steps2   map[string][][]float64 `json:"steps_2out"`
}

func loadKerasSteps(t *testing.T) kerasSteps {
	t.Helper()
	b, err := os.ReadFile("testdata/keras_steps.json")
	if err != nil {
		t.Fatal(err)
	}
	var ks kerasSteps
	if err := json.Unmarshal(b, &ks); err != nil {
		t.Fatal(err)
	}
	return ks
}

// TestOptimizersMatchKeras runs three steps of every optimizer on the 13
// parameters of a 2 → 3 → 1 network, and on the 17 of a 2 → 3 → 2
// network, whose output kernel (3, 2) Adafactor factors and Muon
// orthogonalizes as a matrix, and compares each step with the reference.
func TestOptimizersMatchKeras(t *testing.T) {
	ks := loadKerasSteps(t)
	cases := map[string]func(c *Config){
		"sgd":                       nil,
		"sgd momentum":              func(c *Config) { c.Momentum = 0.9 },
		"sgd nesterov":              func(c *Config) { c.Momentum, c.Nesterov = 0.9, true },
		"rmsprop":                   nil,
		"rmsprop centered momentum": func(c *Config) { c.Centered, c.Momentum = true, 0.5 },
		"adam":                      nil,
		"adam amsgrad":              func(c *Config) { c.AMSGrad = true },
		"adamw":                     nil,
		"adamax":                    nil,
		"nadam":                     nil,
		"adagrad":                   nil,
		"adadelta":                  nil,
		"adafactor":                 nil,
		"ftrl":                      nil,
		"lion":                      nil,
		"lamb":                      nil,
		"muon":                      nil,
		"schedulefreeadamw":         nil,
		"schedulefreeadamw warmup decay": func(c *Config) {
			c.WarmupSteps, c.WeightDecay = 2, 0.004
		},
	}
	for _, name := range Names() {
		if _, ok := cases[name]; !ok {
			t.Errorf("optimizer %s has no reference case", name)
		}
	}
	for _, net := range []struct {
		outputs int
		initial []float64
		grads   [][]float64
		steps   map[string][][]float64
	}{
		{1, ks.Initial, ks.Grads, ks.Steps},
		{2, ks.Initial2, ks.Grads2, ks.Steps2},
	} {
		tensors := model.NewShaped([]int{3}, model.ReLU, 0, model.Shape{Outputs: net.outputs}).Tensors()
		if n := tensors[len(tensors)-1]; n.Off+n.Len != len(net.initial) {
			t.Fatalf("%d outputs: %d parameters, the reference has %d", net.outputs, n.Off+n.Len, len(net.initial))
		}
		for name, tweak := range cases {
			checkKeras(t, fmt.Sprintf("%s (%d outputs)", name, net.outputs), name, tweak, tensors, net.initial, net.grads, net.steps[name])
		}
	}
}

// checkKeras runs three steps of the optimizer of case name, tweaked,
// from initial with grads and compares each step with want.
func checkKeras(t *testing.T, label, name string, tweak func(*Config), tensors []model.Tensor, initial []float64, grads, want [][]float64) {
	t.Helper()
	if want == nil {
		t.Errorf("%s: no reference steps", label)
		return
	}
	opt, _, _ := strings.Cut(name, " ")
	c, err := Default(opt)
	if err != nil {
		t.Fatal(err)
	}
	if tweak != nil {
		tweak(&c)
	}
	o, err := New(c, tensors)
	if err != nil {
		t.Fatalf("%s: %v", label, err)
	}
	p := append([]float64(nil), initial...)
	for step, g := range grads {
		o.Step(p, append([]float64(nil), g...), c.LR)
		for i := range p {
			if w := want[step][i]; math.Abs(p[i]-w) > 1e-12*(1+math.Abs(w)) {
				t.Errorf("%s step %d: p[%d] = %.17g, Keras %.17g", label, step+1, i, p[i], w)
			}
		}
	}
}

// TestRMSpropDocExample reproduces the example in Keras's RMSprop docstring:
// loss = var²/2 from var = 10 at lr 0.1 gives 9.683772 after one step.
func TestRMSpropDocExample(t *testing.T) {
	c, _ := Default("rmsprop")
	c.LR = 0.1
	o, err := New(c, []model.Tensor{{Kind: model.Bias, Len: 1, In: 1, Out: 1}})
	if err != nil {
		t.Fatal(err)
	}
	p := []float64{10}
	o.Step(p, []float64{p[0]}, c.LR)
	if math.Abs(p[0]-9.683772) > 1e-6 {
		t.Errorf("var = %v, Keras docs 9.683772", p[0])
	}
}

// TestMuonKerasTestValues reproduces the numbers of Keras's muon_test.py: a
// 2×2 Newton–Schulz orthogonalization and one Muon step.
func TestMuonKerasTestValues(t *testing.T) {
	c := Config{Name: "muon", LR: 0.5, Momentum: 0.95, Nesterov: true}
	o, err := New(c, []model.Tensor{{Kind: model.Kernel, Len: 4, In: 2, Out: 2}})
	if err != nil {
		t.Fatal(err)
	}
	x := []float64{0.2499, 0.9105, 0.2655, 0.8824}
	norm := math.Sqrt(0.2499*0.2499 + 0.9105*0.9105 + 0.2655*0.2655 + 0.8824*0.8824)
	for i := range x {
		x[i] /= norm + 1e-7
	}
	o.rule.(*muon).newtonSchulz(x, 2, 2)
	for i, w := range []float64{-0.4422, 0.6457, 0.7285, 0.2968} {
		if math.Abs(x[i]-w) > 1e-3 {
			t.Errorf("NS₅[%d] = %v, Keras test %v", i, x[i], w)
		}
	}
	// Keras kernel [[1, 2], [3, 4]] (In×Out) is stored as rows of In: 1 3 2 4.
	p := []float64{1, 3, 2, 4}
	o.Step(p, []float64{1, 7, 6, 2}, c.LR)
	for i, w := range []float64{0.988775, 2.873428, 1.887053, 3.97035} {
		if math.Abs(p[i]-w) > 1e-5 {
			t.Errorf("p[%d] = %v, Keras test %v", i, p[i], w)
		}
	}
}

// TestScheduleFreeFirstStep takes the setup of Keras's
// schedule_free_adamw_test.py, lr 0.5 on [1, 2, 3, 4] with gradient
// [1, 6, 7, 2], and checks the step by hand: v/(1−β₂) = g², so z moves by
// lr·g/(|g| + ε), and with x = z after one step, y = z. With warmup 10 the
// step is a tenth of that, as the Keras test's comment says.
func TestScheduleFreeFirstStep(t *testing.T) {
	for _, warmup := range []int{0, 10} {
		c := Config{Name: "schedulefreeadamw", LR: 0.5, WarmupSteps: warmup}
		o, err := New(c, []model.Tensor{{Kind: model.Bias, Len: 4, In: 1, Out: 4}})
		if err != nil {
			t.Fatal(err)
		}
		p, g := []float64{1, 2, 3, 4}, []float64{1, 6, 7, 2}
		o.Step(p, g, c.LR)
		lr := c.LR
		if warmup > 0 {
			lr /= float64(warmup)
		}
		for i, gi := range g {
			if w := float64(i+1) - lr*gi/(gi+1e-8); math.Abs(p[i]-w) > 1e-15 {
				t.Errorf("warmup %d: p[%d] = %.17g, by hand %.17g", warmup, i, p[i], w)
			}
		}
	}
}

func TestOptimizerValidation(t *testing.T) {
	bad := []Config{
		{Name: "adamm", LR: 1e-3},
		{Name: "adam", LR: 0},
		{Name: "adam", LR: math.NaN()},
		{Name: "adam", LR: 1e-3, Momentum: 0.9},
		{Name: "sgd", LR: 1e-2, Momentum: 1},
		{Name: "adam", LR: 1e-3, Nesterov: true},
		{Name: "rmsprop", LR: 1e-3, Rho: 1},
		{Name: "adam", LR: 1e-3, Centered: true},
		{Name: "sgd", LR: 1e-2, AMSGrad: true},
		{Name: "adam", LR: 1e-3, WeightDecay: -1},
		{Name: "adam", LR: 1e-3, WarmupSteps: 5},
		{Name: "schedulefreeadamw", LR: 1e-3, WarmupSteps: -1},
	}
	for _, c := range bad {
		if err := c.Validate(); err == nil {
			t.Errorf("%+v validated", c)
		}
	}
	for _, name := range Names() {
		c, err := Default(name)
		if err != nil || c.Validate() != nil {
			t.Errorf("defaults of %s: %v, %v", name, err, c.Validate())
		}
	}
}
