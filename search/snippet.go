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
	words map[string]bool // folded words to mark
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
		default:
			for _, w := range n.Words {
				for _, tk := range vietnamese.Tokenize(w, true) {
					h.words[index.FoldedTerm(tk.Text)] = true
				}
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
	for i, tk := range toks {
		hit[i] = h.words[index.FoldedTerm(tk.Text)]
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
				distinct[index.FoldedTerm(toks[i].Text)] = true
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
