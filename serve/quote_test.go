package serve

import (
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"student":                    "student",
		"eve\nconnect addr=1.2.3.4":  `eve\nconnect addr=1.2.3.4`,
		"\x1b[2J\x1b]0;pwned\x07":    `\x1b[2J\x1b]0;pwned\a`,
		"bad\xffutf8":                `bad\xffutf8`,
		"ünïcødé ✓":                  "ünïcødé ✓",
		strings.Repeat("a", 250_000): strings.Repeat("a", 80) + "…",
		strings.Repeat("é", 81):      strings.Repeat("é", 80) + "…",
		strings.Repeat("é", 80):      strings.Repeat("é", 80),
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%.40q) = %q, want %q", in, got, want)
		}
	}
}
