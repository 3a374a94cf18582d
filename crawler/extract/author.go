package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// author finds a byline shown outside the body: the profile's author
// element, a labelled line in the article header, or what JSON-LD and
// article:author declare. A byline ending the body is taken later, from the
// rendered paragraphs.
func (x *extraction) author() string {
	if n := x.selectFirst(x.profSel(func(p *profile) []string { return p.author })); n != nil {
		t := textOf(n)
		if name := byline(t); name != "" {
			return name
		}
		if m := authorLabel.FindStringSubmatch(t); m == nil && runes(t) <= 60 {
			return t
		}
	}
	// "Tác giả : Trúc Ly" in an article header, alone or after the date:
	// "Thứ năm, 02/03/2023 | Tác giả: Minh Khoa".
	var found string
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if !strings.Contains(c.Data, ":") && !strings.Contains(c.Data, "bởi") {
					continue
				}
				block := c.Parent
				for block.Parent != nil && !isBlock(block.DataAtom) && block.DataAtom != atom.Body {
					block = block.Parent
				}
				t := textOf(block)
				if runes(t) > 120 || offArticle(block) {
					continue
				}
				if authorLabel.MatchString(t) {
					if name := byline(t); name != "" {
						found = name
						return true
					}
				}
				// "Nguyên Minh - 07/03/2026 08:47" under the headline:
				// the date's line names the author too.
				if name, _, ok := datedByline(t); ok && name != "" {
					found = name
					return true
				}
				if m := authorInside.FindStringSubmatch(t); m != nil {
					if name := byline("Tác giả: " + m[1]); name != "" {
						found = name
						return true
					}
				}
			case html.ElementNode:
				if !skipTag(c.DataAtom) && walk(c) {
					return true
				}
			}
		}
		return false
	}
	if walk(x.root) {
		return found
	}
	return x.meta.author
}
