package search

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
)

// highlighter marks, in the original accented text, what a query asked
// for. It works on the stored text (the index has no term vectors) and is
// on the hot path of every search page, so it folds each text once and
// finds matches with substring search instead of tokenizing it.
type highlighter struct {
	// keys are folded words ("kinh", "kh&cn") and phrases ("uy ban nhan
	// dan"); a phrase is marked only where it stands whole.
	keys []string
	// exact holds, per key, the canonical spelling of each of its words
	// the user typed with diacritics ("" for a word typed without, and
	// nil for a key the user did not spell: an abbreviation's
	// expansion). A match whose words are spelled otherwise is a
	// look-alike (kiếm for kiêm, tình for tỉnh) and is not marked.
	exact [][]string
	// wholes: words typed together and where each stands whole (wholes.go).
	wholes []keyGroup
	free   []bool // per key: marked on its own whatever the groups say
}

// typedSpelling is what exact holds for words typed as given. plain says
// the query is a keyword query typed with diacritics, whose words typed
// without them are spelled so too (Hoa is not Hòa; plan.go's plainExact).
func typedSpelling(words []string, plain bool) []string {
	var out []string
	marked := false
	for _, w := range words {
		switch {
		case vietnamese.HasDiacritics(w):
			out = append(out, vietnamese.YSpelling(w))
			marked = true
		case plain && len(vietnamese.AccentedSpellings(w)) > 0:
			out = append(out, vietnamese.YSpelling(w))
			marked = true
		default:
			out = append(out, "")
		}
	}
	if !marked {
		return nil
	}
	return out
}

// spelledAsTyped reports whether the original text of a match holds the
// key's words as the user spelled them.
func (h *highlighter) spelledAsTyped(key int, original string) bool {
	want := h.exact[key]
	if want == nil {
		return true
	}
	words := strings.FieldsFunc(original, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) })
	if len(words) != len(want) {
		return true // a compound's parts: not a spelling to check
	}
	for i, w := range words {
		if want[i] != "" && vietnamese.YSpelling(w) != want[i] {
			return false
		}
	}
	return true
}

func newHighlighter(q *Query) *highlighter {
	plain := !q.Soft() && q.writtenInFull()
	seen := map[string]bool{}
	h := &highlighter{}
	add := func(k string, exact []string) {
		k = looseKey(k)
		if k != "" && !seen[k] {
			seen[k] = true
			h.keys = append(h.keys, k)
			h.exact = append(h.exact, exact)
		}
	}
	var walk func(n Node)
	walk = func(n Node) {
		switch n.Kind {
		case NodeAny, NodeAll:
			for _, a := range n.Alts {
				walk(a)
			}
		case NodePhrase:
			var exact []string
			if !n.Expanded {
				exact = typedSpelling(n.Words, plain)
			}
			for _, k := range foldedKeys(n.Words) {
				add(k, exact)
			}
		default:
			if isRef(n.Words[0]) {
				// A document number is marked whole (or as the
				// beginning of a longer one it finds): its parts
				// "QĐ" and "UBND" would mark pieces of other
				// numbers.
				add(index.FoldedTerm(n.Words[0]), nil)
				return
			}
			for _, tk := range vietnamese.Tokenize(n.Words[0], true) {
				for _, k := range index.FoldedSpellings(tk.Text) {
					add(k, typedSpelling([]string{tk.Text}, plain))
				}
			}
		}
	}
	for _, n := range q.Must {
		walk(n)
	}
	// Words typed next to each other are marked as one span where they
	// stand together in the text, and such a window is preferred.
	for _, run := range q.Runs {
		for _, k := range foldedKeys(run) {
			add(k, typedSpelling(run, plain))
		}
	}
	h.groupKeys(q)
	return h
}

// maxSpellingKeys bounds the keys one phrase adds for its i/y spellings
// (a phrase of many such words marks its first spellings only).
const maxSpellingKeys = 8

// foldedKeys are the folded keys of words next to each other, one per
// combination of their i/y spellings ("ky hop", "ki hop").
func foldedKeys(words []string) []string {
	keys := []string{""}
	for i, w := range words {
		sp := index.FoldedSpellings(w)
		var next []string
		for _, k := range keys {
			for j, f := range sp {
				if j > 0 && len(next) >= maxSpellingKeys {
					break
				}
				if i > 0 {
					f = k + " " + f
				}
				next = append(next, f)
			}
		}
		keys = next
	}
	return keys
}

// weight of a key when choosing the snippet's window: the words it covers,
// and one more for a phrase, so "kiêm nhiệm" together beats the two words
// apart.
func keyWeight(key string) int {
	if n := strings.Count(key, " ") + 1; n > 1 {
		return n + 1
	}
	return 1
}

// foldedText is a text folded to lowercase without diacritics, runs of
// white space made one space, with the original byte offset of every
// folded byte (off has one more entry: the end).
type foldedText struct {
	s   string
	off []int32
}

// isJoiner reports whether r joins the parts of a compound (250/QĐ-SKHCN,
// KH&CN, TP.HCM, 77/KH–SKHCN): the folded text and the keys read it as a
// space, so a number is marked inside a quoted phrase ("Kế hoạch số
// 68-KH/TU", whose words are the number's parts), with an en dash where a
// hyphen was typed, and "TP.HCM" where "TP HCM" was.
func isJoiner(r rune) bool {
	switch r {
	case '-', '/', '&', '.', '\u2013', '\u2014':
		return true
	}
	return false
}

