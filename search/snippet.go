package search

import (
	"html"
	"strings"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
)

// highlighter marks, in the original accented text, the words a query
// asked for. It works on the stored text, so the index needs no term
// vectors.
type highlighter struct {
	words   map[string]bool // folded words to mark wherever they stand
	phrases [][]string      // folded phrases: marked only where the whole phrase stands
}

func newHighlighter(q *Query) *highlighter {
	h := &highlighter{words: map[string]bool{}}
	var add func(n Node)
	add = func(n Node) {
		switch n.Kind {
		case NodeAny, NodeAll:
			for _, a := range n.Alts {
				add(a)
			}
		case NodePhrase:
			p := make([]string, len(n.Words))
			for i, w := range n.Words {
				p[i] = index.FoldedTerm(w)
			}
			h.phrases = append(h.phrases, p)
		default:
			for _, tk := range vietnamese.Tokenize(n.Words[0], true) {
				h.words[index.FoldedTerm(tk.Text)] = true
			}
		}
	}
	for _, n := range q.Must {
		add(n)
	}
	return h
}

const snippetWords = 36

// Snippet returns HTML: a window of the text around the most matched words,
// escaped, with matches wrapped in <mark>.
func (h *highlighter) Snippet(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	toks := vietnamese.Tokenize(text, false)
	if len(toks) == 0 {
		return ""
	}
	hit := make([]bool, len(toks))
	folded := make([]string, len(toks))
	for i, tk := range toks {
		folded[i] = index.FoldedTerm(tk.Text)
		hit[i] = h.words[folded[i]]
	}
	for _, p := range h.phrases {
	next:
		for i := 0; i+len(p) <= len(toks); i++ {
			for k, w := range p {
				if folded[i+k] != w {
					continue next
				}
			}
			for k := range p {
				hit[i+k] = true
			}
		}
	}
	// The window with the most distinct matched words wins; then the earliest.
	best, bestScore := 0, -1
	for start := 0; start < len(toks); start++ {
		if start > 0 && !hit[start] {
			continue
		}
		end := min(start+snippetWords, len(toks))
		distinct := map[string]bool{}
		count := 0
		for i := start; i < end; i++ {
			if hit[i] {
				distinct[folded[i]] = true
				count++
			}
		}
		score := len(distinct)*100 + count
		if score > bestScore {
			best, bestScore = start, score
		}
	}
	// Start a few words before the first match, for context.
	start := max(0, best-6)
	if best == 0 {
		start = 0
	}
	end := min(start+snippetWords, len(toks))
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	pos := toks[start].Start
	for i := start; i < end; i++ {
		tk := toks[i]
		b.WriteString(html.EscapeString(text[pos:tk.Start]))
		if hit[i] {
			b.WriteString("<mark>")
			b.WriteString(html.EscapeString(tk.Text))
			b.WriteString("</mark>")
		} else {
			b.WriteString(html.EscapeString(tk.Text))
		}
		pos = tk.End
	}
	if end < len(toks) {
		b.WriteString(html.EscapeString(strings.TrimRight(text[pos:toks[end].Start], " ")))
		b.WriteString(" …")
	} else {
		b.WriteString(html.EscapeString(text[pos:]))
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
