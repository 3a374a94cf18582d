package index

import (
	"strings"
	"unicode/utf8"
)

// MaxBodyBytes is the most body text an article keeps, in bytes of UTF-8:
// 1 MiB, some 150,000 Vietnamese words, far beyond any news article. A
// portal that pastes a whole report (or a broken page that repeats itself)
// into one article, or an imported record with a runaway body, made a
// 24 MB body that took 825 MB of RAM to index and 2.6 s to search. Past
// the cap the text is cut by CapBody. It is the one cap of every path:
// extraction (crawl, reindex --reextract) and import apply it and log the
// cut, and Article.Normalize applies it to whatever reaches the index.
const MaxBodyBytes = 1 << 20

// CapBody cuts body to at most MaxBodyBytes (see capText) and says whether
// it was cut.
func CapBody(body string) (string, bool) { return capText(body, MaxBodyBytes) }

// capText cuts s to at most max bytes, at the last paragraph break within
// the limit, else the last sentence end, else the last space, else a rune
// boundary; a boundary is taken only in the second half of the limit, so
// that a cut never keeps much less than it may. It says whether s was cut.
func capText(s string, max int) (string, bool) {
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
