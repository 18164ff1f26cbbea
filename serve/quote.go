package serve

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// quoteLen is how many characters of a client's input an error message or
// a log line quotes.
const quoteLen = 80

// quote returns s for a message or a log line: its first 80 characters,
// "…" if there were more, with control characters and invalid UTF-8
// escaped as Go escapes them, so that nothing a client sends can start a
// line or move a cursor.
func quote(s string) string { return clip(s, quoteLen) }

// clip returns the first n characters of s, escaped as quote escapes them,
// and "…" if s has more.
func clip(s string, n int) string {
	var b strings.Builder
	for i := 0; i < len(s); n-- {
		if n == 0 {
			b.WriteString("…")
			break
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			q := strconv.Quote(s[i : i+w])
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String()
}
