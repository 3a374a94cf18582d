package extract

import (
	"regexp"
	"strings"

	"github.com/govnews/govnews/index/vietnamese"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// portalWords name a portal, never an article: "Cổng thông tin điện tử".
var portalWords = regexp.MustCompile(`cong thong tin|trang thong tin|dien tu|portal|website|trang chu|home ?page|bao dien tu|\.vn$|\.com$|\.gov`)

// agencyStart begins an agency's name ("Sở Y tế", "UBND tỉnh"); as one
// segment of a <title> beside another, it is the site's name.
var agencyStart = regexp.MustCompile(`^(?:so|ubnd|uy ban|tinh|hoi|lien hiep|huyen|thanh pho|truong|trung tam|ban) `)

var titleClass = newNames(`title|tieude|tieu-de|headline|heading`)

// cleanTitle removes Liferay's "null" artifact and the portal name.
func cleanTitle(t, site string) string {
	t = collapse(t)
	for strings.HasPrefix(strings.ToLower(t), "null ") {
		t = strings.TrimSpace(t[5:])
	}
	if strings.EqualFold(t, "null") {
		return ""
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " » ", " > "} {
		parts := strings.Split(t, sep)
		if len(parts) < 2 {
			continue
		}
		last := strings.TrimSpace(parts[len(parts)-1])
		first := strings.TrimSpace(parts[0])
		switch {
		case site != "" && strings.EqualFold(last, site), looksSite(last) && !looksSite(first):
			return strings.TrimSpace(strings.Join(parts[:len(parts)-1], sep))
		case site != "" && strings.EqualFold(first, site), looksSite(first) && !looksSite(last):
			return strings.TrimSpace(strings.Join(parts[1:], sep))
		case sep == " | ":
			return first
		}
	}
	return t
}

// looksSite: a <title> segment that names the site (a portal or agency).
func looksSite(s string) bool {
	f := strings.ToLower(vietnamese.Fold(s))
	return runes(s) < 80 && (portalWords.MatchString(f) || agencyStart.MatchString(f) && len(strings.Fields(f)) <= 10)
}

// namesPortal: a whole title that can only be a portal's name. An agency's
// name alone is not enough: "Sở Y tế kiểm tra an toàn thực phẩm" is news.
func namesPortal(s string) bool {
	return runes(s) < 80 && portalWords.MatchString(strings.ToLower(vietnamese.Fold(s)))
}

// similar says whether a heading and a declared title are the same title,
// one perhaps cut short or carrying the site name.
func similar(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	fa, fb := strings.ToLower(vietnamese.Fold(a)), strings.ToLower(vietnamese.Fold(b))
	fa, fb = strings.TrimRight(fa, ". …"), strings.TrimRight(fb, ". …")
	if len(fa) < 10 || len(fb) < 10 {
		return fa == fb
	}
	return strings.Contains(fa, fb) || strings.Contains(fb, fa)
}

// findTitle picks the headline element: the heading that matches what the
// page declares (og:title, JSON-LD, <title>), else the most prominent one.
func findTitle(root *html.Node, m *meta) (string, *html.Node) {
	refs := []string{m.headline, cleanTitle(m.ogTitle, m.siteName), cleanTitle(m.title, m.siteName)}
	var best *html.Node
	bestScore := 0.0
	bestText := ""
	matched := false
	for _, n := range elements(root) {
		heading := isHeading(n.DataAtom)
		if !heading && !titleClass.MatchString(classID(n)) {
			continue
		}
		if hasBlockChild(n) && !heading {
			continue
		}
		t := cleanTitle(textOf(n), m.siteName)
		k := runes(t)
		if k < 8 || k > 300 {
			continue
		}
		score := 1.0
		if titleClass.MatchString(classID(n)) {
			score += 3
		}
		switch n.DataAtom {
		case atom.H1:
			score += 6
		case atom.H2:
			score += 3
		case atom.H3:
			score += 1
		}
		for i, r := range refs {
			if namesPortal(r) || strings.EqualFold(r, m.siteName) {
				continue // matching the site's name proves nothing
			}
			if similar(t, r) {
				score += 20 - float64(i)
				matched = true
				break
			}
		}
		for a := n; a != nil; a = a.Parent {
			if a.DataAtom == atom.A || a.DataAtom == atom.Li || a.DataAtom == atom.Nav || a.DataAtom == atom.Footer || a.DataAtom == atom.Aside {
				score -= 8
				break
			}
			if ci := classID(a); ci != "" && unlikely.MatchString(ci) && !likely.MatchString(ci) {
				score -= 8
				break
			}
		}
		if firstChild(n, atom.A) != nil && runes(textOf(firstChild(n, atom.A))) == k {
			score -= 4 // a heading that is a link leads elsewhere
		}
		if boxHeading(n) {
			score -= 6 // "Thông báo", "Văn bản mới": the title of a list of links
		}
		if namesPortal(t) {
			score -= 6 // the site's name in a banner heading
		}
		if score > bestScore {
			best, bestScore, bestText = n, score, t
		}
	}
	siteOnly := true // the page declares nothing but its site name
	for _, r := range refs {
		if r != "" && !namesPortal(r) && !strings.EqualFold(r, m.siteName) {
			siteOnly = false
		}
	}
	// A <title> that matches no heading on the page is the site's name.
	if best != nil && (bestScore >= 5 || siteOnly && bestScore > 0 || bestScore >= 4 && !matched) {
		return bestText, best
	}
	for _, r := range refs {
		if r != "" {
			return r, nil
		}
	}
	if best != nil {
		return bestText, best
	}
	return "", nil
}

// title picks the headline: the override or profile selector, else the
// heading that matches what the page declares.
func (x *extraction) title(body *html.Node) (string, *html.Node) {
	sels := x.profSel(func(p *profile) []string { return p.title })
	if s := x.opts.Selectors.Title; s != "" {
		sels = append([]string{s}, sels...)
	}
	if n := x.selectFirst(sels); n != nil {
		if t := cleanTitle(textOf(n), x.meta.siteName); t != "" {
			return t, n
		}
	}
	return findTitle(body, &x.meta)
}

// boxHeading says whether a heading titles a list of links rather than
// an article: the next element after it is a list.
func boxHeading(n *html.Node) bool {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type != html.ElementNode {
			continue
		}
		return (s.DataAtom == atom.Ul || s.DataAtom == atom.Ol) && hasLink(s)
	}
	return false
}
