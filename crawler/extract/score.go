package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// stats are counted once per element so that scoring stays linear.
type stats struct {
	text, link int // runes of text, of which inside links
	commas     int
}

type counter map[*html.Node]stats

// skip marks the nodes a counter leaves out (junk not yet removed).
var skipMark = stats{text: -1}

// skipping returns a counter that will not count the given nodes.
func skipping(junk []*html.Node) counter {
	c := counter{}
	for _, n := range junk {
		c[n] = skipMark
	}
	return c
}

// addText counts a text node's letters and commas (a comma-rich block is prose).
func (s *stats) addText(data string) {
	t := strings.TrimSpace(data)
	s.text += runes(t)
	s.commas += strings.Count(t, ",") + strings.Count(t, "，")
}

// count fills c for n and everything under it.
func (c counter) count(n *html.Node) stats {
	var s stats
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		switch ch.Type {
		case html.TextNode:
			s.addText(ch.Data)
		case html.ElementNode:
			if skipTag(ch.DataAtom) || c[ch] == skipMark {
				continue
			}
			cs := c.count(ch)
			s.text += cs.text
			s.commas += cs.commas
			if ch.DataAtom == atom.A {
				s.link += cs.text
			} else {
				s.link += cs.link
			}
		}
	}
	c[n] = s
	return s
}

func (c counter) linkDensity(n *html.Node) float64 {
	s := c[n]
	if s.text == 0 {
		return 0
	}
	return float64(s.link) / float64(s.text)
}

// paragraph returns the text an element contributes as a paragraph:
// all of it for <p>, <pre> and <blockquote>; for any other element, its own
// inline text, so that old portals' <td>text<br><br>text</td> and
// <div>text<br>text</div> count while a cell holding a whole nested layout
// does not.
func (c counter) paragraph(n *html.Node) (stats, bool) {
	switch n.DataAtom {
	case atom.P, atom.Pre, atom.Blockquote:
		s, ok := c[n]
		return s, ok && s.text >= 0
	case atom.A, atom.Body, atom.Html, atom.Li, atom.Ul, atom.Ol, atom.Table, atom.Tbody, atom.Tr, atom.Head:
		return stats{}, false
	}
	if n.Parent != nil && n.Parent.DataAtom == atom.P {
		return stats{}, false
	}
	if hasBlockChild(n) && firstChild(n, atom.Br) == nil {
		return stats{}, false
	}
	var own stats
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		switch ch.Type {
		case html.TextNode:
			own.addText(ch.Data)
		case html.ElementNode:
			if isBlock(ch.DataAtom) || skipTag(ch.DataAtom) {
				continue
			}
			cs, ok := c[ch]
			if !ok || cs.text < 0 {
				continue
			}
			own.text += cs.text
			own.commas += cs.commas
			if ch.DataAtom == atom.A {
				own.link += cs.text
			} else {
				own.link += cs.link
			}
		}
	}
	return own, own.text > 0
}

