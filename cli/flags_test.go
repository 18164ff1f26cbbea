package cli

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"relulab/model"
	"relulab/train"
	"relulab/train/optim"
)

func parse(t *testing.T, lists bool, args ...string) ([]train.Config, error) {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	f := Register(fs, Options{Lists: lists, NoSeed: lists})
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if lists {
		return f.Configs()
	}
	c, err := f.Config()
	return []train.Config{c}, err
}

// TestShownDefaultsAreDefaultConfig gives every flag the default its help
// shows, on top of a configuration that differs in every setting, and
// wants DefaultConfig back.
func TestShownDefaultsAreDefaultConfig(t *testing.T) {
	base, err := train.ParseConfig("h=5x2 act=leaky_relu slope=0.1 opt=sgd lr=0.5 init=he_normal batch=8 samples=100 " +
		"steps=7 bias=false data=disk seed=9 l1=0.1 l2=0.1 dropout=0.1 repel=1 target=0.01 schedule=cosine horizon=100 slope-anneal=10 revive=5")
	if err != nil {
		t.Fatal(err)
	}
	def := train.DefaultConfig()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	f := Register(fs, Options{})
	var args []string
	for _, s := range train.Settings() {
		shown, _, _ := strings.Cut(fs.Lookup(s.Flag).DefValue, taskDefault)
		switch {
		case s.Get == nil && strings.HasPrefix(s.Flag, "init-"): // no value until given
			continue
		case s.Get == nil: // an optimizer's setting: its default is the optimizer's
			if shown != "" {
				t.Errorf("--%s shows default %q; an optimizer setting has none of its own", s.Flag, shown)
			}
			continue
		case shown == "":
			t.Errorf("--%s shows no default", s.Flag)
		case s.Flag == "task": // --task abs starts from abs's defaults: TestTaskDefaults
		case s.Get(base) == s.Get(def):
			t.Errorf("the base has the default %s, so the test cannot see --%s", s.Get(base), s.Flag)
		}
		args = append(args, "--"+s.Flag+"="+shown)
	}
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	c, err := f.ConfigOn(base)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, def) {
		t.Errorf("the shown defaults give\n%+v\nwant DefaultConfig\n%+v", c, def)
	}
}

// TestShownTaskDefaults checks that the help of a setting whose default
// differs under --task relu shows both, the second TaskConfig's, and that
// of one whose default does not, one.
func TestShownTaskDefaults(t *testing.T) {
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	Register(fs, Options{})
	def, relu := train.DefaultConfig(), train.TaskConfig(train.TaskReLU)
	for _, s := range train.Settings() {
		if s.Get == nil || s.Flag == "task" {
			continue
		}
		want := s.Get(def)
		if s.Get(relu) != want {
			want += "; --task relu: " + s.Get(relu)
		}
		if got := fs.Lookup(s.Flag).DefValue; got != want {
			t.Errorf("--%s shows %q, want %q", s.Flag, got, want)
		}
	}
	if got := fs.Lookup("bias").DefValue; got != "true; --task relu: false" {
		t.Errorf("--bias shows %q: --task relu has none unless given", got)
	}
}

func TestShapeFlags(t *testing.T) {
	fs := pflag.NewFlagSet("optimum", pflag.ContinueOnError)
	f := Register(fs, Options{Shape: true})
	var got []string
	fs.VisitAll(func(fl *pflag.Flag) { got = append(got, fl.Name) })
	if want := []string{"act", "config", "data", "hidden", "seed", "slope", "task"}; !slices.Equal(got, want) {
		t.Errorf("flags %v, want %v", got, want)
	}
	if err := fs.Parse([]string{"--config", "h=4 act=elu seed=3", "--hidden", "5"}); err != nil {
		t.Fatal(err)
	}
	c, err := f.Config()
	if err != nil || c.Hidden[0] != 5 || c.Act != model.ELU || c.Seed != 3 {
		t.Errorf("config %v, %v", c, err)
	}
}

func TestFlagsOptimizerDefaultsFollowOpt(t *testing.T) {
	cs, err := parse(t, false, "--opt", "sgd")
	if err != nil || cs[0].Opt.LR != 0.01 {
		t.Errorf("sgd lr = %v, %v; want Keras's 0.01", cs[0].Opt.LR, err)
	}
	cs, err = parse(t, false, "--lr", "0.05", "--opt", "muon", "--nesterov=false")
	if err != nil || cs[0].Opt.LR != 0.05 || cs[0].Opt.Momentum != 0.95 || cs[0].Opt.Nesterov {
		t.Errorf("muon = %+v, %v", cs[0].Opt, err)
	}
	cs, err = parse(t, false, "--opt", "rmsprop", "--centered", "--hidden", "8,8")
	if err != nil || !cs[0].Opt.Centered || len(cs[0].Hidden) != 2 {
		t.Errorf("rmsprop centered 8,8 = %+v, %v", cs[0], err)
	}
}

