package search

import (
	"strings"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
)

// text is an article's words prepared for matching a query in memory,
// without the index: topics are tagged this way before an article is
// stored, for every article, so only the folded forms are computed up
// front; the exact spellings are computed when a folded match needs
// confirming, which most articles never reach.
type text struct {
	toks      []vietnamese.Token
	folded    []string        // parts, in order; sentenceBreak between sentences and paragraphs
	foldedSet map[string]bool // parts and whole compounds
	exactSet  map[string]bool // parts and whole compounds (lazily)
}

func newText(s string) *text {
	t := &text{toks: vietnamese.Tokenize(vietnamese.NFC(s), true)}
	t.foldedSet = make(map[string]bool, len(t.toks)/2)
	t.folded = make([]string, 0, len(t.toks))
	for _, tk := range t.toks {
		f := foldSpelling(tk.Text)
		t.foldedSet[f] = true
		if !tk.Compound {
			if tk.Break {
				t.folded = append(t.folded, sentenceBreak)
			}
			t.folded = append(t.folded, f)
		}
	}
	return t
}

// sentenceBreak stands in text.folded where a sentence or paragraph ends,
// so that no phrase (and no topic) runs across it; no word folds to it.
const sentenceBreak = "\x00"

func (t *text) exactForms() {
	if t.exactSet != nil {
		return
	}
	t.exactSet = make(map[string]bool, len(t.toks)/2)
	for _, tk := range t.toks {
		t.exactSet[vietnamese.YSpelling(tk.Text)] = true
	}
}

func (t *text) hasExact(w string) bool {
	if !t.foldedSet[foldSpelling(w)] {
		return false
	}
	t.exactForms()
	return t.exactSet[vietnamese.YSpelling(w)]
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
		// As in the search: diacritics rank, they do not filter; only
		// abbreviation synonyms and excluded accented words are exact.
		w := n.Words[0]
		if n.ExactOnly {
			if t.hasExact(w) {
				return true
			}
		} else if t.foldedSet[foldSpelling(w)] {
			return true
		}
		if parts := phraseWords(w); len(parts) > 1 && !isRef(w) {
			return t.hasPhrase(parts)
		}
		return false
	}
}

// hasPhrase: the words, next to each other, compared folded as the bigram
// index compares them.
func (t *text) hasPhrase(words []string) bool {
	if len(words) == 0 {
		return false
	}
	folded := make([]string, len(words))
	for i, w := range words {
		folded[i] = foldSpelling(w)
		if !t.foldedSet[folded[i]] {
			return false // cheap rejection: a word is missing altogether
		}
	}
outer:
	for i := 0; i+len(words) <= len(t.folded); i++ {
		for k := range words {
			if t.folded[i+k] != folded[k] {
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
		if t.matches(exclusion(n)) {
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

// foldSpelling is a word's folded form with its i/y spelling merged (kì
// and kỳ are both "ky", sĩ and sỹ "sy"), so that matching in memory finds
// both spellings as the search does (index.FoldedSpellings).
func foldSpelling(w string) string { return index.FoldedTerm(vietnamese.YSpelling(w)) }
