package web

import (
	"html"
	"html/template"
	"strings"
)

// safeSnippet keeps exactly one kind of markup from a search snippet,
// <mark>…</mark>, and escapes everything else again. The search package
// already escapes, but a snippet is crawled text: if an escaping bug ever
// let a tag through, it is shown here as text rather than run.
func safeSnippet(snippet string) string {
	var b strings.Builder
	open := false
	for len(snippet) > 0 {
		i := strings.Index(snippet, "<mark>")
		j := strings.Index(snippet, "</mark>")
		next, tag, size := -1, "", 0
		switch {
		case i >= 0 && (j < 0 || i < j):
			next, tag, size = i, "<mark>", len("<mark>")
		case j >= 0:
			next, tag, size = j, "</mark>", len("</mark>")
		}
		if next < 0 {
			b.WriteString(template.HTMLEscapeString(html.UnescapeString(snippet)))
			break
		}
		b.WriteString(template.HTMLEscapeString(html.UnescapeString(snippet[:next])))
		// Only balanced tags survive: a stray </mark> or a nested <mark>
		// would otherwise break the page's structure.
		if (tag == "<mark>") != open {
			b.WriteString(tag)
			open = !open
		}
		snippet = snippet[next+size:]
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}