func TestFlagsProduct(t *testing.T) {
	cs, err := parse(t, true, "--act", "relu,elu", "--opt", "adam,sgd", "--hidden", "3,4x4")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 8 {
		t.Fatalf("%d configurations, want 2·2·2", len(cs))
	}
	seen := map[string]bool{}
	for _, c := range cs {
		seen[c.String()] = true
	}
	if len(seen) != 8 {
		t.Errorf("duplicate configurations: %v", seen)
	}
	if cs[0].Opt.Name != "adam" || cs[len(cs)-1].Opt.Name != "sgd" || cs[len(cs)-1].Act != model.ELU {
		t.Errorf("order: first %v, last %v", cs[0], cs[len(cs)-1])
	}
}

func TestFlagsErrorsNameTheChoices(t *testing.T) {
	tests := map[string][]string{
		"valid: relu":             {"--act", "relu7"},
		"valid: sgd":              {"--opt", "adamm"},
		"valid: glorot_uniform":   {"--init", "glorot"},
		"valid: uniform":          {"--data", "cube"},
		"must be 1 to 64":         {"--hidden", "65"},
		"must be 1 to 3":          {"--hidden", "2x2x2x2"},
		"not a number":            {"--lr", "fast"},
		"must be in [0, 1)":       {"--dropout", "1"},
		"has no momentum setting": {"--momentum", "0.5"},
		"not a whole number":      {"--seed", "-3"},
	}
	for want, args := range tests {
		_, err := parse(t, false, args...)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: error %v, want one containing %q", args, err, want)
		}
	}
}

func TestConfigOnKeepsTheBase(t *testing.T) {
	base := train.DefaultConfig()
	base.Act, base.Seed = model.ELU, 9
	base.Opt, _ = optim.Default("sgd")
	fs := pflag.NewFlagSet("session", pflag.ContinueOnError)
	f := Register(fs, Options{})
	if err := fs.Parse([]string{"--lr", "0.5", "--hidden", "4"}); err != nil {
		t.Fatal(err)
	}
	c, err := f.ConfigOn(base)
	if err != nil {
		t.Fatal(err)
	}
	if c.Act != model.ELU || c.Seed != 9 || c.Opt.Name != "sgd" || c.Opt.LR != 0.5 || c.Hidden[0] != 4 {
		t.Errorf("config %v", c)
	}
	if base.Hidden[0] != 3 {
		t.Error("ConfigOn changed the base")
	}
}

// TestTaskDefaults checks that --task starts from the task's defaults,
// which the other flags then change, in lists too.
func TestTaskDefaults(t *testing.T) {
	cs, err := parse(t, false, "--task", "relu")
	if err != nil || !reflect.DeepEqual(cs[0], train.TaskConfig(train.TaskReLU)) {
		t.Errorf("--task relu: %+v, %v; want TaskConfig(TaskReLU)", cs, err)
	}
	cs, err = parse(t, false, "--task", "relu", "--hidden", "3", "--bias", "--init-w", "-10")
	if c := cs[0]; err != nil || c.Direct || c.NoBias || c.Hidden[0] != 3 || c.InitW == nil || *c.InitW != -10 || c.Opt.Name != "sgd" {
		t.Errorf("--task relu --hidden 3 --bias --init-w -10: %+v, %v", cs, err)
	}
	cs, err = parse(t, true, "--task", "abs,relu", "--opt", "lion")
	if err != nil || len(cs) != 2 || cs[0].Task != train.TaskAbs || cs[1].Task != train.TaskReLU ||
		cs[1].Batch != train.ReLUBatch || cs[0].Batch != train.DefaultBatch || cs[1].Opt.Name != "lion" {
		t.Errorf("--task abs,relu --opt lion: %+v, %v", cs, err)
	}
	cs, err = parse(t, false, "--task", "relu", "--config", "act=leaky_relu seed=4")
	if c := cs[0]; err != nil || c.Task != train.TaskReLU || c.Act != model.LeakyReLU || c.Seed != 4 || !c.Direct {
		t.Errorf("--task relu --config 'act=leaky_relu seed=4': %+v, %v", cs, err)
	}
	if _, err := parse(t, false, "--task", "square"); err == nil || !strings.Contains(err.Error(), `unknown task "square"`) {
		t.Errorf("--task square: %v", err)
	}
}
