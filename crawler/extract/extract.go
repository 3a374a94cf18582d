package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/govnews/govnews/index"
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
	d, err := decode(page, contentType)
	if err != nil {
		return nil, fmt.Errorf("extract: %s: %w", where, err)
	}
	root, err := ParseHTML(vietnamese.NFC(d.text))
	if err != nil {
		return nil, fmt.Errorf("extract: %s: parse: %w", where, err)
	}
	x := &extraction{root: root, doc: goquery.NewDocumentFromNode(root), base: base, opts: opts}
	r := x.run()
	// The page was NFC before parsing, but a combining mark right after a
	// tag ("A<b>\u0301") joins the letter before it only once the tags
	// are gone: normalise what was extracted too (the fuzzer's find).
	r.Title, r.Body, r.Lead, r.Author = vietnamese.NFC(r.Title), vietnamese.NFC(r.Body), vietnamese.NFC(r.Lead), vietnamese.NFC(r.Author)
	r.URL = pageURL
	r.CharsetWarning = d.warning
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
	// profListing: the page has several of the profile's category entries
	profListing bool
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
		// entries make most of the text, and their headlines a good part
		n, chars, links := teasers(content[0], c)
		listing = n >= 4 && chars*10 >= c[content[0]].text*7 && links*4 >= c[content[0]].text
	}
	if x.profListing && !profiled && len(content) == 1 {
		// the entries must be what was taken as the text, not a side box
		inside := 0
		x.doc.Find(x.prof.listing).Each(func(_ int, sel *goquery.Selection) {
			if contains(content[0], sel.Get(0)) {
				inside++
			}
		})
		listing = listing || inside >= 3
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
		_, _, dated := datedByline(p)
		if name := byline(p); name != "" && (authorLabel.MatchString(p) || dated && (i < 3 || i >= len(paras)-3)) {
			if author == "" {
				author = name
			}
			paras = append(paras[:i], paras[i+1:]...)
			break
		}
	}
	r.Author = author
	r.Body, r.Truncated = index.CapBody(strings.Join(paras, "\n\n"))
	r.Images = rd.images
	if lead == "" && len(paras) > 0 && runes(paras[0]) >= 60 && !strings.Contains(paras[0], "\n") {
		lead = paras[0]
	}
	r.Lead = lead
	r.Refs = vietnamese.DocumentRefs(r.Title + "\n" + r.Body)
	siteTitle := titleNode == nil && (namesPortal(title) || strings.EqualFold(title, x.meta.siteName))
	r.Kind = x.kind(r, paras, listing, siteTitle)
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
