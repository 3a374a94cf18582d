package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/govnews/govnews/index/vietnamese"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ErrNotHTML is returned for input that is not a web page (an image, a PDF,
// a binary file).
var ErrNotHTML = errors.New("not an HTML page")

// minBody is the body length (in characters) below which a profile's
// selector is taken to have missed and the generic extraction runs.
const minBody = 80

// Extract decodes page (charset from the contentType header, BOM,
// <meta charset>, detection; windows-1258 too) and extracts the article.
func Extract(pageURL string, page []byte, contentType string, opts Options) (*Result, error) {
	where := pageURL
	if where == "" {
		where = "page"
	}
	var base *url.URL
	if pageURL != "" {
		u, err := url.Parse(pageURL)
		if err != nil {
			return nil, fmt.Errorf("extract: bad page URL %q: %v", pageURL, err)
		}
		base = u
	}
	if err := opts.Selectors.Validate(); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(page)) == 0 {
		return nil, fmt.Errorf("extract: %s: empty page", where)
	}
	if binary(page) {
		return nil, fmt.Errorf("extract: %s: %w (binary content)", where, ErrNotHTML)
	}
	text, _, err := decode(page, contentType)
	if err != nil {
		return nil, fmt.Errorf("extract: %s: %w", where, err)
	}
	root, err := html.Parse(strings.NewReader(vietnamese.NFC(text)))
	if err != nil {
		return nil, fmt.Errorf("extract: %s: parse: %w", where, err)
	}
	x := &extraction{root: root, doc: goquery.NewDocumentFromNode(root), base: base, opts: opts}
	r := x.run()
	r.URL = pageURL
	return r, nil
}

// binary says whether the bytes are not text: NUL bytes or many control
// characters in the first kilobytes.
func binary(page []byte) bool {
	if bytes.HasPrefix(page, []byte{0xff, 0xfe}) || bytes.HasPrefix(page, []byte{0xfe, 0xff}) {
		return false // UTF-16 text
	}
	// documents portals link to: PDF, Office (zip and OLE), images
	for _, magic := range []string{"%PDF-", "PK\x03\x04", "\xd0\xcf\x11\xe0", "\x89PNG", "GIF8", "\xff\xd8\xff"} {
		if bytes.HasPrefix(page, []byte(magic)) {
			return true
		}
	}
	head := page
	if len(head) > 4096 {
		head = head[:4096]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, b := range head {
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			ctrl++
		}
	}
	return ctrl*20 > len(head)
}

type extraction struct {
	root *html.Node
	doc  *goquery.Document
	base *url.URL
	opts Options
	meta meta
	prof *profile
}

func (x *extraction) run() *Result {
	x.meta = readMeta(x.doc)
	x.prof = detectProfile(x.root, &x.meta)
	r := &Result{Kind: KindOther}
	if x.meta.canonical != "" {
		r.CanonicalURL = x.resolve(x.meta.canonical)
	}
	body := x.bodyElement()
	if body == nil {
		return r
	}
	order := map[*html.Node]int{}
	for i, n := range elements(x.root) {
		order[n] = i
	}

	// What the page shows around the article is read before any cleaning.
	title, titleNode := x.title(body)
	r.Title = title
	dates := pageDates(body, order)
	shown := x.selectorDate()
	author := x.author()
	leadNode := x.selectFirst(x.profSel(func(p *profile) []string { return p.lead }))
	if leadNode != nil && runes(textOf(leadNode)) < 20 {
		leadNode = nil
	}
	var lead string
	if leadNode != nil {
		lead = textOf(leadNode)
	}

	content, profiled := x.content(body, titleNode)
	if x.prof != nil {
		r.Profile = x.prof.name
	}
	if !profiled && x.opts.Selectors.Body == "" {
		r.Profile = "generic"
		if len(content) > 0 && inTable(content[0]) {
			r.Profile = "table"
		} else if x.prof != nil {
			r.Profile = x.prof.name + "+generic"
		}
	}

	bodyStart, bodyEnd := -1, -1
	if len(content) > 0 {
		bodyStart = order[content[0]]
		last := content[len(content)-1]
		bodyEnd = order[last]
		if all := elements(last); len(all) > 0 {
			bodyEnd = order[all[len(all)-1]]
		}
	}
	titleOrder := -1
	if titleNode != nil {
		titleOrder = order[titleNode]
	}
	switch {
	case !shown.IsZero():
		r.Published = shown
	case !x.meta.published.IsZero():
		r.Published = x.meta.published
	default:
		var first *html.Node
		if len(content) > 0 {
			first = content[0]
		}
		r.Published, _ = chooseDate(dates, titleOrder, bodyStart, bodyEnd, first)
	}

	c := counter{}
	for _, n := range content {
		c.count(n)
	}
	listing := false
	if len(content) == 1 {
		n, chars := teasers(content[0], c)
		listing = n >= 4 && chars*10 >= c[content[0]].text*7
	}
	if x.prof != nil && x.prof.listing != "" && !profiled && x.doc.Find(x.prof.listing).Length() >= 3 {
		listing = true
	}
	if leadNode != nil && len(content) > 0 && !nearBody(leadNode, content[0]) {
		leadNode, lead = nil, "" // another article's summary
	}
	if leadNode == nil && len(content) > 0 {
		if leadNode = sapoBefore(content[0]); leadNode != nil {
			lead = textOf(leadNode)
		}
	}
	for _, n := range content {
		if leadNode != nil && contains(n, leadNode) {
			leadNode = nil // the lead is inside the body already
		}
		cleanConditionally(n, c)
	}

	rd := newRenderer(x.base)
	if leadNode != nil {
		rd.render(leadNode)
		rd.flush()
	}
	for _, n := range content {
		rd.render(n)
		rd.flush()
	}
	paras := x.trim(rd.paragraphs(), title)
	paras, tail := takeByline(paras, rd.apart)
	if author == "" {
		author = tail
	}
	for i, p := range paras {
		if name := byline(p); name != "" && authorLabel.MatchString(p) {
			if author == "" {
				author = name
			}
			paras = append(paras[:i], paras[i+1:]...)
			break
		}
	}
	r.Author = author
	r.Body = strings.Join(paras, "\n\n")
	r.Images = rd.images
	if lead == "" && len(paras) > 0 && runes(paras[0]) >= 60 && !strings.Contains(paras[0], "\n") {
		lead = paras[0]
	}
	r.Lead = lead
	r.Refs = vietnamese.DocumentRefs(r.Title + "\n" + r.Body)
	r.Kind = x.kind(r, paras, listing)
	return r
}

