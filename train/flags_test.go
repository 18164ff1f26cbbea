package train

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"relulab/model"
	"relulab/train/optim"
)

func parse(t *testing.T, lists bool, args ...string) ([]Config, error) {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	f := RegisterFlags(fs, lists, !lists)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if lists {
		return f.Configs()
	}
	c, err := f.Config()
	return []Config{c}, err
}

func TestFlagsDefaults(t *testing.T) {
	cs, err := parse(t, false)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cs[0].String(), DefaultConfig().String(); got != want {
		t.Errorf("defaults %q, want %q", got, want)
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
	base := DefaultConfig()
	base.Act, base.Seed = model.ELU, 9
	base.Opt, _ = optim.Default("sgd")
	fs := pflag.NewFlagSet("session", pflag.ContinueOnError)
	f := RegisterFlags(fs, false, true)
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
