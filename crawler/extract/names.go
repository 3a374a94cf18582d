package extract

import (
	"strings"
	"unicode"
)

// names matches class and id strings against a list of name fragments. It
// does what an alternation regexp would, several times faster: class names
// are matched for every element of every page.
type names struct {
	subs  []string        // fragments found anywhere: "comment" in "comment-list"
	words map[string]bool // whole words only: "ad" in "ad banner", not in "header"
}

// newNames reads "a|b|=c": fragments, and =words matched whole.
func newNames(spec string) names {
	n := names{words: map[string]bool{}}
	for _, p := range strings.Split(spec, "|") {
		if w, ok := strings.CutPrefix(p, "="); ok {
			n.words[w] = true
		} else if p != "" {
			n.subs = append(n.subs, p)
		}
	}
	return n
}

func (n names) MatchString(s string) bool {
	if s == "" {
		return false
	}
	for _, f := range n.subs {
		if strings.Contains(s, f) {
			return true
		}
	}
	if len(n.words) == 0 {
		return false
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if n.words[w] {
			return true
		}
	}
	return false
}