// looseKey is a key as foldWithOffsets reads the text: joiners as spaces.
func looseKey(k string) string {
	return strings.Join(strings.FieldsFunc(k, func(r rune) bool { return unicode.IsSpace(r) || isJoiner(r) }), " ")
}

func foldWithOffsets(text string) foldedText {
	b := make([]byte, 0, len(text))
	off := make([]int32, 0, len(text)+1)
	space := false
	for i, r := range text {
		if unicode.IsSpace(r) || isJoiner(r) {
			if !space && len(b) > 0 {
				b = append(b, ' ')
				off = append(off, int32(i))
			}
			space = true
			continue
		}
		space = false
		f := vietnamese.FoldRune(r)
		if f < utf8.RuneSelf {
			b = append(b, byte(f))
			off = append(off, int32(i))
			continue
		}
		n := len(b)
		b = utf8.AppendRune(b, f)
		for range len(b) - n {
			off = append(off, int32(i))
		}
	}
	off = append(off, int32(len(text)))
	return foldedText{s: string(b), off: off}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

type match struct {
	start, end int // in the folded text
	key        int
}

// matches finds every key where it stands as whole words.
func (h *highlighter) matches(ft foldedText, text string) []match {
	var ms []match
	for k, key := range h.keys {
		for from := 0; from < len(ft.s); {
			i := strings.Index(ft.s[from:], key)
			if i < 0 {
				break
			}
			start, end := from+i, from+i+len(key)
			if (start == 0 || !isWordByte(ft.s[start-1])) && (end == len(ft.s) || !isWordByte(ft.s[end])) &&
				h.spelledAsTyped(k, text[ft.off[start]:ft.off[end]]) && !spansBreak(text[ft.off[start]:ft.off[end]]) {
				ms = append(ms, match{start, end, k})
			}
			from = start + 1
		}
	}
	ms = h.dropPartsOfWholes(ms)
	sort.Slice(ms, func(i, j int) bool {
		return ms[i].start < ms[j].start || ms[i].start == ms[j].start && ms[i].end > ms[j].end
	})
	// Drop matches inside a longer one ("kh" inside "kh&cn").
	out := ms[:0]
	lastEnd := -1
	for _, m := range ms {
		if m.start < lastEnd {
			continue
		}
		out = append(out, m)
		lastEnd = m.end
	}
	return out
}

// snippetBytes is the length of a snippet, in folded bytes (about the
// same in characters).
const snippetBytes = 220

// Snippet returns HTML: a window of the text around the most matched
// words, escaped, with the matches wrapped in <mark>.
func (h *highlighter) Snippet(text string) string {
	ft := foldWithOffsets(text)
	if len(ft.s) == 0 {
		return ""
	}
	ms := h.matches(ft, text)
	// The window with the heaviest distinct keys wins, then the most
	// matches, then the earliest.
	bestI, bestJ, bestScore := 0, 0, -1
	counts := make([]int, len(h.keys))
	weight := 0 // of the distinct keys in the window
	j := 0
	for i := range ms {
		for j < len(ms) && ms[j].end-ms[i].start <= snippetBytes {
			if counts[ms[j].key] == 0 {
				weight += keyWeight(h.keys[ms[j].key])
			}
			counts[ms[j].key]++
			j++
		}
		if score := weight*1000 + (j - i); score > bestScore {
			bestI, bestJ, bestScore = i, j, score
		}
		counts[ms[i].key]--
		if counts[ms[i].key] == 0 {
			weight -= keyWeight(h.keys[ms[i].key])
		}
	}
	start := 0
	if bestScore >= 0 {
		// Some context before the first match, from a word start.
		span := ms[bestJ-1].end - ms[bestI].start
		start = max(0, ms[bestI].start-max(20, (snippetBytes-span)/3))
		for start > 0 && ft.s[start-1] != ' ' {
			start--
		}
		if start < 40 {
			start = 0
		}
	}
	end := min(len(ft.s), start+snippetBytes)
	for end < len(ft.s) && ft.s[end] != ' ' {
		end++
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	origEnd := int(ft.off[end])
	pos := int(ft.off[start])
	for _, m := range ms[min(bestI, len(ms)):] {
		if m.start < start {
			continue
		}
		if m.end > end {
			break
		}
		ms, me := int(ft.off[m.start]), int(ft.off[m.end])
		b.WriteString(html.EscapeString(collapse(text[pos:ms])))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[ms:me]))
		b.WriteString("</mark>")
		pos = me
	}
	b.WriteString(html.EscapeString(collapse(text[pos:origEnd])))
	if end < len(ft.s) {
		b.WriteString(" …")
	}
	return strings.TrimSpace(b.String())
}

// collapse makes runs of white space one space, as in the folded text.
func collapse(s string) string {
	if !strings.ContainsAny(s, "\n\r\t\u00a0") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// PlainSnippet turns a snippet into text for a terminal, matches in [brackets]
// (or the given marks).
func PlainSnippet(snippet, open, close string) string {
	s := strings.ReplaceAll(snippet, "<mark>", open)
	s = strings.ReplaceAll(s, "</mark>", close)
	return html.UnescapeString(s)
}

// spansBreak reports whether a match runs across a sentence's or a
// paragraph's end ("bí thư.\n\nĐồng thời"), where the search finds no
// phrase either.
func spansBreak(s string) bool {
	if !strings.ContainsAny(s, ".!?;…\n\r") {
		return false
	}
	for _, tk := range vietnamese.Tokenize(s, false) {
		if tk.Break {
			return true
		}
	}
	return false
}
