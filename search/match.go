package search

import (
	"strings"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
)

// text is an article's words prepared for matching a query in memory,
// without the index: topics are tagged this way before an article is stored.
type text struct {
	exact, folded       []string        // parts, in order
	exactSet, foldedSet map[string]bool // parts and whole compounds
}

func newText(s string) *text {
	t := &text{exactSet: map[string]bool{}, foldedSet: map[string]bool{}}
	for _, tk := range vietnamese.Tokenize(vietnamese.NFC(s), true) {
		e, f := index.ExactTerm(tk.Text), index.FoldedTerm(tk.Text)
		t.exactSet[e] = true
		t.foldedSet[f] = true
		if !tk.Compound {
			t.exact = append(t.exact, e)
			t.folded = append(t.folded, f)
		}
	}
	return t
}

func (t *text) matches(n Node) bool {
	switch n.Kind {
	case NodeAny:
		for _, a := range n.Alts {
			if t.matches(a) {
				return true
			}
		}
		return false
	case NodeAll:
		for _, a := range n.Alts {
			if !t.matches(a) {
				return false
			}
		}
		return true
	case NodePhrase:
		return t.hasPhrase(n.Words)
	default:
		w := n.Words[0]
		if n.ExactOnly || vietnamese.HasDiacritics(w) {
			if t.exactSet[index.ExactTerm(w)] {
				return true
			}
		} else if t.foldedSet[index.FoldedTerm(w)] {
			return true
		}
		if parts := phraseWords(w); len(parts) > 1 && !n.ExactOnly && !vietnamese.IsDocumentRef(w) {
			return t.hasPhrase(parts)
		}
		return false
	}
}

// hasPhrase: the words, next to each other. Words typed with diacritics
// must match exactly; words typed without match either way.
func (t *text) hasPhrase(words []string) bool {
	if len(words) == 0 {
		return false
	}
	want := make([]string, len(words))
	exact := make([]bool, len(words))
	for i, w := range words {
		exact[i] = vietnamese.HasDiacritics(w)
		if exact[i] {
			want[i] = index.ExactTerm(w)
		} else {
			want[i] = index.FoldedTerm(w)
		}
	}
outer:
	for i := 0; i+len(want) <= len(t.exact); i++ {
		for k := range want {
			got := t.folded[i+k]
			if exact[k] {
				got = t.exact[i+k]
			}
			if got != want[k] {
				continue outer
			}
		}
		return true
	}
	return false
}

// Matches reports whether an article matches the query's words and its
// province, source and agency filters, without the index.
func (q *Query) Matches(a *index.Article) bool {
	return q.matchesText(articleText(a), a)
}

func articleText(a *index.Article) *text {
	return newText(a.DisplayTitle() + "\n\n" + a.Lead + "\n\n" + a.Body)
}

// matchesText is Matches with the article's words already prepared, so
// many queries (the topics) cost one tokenization.
func (q *Query) matchesText(t *text, a *index.Article) bool {
	for _, n := range q.Must {
		if !t.matches(n) {
			return false
		}
	}
	for _, n := range q.Not {
		if t.matches(n) {
			return false
		}
	}
	if len(q.Provinces) > 0 && !anyKey(q.Provinces, index.ProvinceKeys(a.Province, a.ProvinceNow), index.ProvinceKey) {
		return false
	}
	if len(q.Sources) > 0 && !anyKey(q.Sources, []string{a.Source}, strings.TrimSpace) {
		return false
	}
	if len(q.Agencies) > 0 && !anyKey(q.Agencies, []string{a.Agency}, vietnamese.NFC) {
		return false
	}
	return true
}

func anyKey(values, have []string, norm func(string) string) bool {
	for _, v := range values {
		for _, h := range have {
			if norm(v) == norm(h) {
				return true
			}
		}
	}
	return false
}
