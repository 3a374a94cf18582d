package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// teasers counts the blocks under n that look like entries of a category
// page (a headline link and at most a short summary), their text and the
// text of their links.
func teasers(n *html.Node, c counter) (count, chars, links int) {
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
					links += st.link
					continue
				}
			}
			walk(ch)
		}
	}
	walk(n)
	return
}

// headlineLink says whether n starts with a link whose text is a
// headline, as the entries of a category page do; a short date or label
// may stand before it ("12/10/2023 Ký kết thỏa thuận …").
func headlineLink(n *html.Node) bool {
	before := 0
	var link *html.Node
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				before += runes(strings.TrimSpace(c.Data))
				if before > 25 {
					return true
				}
			case html.ElementNode:
				if skipTag(c.DataAtom) {
					continue
				}
				if c.DataAtom == atom.A && runes(textOf(c)) > 0 {
					link = c
					return true
				}
				if walk(c) {
					return true
				}
			}
		}
		return false
	}
	walk(n)
	return link != nil && attr(link, "href") != "" && runes(textOf(link)) >= 20
}

// kind: an article has a body with real paragraphs; a page that is mostly
// headline links is a listing.
func (x *extraction) kind(r *Result, paras []string, listing, siteTitle bool) string {
	long, veryLong := 0, 0
	for _, p := range paras {
		if k := utf8.RuneCountInString(p); k >= 120 {
			long++
			if k >= 400 {
				veryLong++
			}
		}
	}
	if listing && veryLong < 2 {
		return KindListing
	}
	// Short notices ("Thông báo lịch tiếp công dân") are news too. A page
	// whose only title is the site's name is a home or section page.
	if r.Title != "" && !siteTitle && (runes(r.Body) >= 150 || long >= 1) {
		return KindArticle
	}
	c := counter{}
	b := x.bodyElement()
	c.count(b)
	if n, _, _ := teasers(b, c); n >= 5 {
		return KindListing
	}
	return KindOther
}