func (x *extraction) bodyElement() *html.Node {
	for _, n := range elements(x.root) {
		if n.DataAtom == atom.Body {
			return n
		}
	}
	return nil
}

func (x *extraction) resolve(href string) string {
	if x.base == nil {
		return href
	}
	u, err := x.base.Parse(strings.TrimSpace(href))
	if err != nil {
		return href
	}
	return u.String()
}

// profSel returns the override selector (if any) and then the profile's.
func (x *extraction) profSel(f func(*profile) []string) []string {
	if x.prof == nil {
		return nil
	}
	return f(x.prof)
}

// selectFirst returns the first element matched by the first selector that
// matches something with text.
func (x *extraction) selectFirst(sels []string) *html.Node {
	for _, s := range sels {
		var found *html.Node
		x.doc.Find(s).EachWithBreak(func(_ int, sel *goquery.Selection) bool {
			if n := sel.Get(0); strings.TrimSpace(textOf(n)) != "" && !inBox(n) {
				found = n
				return false
			}
			return true
		})
		if found != nil {
			return found
		}
	}
	return nil
}

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
	profListing := x.prof != nil && x.prof.listing != "" && x.doc.Find(x.prof.listing).Length() >= 3
	for _, s := range sels {
		override := s == x.opts.Selectors.Body
		if weak, ok := strings.CutPrefix(s, "?"); ok && !override {
			if profListing {
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

// trim drops the headline repeated at the top of the body and the date,
// tool and counter lines around the text.
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
		out = append(out, p)
	}
	return out
}

// kind: an article has a body with real paragraphs; a page that is mostly
// headline links is a listing.
func (x *extraction) kind(r *Result, paras []string, listing bool) string {
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
	// Short notices ("Thông báo lịch tiếp công dân") are news too.
	if r.Title != "" && (runes(r.Body) >= 150 || long >= 1) {
		return KindArticle
	}
	c := counter{}
	b := x.bodyElement()
	c.count(b)
	if n, _ := teasers(b, c); n >= 5 {
		return KindListing
	}
	return KindOther
}

// nearBody says whether a sapo belongs to the body: inside it, or in the
// same box (the body's parent or grandparent).
func nearBody(lead, body *html.Node) bool {
	box := body
	for i := 0; i < 2 && box.Parent != nil && box.Parent.DataAtom != atom.Body; i++ {
		box = box.Parent
	}
	return contains(box, lead)
}

// sapoClass names the lead paragraph CMSs set above the body.
var sapoClass = newNames("sapo|=lead|lead-|-lead|summary|tomtat|tom-tat|trichyeu|trich-yeu|chapeau|intro|excerpt|description|desc")

// sapoBefore finds a lead box standing just before the body, in its box.
func sapoBefore(body *html.Node) *html.Node {
	for s := body.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type != html.ElementNode {
			continue
		}
		if sapoClass.MatchString(classID(s)) {
			if k := runes(textOf(s)); k >= 40 && k <= 800 && !hasLink(s) {
				return s
			}
		}
		if runes(textOf(s)) > 0 && !isHeading(s.DataAtom) && !sapoClass.MatchString(classID(s)) {
			// the date line, tools and headline may stand between; a
			// paragraph of text may not
			if runes(textOf(s)) > 200 {
				return nil
			}
		}
	}
	return nil
}
