package train

import (
	"bytes"
	"encoding/csv"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"relulab/model"
)

// lineUnit is a first-layer unit of a hand-built network: the normal of its
// line at angle degrees, the line at offset from the origin, and its
// outgoing weight v; or, if dead, w = 0 and b = −1.
type lineUnit struct {
	angle, offset, v float64
	dead             bool
}

// builtSnapshot returns the snapshot of a one-layer network of act whose
// units are us: unit j computes act(w·x + b) with |w| = 1.
func builtSnapshot(t *testing.T, act model.Activation, us []lineUnit) Snapshot {
	t.Helper()
	c := DefaultConfig()
	c.Hidden, c.Act = []int{len(us)}, act
	tr, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	p, n := tr.net.Params, len(us)
	// Layout: kernel (n×2), biases (n), output kernel (n), output bias.
	for j, u := range us {
		th := u.angle * math.Pi / 180
		p[2*j], p[2*j+1], p[2*n+j], p[3*n+j] = math.Cos(th), math.Sin(th), -u.offset, u.v
		if u.dead {
			p[2*j], p[2*j+1], p[2*n+j] = 0, 0, -1
		}
	}
	tr.evaluate()
	return tr.Snapshot()
}

// evenly returns k units through the origin, their normals 360°/k apart.
func evenly(k int) []lineUnit {
	us := make([]lineUnit, k)
	for j := range us {
		us[j] = lineUnit{angle: 360 * float64(j) / float64(k), v: 1}
	}
	return us
}

// TestBasinsOfAnyWidth names constructed networks of other widths and of
// relu-like units; the three-ReLU names stay as they were.
func TestBasinsOfAnyWidth(t *testing.T) {
	dead := lineUnit{v: 1, dead: true}
	idle := lineUnit{angle: 45, v: 0} // a line through the origin, but no outgoing weight
	// Weak: the line x+y = 1.95 leaves 0.03% of the square on its active side.
	weak := func(angle float64) lineUnit { return lineUnit{angle: angle, offset: 1.95 / math.Sqrt2, v: 1} }
	for _, tc := range []struct {
		name string
		act  model.Activation
		us   []lineUnit
		want Basin
	}{
		{"3 relu pyramid", model.ReLU, evenly(3), Pyramid},
		{"4 relu pyramid + unused", model.ReLU, append(evenly(3), dead), "pyramid of 3 lines + 1 unused"},
		{"6 relu hexagon", model.ReLU, evenly(6), "pyramid of 6 lines"},
		{"4 relu valley + 2 weak", model.ReLU, []lineUnit{{90, 0, 1, false}, {-90, 0, 1, false}, weak(45), weak(45)}, "valley + 2 weak"},
		{"3 leaky_relu pyramid", model.LeakyReLU, evenly(3), "pyramid of 3 lines"},
		{"5 leaky_relu pyramid + off-origin", model.LeakyReLU, append(evenly(4), lineUnit{30, 0.5, 1, false}), "pyramid of 4 lines + 1 off-origin"},
		{"3 prelu pyramid", model.PReLU, evenly(3), "pyramid of 3 lines"},
		{"1 abs valley", model.Abs, []lineUnit{{90, 0, 1, false}}, "valley"},
		{"2 abs square pyramid", model.Abs, []lineUnit{{0, 0, 1, false}, {90, 0, 1, false}}, "pyramid of 2 lines"},
		// Leaky units inactive on the data are linear on it: two weak ones
		// give two leaky lines 90° apart the linear part of a diamond.
		{"4 leaky_relu diamond", model.LeakyReLU, []lineUnit{{0, 0, 1, false}, {90, 0, 1, false}, weak(45), weak(45)}, "diamond"},
		{"4 leaky_relu diamond + off-origin", model.LeakyReLU, []lineUnit{{0, 0, 1, false}, {90, 0, 1, false}, {225, 0.5, 1, false}, weak(45)}, "diamond + 1 off-origin"},
		{"4 relu: weak relus are flat, no diamond", model.ReLU, []lineUnit{{0, 0, 1, false}, {90, 0, 1, false}, weak(45), weak(45)}, ""},
		{"4 relu ramp", model.ReLU, []lineUnit{{0, 0.2, 1, false}, {5, -0.3, 1, false}, dead, idle}, "ramp + 2 unused"},
		{"tanh is not named", model.Tanh, evenly(3), ""},
	} {
		s := builtSnapshot(t, tc.act, tc.us)
		if s.Basin != tc.want {
			t.Errorf("%s: basin %q (%s), want %q", tc.name, s.Basin, s.Why, tc.want)
		}
		if tc.want != "" && !strings.HasPrefix(s.Why, string(tc.want)+": ") {
			t.Errorf("%s: why %q does not begin with the basin", tc.name, s.Why)
		}
	}
}

// TestLeakyDiamondSaysWhy checks that a leaky diamond names the weak
// units that give it its linear part.
func TestLeakyDiamondSaysWhy(t *testing.T) {
	weak := lineUnit{angle: 45, offset: 1.95 / math.Sqrt2, v: 1}
	s := builtSnapshot(t, model.LeakyReLU, []lineUnit{{0, 0, 1, false}, {90, 0, 1, false}, weak, weak})
	if want := "diamond: lines 1 and 2 through the origin 90° apart, weak neurons 3 and 4 linear by their negative slopes"; !strings.HasPrefix(s.Why, want) {
		t.Errorf("why %q, want it to begin %q", s.Why, want)
	}
}

func TestBasinFamily(t *testing.T) {
	for b, want := range map[Basin]Basin{
		"pyramid of 3 lines + 1 unused": Pyramid, Pyramid: Pyramid, "valley + 2 weak": Valley, "": "",
	} {
		if got := b.Family(); got != want {
			t.Errorf("%q.Family() = %q, want %q", b, got, want)
		}
	}
}

// TestSummaryCountsGeometries checks that a sweep's summary counts runs by
// family in Basins, the table's columns, and by full name in Geometries.
func TestSummaryCountsGeometries(t *testing.T) {
	c := DefaultConfig()
	c.Hidden = []int{4}
	var rs []RunResult
	for i, b := range []Basin{"pyramid of 3 lines + 1 unused", "pyramid of 3 lines + 1 unused", "pyramid of 4 lines", "valley + 2 weak", ""} {
		rs = append(rs, RunResult{Seed: uint64(i + 1), Basin: b})
	}
	s := Summarize([]Config{c}, rs, false)[0]
	if want := map[string]int{"pyramid": 3, "valley": 1}; !maps.Equal(s.Basins, want) {
		t.Errorf("basins %v, want %v", s.Basins, want)
	}
	want := map[string]int{"pyramid of 3 lines + 1 unused": 2, "pyramid of 4 lines": 1, "valley + 2 weak": 1}
	if !maps.Equal(s.Geometries, want) {
		t.Errorf("geometries %v, want %v", s.Geometries, want)
	}
	rows, err := csv.NewReader(bytes.NewReader(CSV([]Summary{s}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "geometries")
	if col < 0 || rows[0][col-1] != string(Flat) {
		t.Fatalf("CSV header %v: no geometries column after the basins", rows[0])
	}
	if got, want := rows[1][col], "pyramid of 3 lines + 1 unused: 2; pyramid of 4 lines: 1; valley + 2 weak: 1"; got != want {
		t.Errorf("geometries field %q, want %q", got, want)
	}
}
