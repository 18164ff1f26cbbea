package train

import (
	"fmt"
	"strings"
)

// enumName returns names[v], or type(v) for a value without a name.
func enumName[T ~int](names []string, v T, typ string) string {
	if v < 0 || int(v) >= len(names) {
		return fmt.Sprintf("%s(%d)", typ, int(v))
	}
	return names[v]
}

// parseEnum returns the value named s, ignoring case and spaces; the error
// names what was looked for and lists the names.
func parseEnum[T ~int](names []string, s, what string) (T, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for i, name := range names {
		if name == s {
			return T(i), nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q (valid: %s)", what, s, strings.Join(names, ", "))
}
