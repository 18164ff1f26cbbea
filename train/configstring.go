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
// Settings left out keep their defaults: DefaultConfig's, and for the
// optimizer its Keras defaults. For every valid c, ParseConfig(c.String())
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
		switch _, known := specByKey(k); {
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
	c := base
	c.Hidden = slices.Clone(base.Hidden)
	for _, sp := range orderedSpecs() {
		if v, ok := vals[sp.configKey()]; ok {
			if err := sp.set(&c, v); err != nil {
				return Config{}, fmt.Errorf("config %s=%s: %w", sp.configKey(), v, err)
			}
		}
	}
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, nil
}

// configKey returns the key of s in configuration strings.
func (s spec) configKey() string {
	if s.key != "" {
		return s.key
	}
	return s.name
}

// specByKey returns the spec of configuration key k.
func specByKey(k string) (spec, bool) {
	for _, s := range specs {
		if s.configKey() == k {
			return s, true
		}
	}
	return spec{}, false
}

// configKeys lists the keys of configuration strings.
func configKeys() []string {
	keys := make([]string, len(specs))
	for i, s := range specs {
		keys[i] = s.configKey()
	}
	return keys
}
