package extract

import (
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// dateClass names the elements CMSs put the publication date in.
var dateClass = newNames(`date|time|ngay|publish|posted|created|ngaydang|thoigian`)

// bylineClass names the element of an author's byline.
var bylineClass = newNames(`author|byline|tacgia|tac-gia`)

// dateLabel introduces a publication date in Vietnamese or English.
var dateLabel = regexp.MustCompile(`ngay dang|dang ngay|ngay cap nhat|cap nhat|ngay xuat ban|xuat ban|da dang|dang vao|dang luc|thoi gian dang|ngay gui|posted|published|updated|^ngay\s*:|^thu (?:hai|ba|tu|nam|sau|bay|[2-7])\b|^chu nhat`)

// dateCand is a date the page shows outside the article's sentences.
type dateCand struct {
	t       time.Time
	n       *html.Node
	order   int
	labeled bool // "Ngày đăng :", a weekday, an element named date, <time>
}

// pageDates lists the dates shown in short, date-like blocks of the page,
// leaving out menus, footers, related-news lists and links.
func pageDates(root *html.Node, order map[*html.Node]int) []dateCand {
	var out []dateCand
	seen := map[*html.Node]bool{}
	for _, n := range elements(root) {
		if n.DataAtom == atom.Time {
			if t, ok := parseDeclared(attr(n, "datetime")); ok && !offArticle(n) {
				out = append(out, dateCand{t: t, n: n, order: order[n], labeled: true})
				seen[n] = true
				continue
			}
		}
		if !dateLike(n) || seen[n.Parent] || !yearInside(n) {
			continue
		}
		t := textOf(n)
		k := runes(t)
		if k < 6 || k > 90 || !strings.ContainsAny(t, "0123456789") {
			continue
		}
		d, ok := ParseDate(t)
		if !ok || offArticle(n) {
			continue
		}
		f := strings.ToLower(vietnamese.Fold(t))
		// A dated byline ("Nguyên Minh - 07/03/2026 08:47") labels its
		// date as surely as "Ngày đăng:" does.
		_, _, dated := datedByline(t)
		labeled := dateLabel.MatchString(f) || dateClass.MatchString(classID(n)) || dated
		if !labeled && k > 50 {
			continue
		}
		out = append(out, dateCand{t: d, n: n, order: order[n], labeled: labeled})
		seen[n] = true
	}
	return out
}

// dateLike are the elements a shown date sits in: inline or leaf blocks.
func dateLike(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Span, atom.P, atom.Div, atom.Em, atom.I, atom.B, atom.Strong, atom.Small, atom.Td, atom.Li, atom.Font, atom.Time, atom.Dd, atom.Abbr, atom.H4, atom.H5, atom.H6:
		return !hasBlockChild(n)
	}
	return false
}

// offArticle says whether n sits where no article date is: a link, a list
// item of links, navigation, a footer, a related-news box.
func offArticle(n *html.Node) bool {
	for a := n; a != nil && a.Type == html.ElementNode; a = a.Parent {
		switch a.DataAtom {
		case atom.A:
			// a permalink around the date is fine; a headline link is not
			if runes(textOf(a)) > 40 {
				return true
			}
		case atom.Nav, atom.Footer, atom.Aside, atom.Header, atom.Option:
			if a.DataAtom == atom.Header && insideArticle(a) {
				continue
			}
			return true
		case atom.Li:
			if hasLink(a) {
				return true
			}
		}
		ci := classID(a)
		// A byline bar often holds the share buttons too
		// ("author-share-top"): its author and date are the article's.
		if ci != "" && unlikely.MatchString(ci) && !likely.MatchString(ci) && !bylineClass.MatchString(ci) {
			return true
		}
	}
	return false
}

func insideArticle(n *html.Node) bool {
	for a := n.Parent; a != nil; a = a.Parent {
		if a.DataAtom == atom.Article || a.DataAtom == atom.Main || likely.MatchString(classID(a)) {
			return true
		}
	}
	return false
}

func hasLink(n *html.Node) bool {
	for _, e := range elements(n) {
		if e.DataAtom == atom.A && attr(e, "href") != "" {
			return true
		}
	}
	return false
}

// chooseDate picks the publication date among the shown dates: the first
// labelled one after the headline, before the body ends or just after it
// in the article's own box (not in a footer that follows); an unlabelled
// bare date only between the headline and the body. Dates in the article's
// own sentences never qualify (their blocks are too long).
func chooseDate(cands []dateCand, titleOrder, bodyStart, bodyEnd int, body *html.Node) (time.Time, bool) {
	for _, c := range cands {
		if !c.labeled || c.order <= titleOrder {
			continue
		}
		if bodyEnd < 0 || c.order <= bodyEnd || c.order <= bodyEnd+40 && body != nil && nearBody(c.n, body) {
			return c.t, true
		}
	}
	for _, c := range cands {
		if !c.labeled && titleOrder >= 0 && c.order > titleOrder && (bodyStart < 0 || c.order < bodyStart) && c.order-titleOrder < 40 {
			return c.t, true
		}
	}
	return time.Time{}, false
}

// boxes name the page's side boxes: related news, menus, footers, comments.
var boxes = newNames(`related|tinkhac|tin-khac|othernews|other-news|news-other|box-other|lienquan|footer|sidebar|menu|comment|binhluan|widget|recent|latest`)

// inBox says whether n sits in a side box, where a profile selector such
// as ".title" may match another article's headline.
func inBox(n *html.Node) bool {
	for a := n; a != nil && a.Type == html.ElementNode; a = a.Parent {
		switch a.DataAtom {
		case atom.Nav, atom.Footer, atom.Aside:
			return true
		case atom.Li:
			if hasLink(a) {
				return true
			}
		}
		if boxes.MatchString(classID(a)) {
			return true
		}
	}
	return false
}

// yearInside says whether the text under n has four digits in a row.
func yearInside(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if index.HasYear(c.Data) {
				return true
			}
		case html.ElementNode:
			if !skipTag(c.DataAtom) && yearInside(c) {
				return true
			}
		}
	}
	return false
}

// selectorDate reads the date from the override or profile date selector.
func (x *extraction) selectorDate() time.Time {
	sels := x.profSel(func(p *profile) []string { return p.date })
	if s := x.opts.Selectors.Date; s != "" {
		sels = append([]string{s}, sels...)
	}
	for _, s := range sels {
		var found time.Time
		x.doc.Find(s).EachWithBreak(func(_ int, sel *goquery.Selection) bool {
			n := sel.Get(0)
			if offArticle(n) && s != x.opts.Selectors.Date {
				return true
			}
			for _, v := range []string{attr(n, "datetime"), attr(n, "content"), textOf(n)} {
				if t, ok := parseDeclared(v); ok {
					found = t
					return false
				}
			}
			return true
		})
		if !found.IsZero() {
			return found
		}
	}
	return time.Time{}
}
