package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Class and id names that mark page furniture, in English and in the
// Vietnamese the portals' developers use (tinkhac, lienquan, thongke…).
var (
	unlikely = newNames(`-ad-|=ad|=ads|advert|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|share|sharing|print|tool|counter|thongke|truycap|visitor|tinkhac|tin-khac|tin_khac|othernews|other-news|other_news|lienquan|lien-quan|captcha|login|subscribe|newsletter|cookie|navbar|navigation|widget|copyright|weblink|lienket|doitac|partner|tag-|tags-|=tag|=tags|keyword|rating|vote|binhluan|ykien|audio-player`)
	likely   = newNames(`and|article|body|column|content|main|shadow|entry|post|blog|story|detail|chitiet|noidung|journal|newstext|news-text|asset-full`)
	positive = newNames(`article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|detail|chitiet|noidung|journal|asset-full|ms-rtestate`)
	negative = newNames(`-ad-|hidden|=hid|banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|print|social|counter|tinkhac|othernews|lienquan|menu|nav`)
	// roles whose elements are never the article
	unlikelyRoles = map[string]bool{"menu": true, "menubar": true, "complementary": true, "navigation": true, "alert": true, "alertdialog": true, "dialog": true, "banner": true, "contentinfo": true, "search": true}
)

// classWeight is readability's: class and id names vote for or against an
// element being content.
func classWeight(n *html.Node) float64 {
	w := 0.0
	for _, s := range []string{strings.ToLower(attr(n, "class")), strings.ToLower(attr(n, "id"))} {
		if s == "" {
			continue
		}
		if negative.MatchString(s) {
			w -= 25
		}
		if positive.MatchString(s) {
			w += 25
		}
	}
	return w
}

// findJunk lists what is never article text: scripts, forms, navigation,
// hidden elements and, when aggressive, elements named like boilerplate.
func findJunk(root *html.Node, aggressive bool) []*html.Node {
	var drop []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.CommentNode {
				drop = append(drop, c)
				continue
			}
			if c.Type != html.ElementNode {
				continue
			}
			if isJunk(c, aggressive) {
				drop = append(drop, c)
				continue
			}
			walk(c)
		}
	}
	walk(root)
	return drop
}

// removeJunk drops the junk under root.
func removeJunk(root *html.Node, aggressive bool) {
	for _, n := range findJunk(root, aggressive) {
		remove(n)
	}
}

func isJunk(n *html.Node, aggressive bool) bool {
	switch n.DataAtom {
	case atom.Html, atom.Body:
		return false
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math, atom.Iframe,
		atom.Object, atom.Embed, atom.Canvas, atom.Button, atom.Select, atom.Textarea, atom.Input,
		atom.Nav, atom.Form, atom.Link, atom.Meta, atom.Label, atom.Audio, atom.Video:
		// ASP.NET and SharePoint wrap the whole page in one <form>.
		return n.DataAtom != atom.Form || !wholePageForm(n)
	case atom.Aside, atom.Footer, atom.Header:
		return aggressive
	}
	if attr(n, "hidden") != "" || strings.Contains(strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", ""), "display:none") {
		return true
	}
	if unlikelyRoles[attr(n, "role")] {
		return true
	}
	if !aggressive {
		return false
	}
	ci := classID(n)
	if ci == "" || n.DataAtom == atom.A {
		return false
	}
	return unlikely.MatchString(ci) && !likely.MatchString(ci)
}

// wholePageForm tells the ASP.NET/SharePoint page form (which holds the
// article) from a comment or search form.
func wholePageForm(n *html.Node) bool {
	if n.Parent != nil && n.Parent.DataAtom == atom.Body {
		return true
	}
	id := strings.ToLower(attr(n, "id"))
	return id == "form1" || id == "aspnetform" || strings.HasPrefix(id, "ctl") || attr(n, "action") != "" && len(elements(n)) > 200
}
