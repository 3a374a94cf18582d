package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// teasers counts the blocks under n that look like entries of a category
// page: a headline link and at most a short summary.
func teasers(n *html.Node, c counter) (count, chars int) {
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			switch ch.DataAtom {
			case atom.Li, atom.Div, atom.Article, atom.Tr, atom.Dl, atom.Section:
				st := c[ch]
				if st.text > 0 && st.text <= 350 && headlineLink(ch) {
					count++
					chars += st.text
					continue
				}
			}
			walk(ch)
		}
	}
	walk(n)
	return
}

// headlineLink says whether n starts with a link whose text is a headline,
// as the entries of a category page do.
func headlineLink(n *html.Node) bool {
	var first *html.Node
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
				first = c
				return true
			}
			if c.Type == html.ElementNode && !skipTag(c.DataAtom) && walk(c) {
				return true
			}
		}
		return false
	}
	walk(n)
	for a := first; a != nil && a != n; a = a.Parent {
		if a.DataAtom == atom.A {
			return attr(a, "href") != "" && runes(textOf(a)) >= 20
		}
	}
	return false
}
