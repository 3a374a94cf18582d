package extract

import (
	"strings"
	"unicode/utf8"
)

// MaxBodyText is the most body text an article keeps, in bytes of UTF-8:
// 1 MiB, some 150,000 Vietnamese words, far beyond any news article. A
// portal that pastes a whole report (or a broken page that repeats itself)
// into one article made a 24 MB body that took 825 MB of RAM to index and
// 2.6 s to search; past the cap the text is cut at a paragraph (else a
// sentence) boundary and Result.Truncated is set.
const MaxBodyText = 1 << 20

// CapText cuts s to at most max bytes, at the last paragraph break within
// the limit, else the last sentence end, else the last space, else a rune
// boundary; a boundary is taken only in the second half of the limit, so
// that a cut never keeps much less than it may. It says whether s was cut.
func CapText(s string, max int) (string, bool) {
	if len(s) <= max {
		return s, false
	}
	head := s[:max]
	for _, cut := range []func(string) int{
		func(h string) int { return strings.LastIndex(h, "\n\n") },
		lastSentenceEnd,
		func(h string) int { return strings.LastIndexAny(h, " \n") },
	} {
		if i := cut(head); i >= max/2 {
			return strings.TrimRight(s[:i], " \n"), true
		}
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	return s[:max], true
}

// lastSentenceEnd is the index just past the last ".", "?", "!" or "…"
// followed by a space or newline in h, or -1.
func lastSentenceEnd(h string) int {
	for i := len(h) - 1; i > 0; i-- {
		if h[i] != ' ' && h[i] != '\n' {
			continue
		}
		switch {
		case strings.HasSuffix(h[:i], "."), strings.HasSuffix(h[:i], "?"), strings.HasSuffix(h[:i], "!"), strings.HasSuffix(h[:i], "…"):
			return i
		}
	}
	return -1
}
