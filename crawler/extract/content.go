package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/govnews/govnews/index/vietnamese"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// content finds the elements that hold the article: the override or
// profile selector when it finds text, the generic scoring otherwise.
func (x *extraction) content(body, titleNode *html.Node) ([]*html.Node, bool) {
	for _, s := range append(x.opts.Selectors.Remove, x.profSel(func(p *profile) []string { return p.remove })...) {
		x.doc.Find(s).Each(func(_ int, sel *goquery.Selection) { remove(sel.Get(0)) })
	}
	sels := x.profSel(func(p *profile) []string { return p.body })
	if s := x.opts.Selectors.Body; s != "" {
		sels = append([]string{s}, sels...)
	}
	x.profListing = x.prof != nil && x.prof.listing != "" && x.doc.Find(x.prof.listing).Length() >= 3
	for _, s := range sels {
		override := s == x.opts.Selectors.Body
		if weak, ok := strings.CutPrefix(s, "?"); ok && !override {
			if x.profListing {
				continue
			}
			s = weak
		}
		var best *html.Node
		bestLen := 0
		x.doc.Find(s).Each(func(_ int, sel *goquery.Selection) {
			n := sel.Get(0)
			if !override && inBox(n) {
				return
			}
			if k := runes(textOf(n)); k > bestLen {
				best, bestLen = n, k
			}
		})
		if best != nil && (bestLen >= minBody || override) {
			if titleNode != nil && contains(best, titleNode) && best != titleNode {
				remove(titleNode)
			}
			removeJunk(best, true)
			return []*html.Node{best}, true
		}
	}
	if titleNode != nil && titleNode.Parent != nil && !isAncestorOfMuch(titleNode) {
		remove(titleNode)
	}
	junk := findJunk(body, true)
	c := skipping(junk)
	c.count(body)
	content := bestContent(body, c)
	if counted(content, c) < 200 {
		// Too aggressive: some sites name the article's own box "header"
		// or "extra". Try again, leaving out only what is junk by its tag.
		junk = findJunk(body, false)
		c = skipping(junk)
		c.count(body)
		content = bestContent(body, c)
	}
	for _, n := range junk {
		remove(n)
	}
	return content, false
}

func isAncestorOfMuch(n *html.Node) bool { return hasBlockChild(n) && runes(textOf(n)) > 400 }

// counted is the text of ns as c counted it (without junk).
func counted(ns []*html.Node, c counter) int {
	k := 0
	for _, n := range ns {
		k += max(0, c[n].text)
	}
	return k
}

func inTable(n *html.Node) bool {
	for a := n; a != nil; a = a.Parent {
		if a.DataAtom == atom.Td {
			return true
		}
	}
	return false
}

// trim drops the headline repeated at the top of the body, the date,
// tool and counter lines around the text, and a paragraph repeated right
// after itself (a sapo the CMS also prints as the first paragraph).
func (x *extraction) trim(paras []string, title string) []string {
	var out []string
	for i, p := range paras {
		if i < 3 && title != "" && (p == title || similar(p, title) && runes(p) <= runes(title)+10) {
			continue
		}
		if runes(p) <= 90 && (i < 4 || i >= len(paras)-3) {
			f := strings.ToLower(vietnamese.Fold(strings.TrimLeft(p, "([ ")))
			if metaLine.MatchString(f) && !authorLabel.MatchString(p) {
				if _, ok := ParseDate(p); ok || runes(p) < 30 {
					continue
				}
			}
		}
		if len(out) > 0 && out[len(out)-1] == p {
			continue
		}
		out = append(out, p)
	}
	return out
}