func tagBase(n *html.Node) float64 {
	switch n.DataAtom {
	case atom.Div, atom.Article, atom.Section, atom.Main:
		return 5
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

// bestContent finds the element that holds the article in a page without a
// known layout, readability-style: paragraphs vote for their ancestors, link
// text counts against, then siblings that look alike join the winner.
func bestContent(body *html.Node, c counter) []*html.Node {
	scores := map[*html.Node]float64{}
	var order []*html.Node
	for _, n := range elements(body) {
		if st, counted := c[n]; !counted || st == skipMark || skipTag(n.DataAtom) {
			continue // junk
		}
		s, ok := c.paragraph(n)
		if !ok || s.text < 25 {
			continue
		}
		score := 1 + float64(s.commas) + min(float64(s.text/100), 3)
		level := 0
		for a := n.Parent; a != nil && a.Type == html.ElementNode && level < 5; a = a.Parent {
			if _, ok := scores[a]; !ok {
				scores[a] = tagBase(a) + classWeight(a)
				order = append(order, a)
			}
			div := 1.0
			switch {
			case level == 1:
				div = 2
			case level > 1:
				div = float64(level * 3)
			}
			scores[a] += score / div
			level++
		}
	}
	var top *html.Node
	topScore := 0.0
	for _, n := range order {
		if n.DataAtom == atom.Html {
			continue
		}
		scores[n] *= 1 - c.linkDensity(n)
		if top == nil || scores[n] > topScore {
			top, topScore = n, scores[n]
		}
	}
	if top == nil {
		return []*html.Node{body}
	}
	top, topScore = climb(top, topScore, order, scores)
	parent := top.Parent
	if parent == nil {
		return []*html.Node{top}
	}
	threshold := max(10, topScore*0.2)
	topClass := attr(top, "class")
	var out []*html.Node
	for s := parent.FirstChild; s != nil; s = s.NextSibling {
		if s.Type != html.ElementNode {
			continue
		}
		if s == top {
			out = append(out, s)
			continue
		}
		bonus := 0.0
		if topClass != "" && attr(s, "class") == topClass {
			bonus = topScore * 0.2
		}
		if sc, ok := scores[s]; ok && sc+bonus >= threshold {
			out = append(out, s)
			continue
		}
		if s.DataAtom == atom.P {
			st := c[s]
			ld := c.linkDensity(s)
			t := textOf(s)
			if st.text > 80 && ld < 0.25 || st.text > 0 && st.text <= 80 && ld == 0 && strings.Contains(t, ". ") {
				out = append(out, s)
			}
		}
	}
	// A byline standing just after the text box belongs to the article.
	last := out[len(out)-1]
	for s := last.NextSibling; s != nil; s = s.NextSibling {
		if s.Type != html.ElementNode {
			continue
		}
		if st, ok := c[s]; ok && st.text > 0 && st.link == 0 {
			if t := textOf(s); byline(t) != "" || setApart(s) && officeByline(t) {
				out = append(out, s)
			}
		}
		break
	}
	return out
}

// dataTable tells a table of figures (kept as content) from a layout table.
func dataTable(n *html.Node) bool {
	if attr(n, "role") == "presentation" {
		return false
	}
	rows, cols, nested := 0, 0, false
	for _, e := range elements(n) {
		switch e.DataAtom {
		case atom.Table:
			nested = true
		case atom.Th, atom.Caption, atom.Thead:
			if !nested {
				return true
			}
		case atom.Tr:
			rows++
			k := 0
			for td := e.FirstChild; td != nil; td = td.NextSibling {
				if td.DataAtom == atom.Td || td.DataAtom == atom.Th {
					k++
				}
			}
			cols = max(cols, k)
		}
	}
	if nested {
		return false
	}
	return rows >= 2 && cols >= 2
}

// cleanConditionally removes link lists, image galleries and widgets left
// inside the content, keeping tables of figures.
func cleanConditionally(root *html.Node, c counter) {
	all := elements(root)
	tags := tagCounts(root)
	for i := len(all) - 1; i >= 0; i-- {
		n := all[i]
		switch n.DataAtom {
		case atom.Table, atom.Ul, atom.Ol, atom.Div, atom.Section, atom.Aside:
		default:
			continue
		}
		if n.Parent == nil || !contains(root, n) {
			continue
		}
		if n.DataAtom == atom.Table && dataTable(n) {
			continue
		}
		w := classWeight(n)
		st := c[n]
		if w < 0 && st.text < 1000 {
			remove(n)
			continue
		}
		if st.commas >= 10 {
			continue
		}
		k := tags[n]
		p, img, li, input, embed := k.p, k.img, k.li, k.input, k.embed
		ld := c.linkDensity(n)
		isList := n.DataAtom == atom.Ul || n.DataAtom == atom.Ol
		bad := false
		switch {
		case img > 1 && float64(p)/float64(img) < 0.5 && st.text < 200:
			bad = true
		case !isList && li > p+3 && ld > 0.3:
			bad = true
		case input > p/3 && input > 0:
			bad = true
		case st.text < 25 && img == 0 && n.DataAtom != atom.P:
			// a short line of plain text (a byline) stays; a stray link goes
			bad = st.link > 0 || li > 0 || !setApart(n)
		case w < 25 && ld > 0.2 && (st.text-st.link) < 200:
			bad = true
		case w >= 25 && ld > 0.5:
			bad = true
		case embed > 1 || embed == 1 && st.text < 75:
			bad = true
		}
		if bad {
			remove(n)
		}
	}
}

// climb moves the winner up when the article is split into many boxes
// (one per paragraph, as some CMSs write it), readability's way: several
// near-winners under one ancestor, a parent scoring higher than its child,
// or a parent with no other child.
func climb(top *html.Node, topScore float64, order []*html.Node, scores map[*html.Node]float64) (*html.Node, float64) {
	var alts []*html.Node
	for _, n := range order {
		if n != top && topScore > 0 && scores[n] >= topScore*0.75 && n.DataAtom != atom.Html && n.DataAtom != atom.Body {
			alts = append(alts, n)
		}
	}
	if len(alts) >= 3 {
		for p := top.Parent; p != nil && p.DataAtom != atom.Body && p.DataAtom != atom.Html; p = p.Parent {
			k := 0
			for _, a := range alts {
				if contains(p, a) {
					k++
				}
			}
			if k >= 3 {
				return p, max(scores[p], topScore)
			}
		}
	}
	last, threshold := topScore, topScore/3
	for p := top.Parent; p != nil && p.DataAtom != atom.Body && p.DataAtom != atom.Html; p = p.Parent {
		sc, ok := scores[p]
		if !ok {
			continue
		}
		if sc < threshold {
			break
		}
		if sc > last {
			top, topScore = p, sc
			break
		}
		last = sc
	}
	for p := top.Parent; p != nil && p.DataAtom != atom.Body && p.DataAtom != atom.Html && onlyChild(top); p = p.Parent {
		top = p
	}
	return top, topScore
}

// onlyChild says whether n is its parent's only element child.
func onlyChild(n *html.Node) bool {
	for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s != n && s.Type == html.ElementNode {
			return false
		}
	}
	return true
}

// tags counts the elements under each node that conditional cleaning
// weighs, in one walk rather than one per candidate.
type tags struct{ p, img, li, input, embed int }

func tagCounts(root *html.Node) map[*html.Node]tags {
	out := map[*html.Node]tags{}
	var walk func(*html.Node) tags
	walk = func(n *html.Node) tags {
		var t tags
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			ct := walk(c)
			t.p += ct.p
			t.img += ct.img
			t.li += ct.li
			t.input += ct.input
			t.embed += ct.embed
			switch c.DataAtom {
			case atom.P:
				t.p++
			case atom.Img:
				t.img++
			case atom.Li:
				t.li++
			case atom.Input:
				t.input++
			case atom.Iframe, atom.Embed, atom.Object, atom.Video:
				t.embed++
			}
		}
		out[n] = t
		return t
	}
	walk(root)
	return out
}
