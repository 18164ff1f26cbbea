package train

import (
	"math"
	"strings"
	"testing"

	"relulab/model"
)

// TestReferenceEveryWidth checks that every width 1–64 of a tabled
// activation has a reference: its own optimum where the table holds it,
// else the lowest optimum of a narrower network, which bounds it.
func TestReferenceEveryWidth(t *testing.T) {
	for _, a := range []model.Activation{model.ReLU, model.LeakyReLU, model.ELU, model.Tanh, model.Abs} {
		c := DefaultConfig()
		c.Act = a
		best := math.Inf(1)
		for h := 1; h <= 64; h++ {
			c.Hidden = []int{h}
			mse, width := Reference(c)
			own, ok := references()[ReferenceEntry{Data: c.Data, Act: a, Hidden: h}]
			switch {
			case ok && (mse != own || width != h):
				t.Errorf("%s h=%d: reference %v of width %d, want the table's %v", a, h, mse, width, own)
			case !ok && (mse != best || width < 1 || width >= h):
				t.Errorf("%s h=%d: reference %v of width %d, want the narrower bound %v", a, h, mse, width, best)
			}
			best = min(best, mse)
		}
	}
	for _, c := range []Config{
		{Hidden: []int{3, 3}, Act: model.ReLU, Slope: DefaultSlope},
		{Hidden: []int{3}, Act: model.GELU, Slope: DefaultSlope},
		{Hidden: []int{3}, Act: model.LeakyReLU, Slope: 0.3},
	} {
		if mse, width := Reference(c); !math.IsNaN(mse) || width != 0 {
			t.Errorf("%v: reference %v of width %d, want none", c, mse, width)
		}
	}
}

// TestFittedWhateverTheNeurons checks that a run within its target is
// fitted with dead and collapsed neurons, and one without a target is
// unjudged, not called dead or collapsed.
func TestFittedWhateverTheNeurons(t *testing.T) {
	s := Snapshot{
		Neurons:   []Neuron{{Dead: true}, {CollapsedWith: []int{2}}, {CollapsedWith: []int{1}}},
		Collapsed: [][2]int{{1, 2}},
		TestMSE:   3e-6,
		Target:    3e-5,
	}
	if o := judge(s); o != Fitted {
		t.Errorf("within the target with dead and collapsed neurons: %s, want fitted", o)
	}
	s.TestMSE = 1e-3
	if o := judge(s); o != Dead {
		t.Errorf("above the target with a dead neuron: %s, want dead", o)
	}
	s.Target = math.NaN()
	if o := judge(s); o != Unjudged {
		t.Errorf("no target, a dead neuron: %s, want unjudged", o)
	}
}

// TestWideRunSaysWhatJudgedIt checks that a run wider than the table says
// that it was judged against a narrower network's optimum, and that one
// without any reference says why and what to do.
func TestWideRunSaysWhatJudgedIt(t *testing.T) {
	c := DefaultConfig()
	c.Hidden = []int{12}
	tr, _ := New(c)
	tr.Run(1)
	s := tr.Snapshot()
	if s.ReferenceWidth != 8 || math.IsNaN(s.Target) || s.Outcome == Unjudged ||
		!strings.Contains(s.Why, "judged against the optimum of 8 neurons") || !strings.Contains(s.Why, "a bound for 12") {
		t.Errorf("h=12: reference width %d, target %v, %s: %q", s.ReferenceWidth, s.Target, s.Outcome, s.Why)
	}
	c.Hidden, c.Act = []int{3}, model.GELU
	tr, _ = New(c)
	s = tr.Snapshot()
	if s.Outcome != Unjudged || !strings.Contains(s.Why, "no reference optimum for gelu (--target") {
		t.Errorf("gelu: %s: %q", s.Outcome, s.Why)
	}
}

// TestWideDescriptionsCount checks that a description names up to six
// neurons and counts more.
func TestWideDescriptionsCount(t *testing.T) {
	if g := group([]int{1, 2, 3, 4, 5, 6}); g != "1, 2, 3, 4, 5 and 6" {
		t.Errorf("six neurons: %q", g)
	}
	if g := group([]int{1, 2, 3, 4, 5, 6, 9}); g != "7 neurons" {
		t.Errorf("seven neurons: %q", g)
	}
	s := Snapshot{Neurons: make([]Neuron, 10), Collapsed: [][2]int{{0, 1}, {2, 3}, {4, 5}, {6, 7}}}
	if w := restWords(s, nil, []int{1, 2, 3, 4, 5, 6, 7}, nil); w != ", 7 neurons dead, 4 collapsed pairs" {
		t.Errorf("restWords: %q", w)
	}
}
