package search

import (
	"github.com/govnews/govnews/index"
)

// A keyGroup is words typed together ("ủy ban nhân dân", "kỳ họp"): the
// keys of the whole (the words side by side, and an abbreviation or
// expansion that spells the same) and the keys of its words one by one.
// Where the text holds the whole, a word of it standing alone elsewhere
// ("ban" of "ban hành" beside "UBND", "Kỳ" of "Hoa Kỳ" beside "kỳ họp")
// is not what the reader asked for and is not marked.
type keyGroup struct {
	whole, parts []int
}

// groupKeys finds the highlighter's groups: each run of two typed words
// or more, and each expansion or abbreviation matched in a run
// (expandRun's alternatives). A key of a word typed alone, or quoted, is
// free: always marked.
func (h *highlighter) groupKeys(q *Query) {
	keyAt := make(map[string]int, len(h.keys))
	for i, k := range h.keys {
		keyAt[k] = i
	}
	h.free = make([]bool, len(h.keys))
	keysOf := func(keys []string) []int {
		var out []int
		for _, k := range keys {
			if i, ok := keyAt[looseKey(k)]; ok {
				out = append(out, i)
			}
		}
		return out
	}
	wordKeys := func(words []string) []int {
		var out []int
		for _, w := range words {
			out = append(out, keysOf(index.FoldedSpellings(w))...)
		}
		return out
	}
	for _, run := range q.Runs {
		if len(run) < 2 {
			for _, i := range wordKeys(run) {
				h.free[i] = true
			}
			continue
		}
		h.wholes = append(h.wholes, keyGroup{whole: keysOf(foldedKeys(run)), parts: wordKeys(run)})
	}
	var walk func(n Node)
	walk = func(n Node) {
		if n.Kind == NodePhrase && !n.Expanded {
			for _, i := range keysOf(foldedKeys(n.Words)) {
				h.free[i] = true
			}
		}
		if n.Kind == NodeAny && len(n.Alts) > 1 && n.Alts[0].Kind == NodeAll {
			// "ủy ban nhân dân" typed: its words, or UBND.
			words := leafWords(n.Alts[0])
			g := keyGroup{whole: keysOf(foldedKeys(words)), parts: wordKeys(words)}
			for _, a := range n.Alts[1:] {
				switch a.Kind {
				case NodeWord:
					g.whole = append(g.whole, keysOf(index.FoldedSpellings(a.Words[0]))...)
				case NodePhrase:
					g.whole = append(g.whole, keysOf(foldedKeys(a.Words))...)
				case NodeAny:
					for _, b := range a.Alts {
						g.whole = append(g.whole, keysOf(foldedKeys(leafWords(b)))...)
					}
				}
			}
			h.wholes = append(h.wholes, g)
		}
		for _, a := range n.Alts {
			walk(a)
		}
	}
	for _, n := range q.Must {
		walk(n)
	}
}

// leafWords are a node's words in order: a word's, a phrase's, and the
// first alternative's of each part of NodeAll or NodeAny.
func leafWords(n Node) []string {
	switch n.Kind {
	case NodeAll:
		var out []string
		for _, a := range n.Alts {
			out = append(out, leafWords(a)...)
		}
		return out
	case NodeAny:
		if len(n.Alts) > 0 {
			return leafWords(n.Alts[0])
		}
		return nil
	default:
		return n.Words
	}
}

// dropPartsOfWholes leaves out the matches of a group's single words
// where the text holds the group whole somewhere, unless the word is also
// asked for on its own.
func (h *highlighter) dropPartsOfWholes(ms []match) []match {
	if len(h.wholes) == 0 || len(ms) == 0 {
		return ms
	}
	matched := make([]bool, len(h.keys))
	for _, m := range ms {
		matched[m.key] = true
	}
	var drop, keep []bool
	for _, g := range h.wholes {
		held := false
		for _, i := range g.whole {
			held = held || matched[i]
		}
		if !held {
			continue
		}
		if drop == nil {
			drop, keep = make([]bool, len(h.keys)), make([]bool, len(h.keys))
		}
		for _, i := range g.parts {
			drop[i] = true
		}
		for _, i := range g.whole {
			keep[i] = true
		}
	}
	if drop == nil {
		return ms
	}
	out := ms[:0]
	for _, m := range ms {
		if !drop[m.key] || keep[m.key] || h.free[m.key] {
			out = append(out, m)
		}
	}
	return out
}
