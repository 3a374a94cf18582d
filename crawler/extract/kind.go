package extract

import (
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
			case atom.Li, atom.Div, atom.Article, atom.Tr, atom.Dl, atom.Section, atom.P:
				st := c[ch]
				if st.text > 0 && st.text <= 700 && headlineLink(ch) {
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

// headlineLink says whether n holds a link whose text is a headline.
func headlineLink(n *html.Node) bool {
	for _, e := range elements(n) {
		if e.DataAtom == atom.A && attr(e, "href") != "" && runes(textOf(e)) >= 20 {
			return true
		}
	}
	return false
}
