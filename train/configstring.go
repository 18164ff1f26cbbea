package train

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ParseConfig parses a configuration string as Config.String writes it,
// such as "h=3 act=relu opt=adam lr=0.001 init=glorot_uniform batch=32
// data=uniform seed=7": key=value fields separated by spaces, in any order.
// Settings left out keep their defaults: DefaultConfig's, or
// TaskConfig's if the task is given, and for the optimizer its Keras
// defaults. For every valid c, ParseConfig(c.String())
// returns c. An unknown key, a key given twice or a bad value is an error
// that names the key.
func ParseConfig(s string) (Config, error) { return parseConfigOn(DefaultConfig(), s) }

// parseConfigOn is ParseConfig with the settings left out taken from base.
func parseConfigOn(base Config, s string) (Config, error) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return Config{}, errors.New("config: empty (e.g. 'h=3 act=relu opt=adam seed=7')")
	}
	vals := map[string]string{}
	for _, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		switch known := knownKey(k); {
		case !ok || k == "":
			return Config{}, fmt.Errorf("config: %q is not key=value", f)
		case !known:
			return Config{}, fmt.Errorf("config: unknown key %q (valid: %s)", k, strings.Join(configKeys(), ", "))
		}
		if _, dup := vals[k]; dup {
			return Config{}, fmt.Errorf("config: %s is given twice", k)
		}
		vals[k] = v
	}
	if v, ok := vals["task"]; ok {
		k, err := ParseTask(v)
		if err != nil {
			return Config{}, fmt.Errorf("config task=%s: %w", v, err)
		}
		base = TaskConfig(k)
	}
	c := base
	c.Hidden = slices.Clone(base.Hidden)
	for _, sp := range Settings() {
		if v, ok := vals[sp.Key]; ok {
			if err := sp.Set(&c, v); err != nil {
				return Config{}, fmt.Errorf("config %s=%s: %w", sp.Key, v, err)
			}
		}
	}
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, nil
}

// knownKey reports whether k is the key of a setting.
func knownKey(k string) bool {
	return slices.ContainsFunc(settings, func(s Setting) bool { return s.Key == k })
}

// configKeys lists the keys of configuration strings.
func configKeys() []string {
	keys := make([]string, len(settings))
	for i, s := range settings {
		keys[i] = s.Key
	}
	return keys
}

// ParseConfigOn is ParseConfig with the settings left out taken from base:
// "opt=lion revive=50" on top of the lab's configuration, say.
func ParseConfigOn(base Config, s string) (Config, error) { return parseConfigOn(base, s) }
