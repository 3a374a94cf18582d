package crawler

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"

	"github.com/govnews/govnews/crawler/extract"
	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
)

// link is an <a href> found on a page.
type link struct {
	URL  *url.URL
	Text string
}

// page is what a listing page offers for discovery.
type page struct {
	links []link
	feeds []*url.URL // <link rel="alternate"> RSS and Atom
}

// parsePage reads the links and announced feeds of an HTML page.
func parsePage(base *url.URL, body []byte, contentType string) (*page, error) {
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		r = bytes.NewReader(body)
	}
	text, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", base, err)
	}
	// As extraction parses pages: one with more than 512 open elements
	// (Word's unclosed <font>) is parsed again with the inline tags
	// flattened, so it still yields its links.
	root, err := extract.ParseHTML(string(text))
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", base, err)
	}
	doc := goquery.NewDocumentFromNode(root)
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := base.Parse(strings.TrimSpace(href)); err == nil {
			base = b
		}
	}
	p := &page{}
	doc.Find("link[rel~=alternate]").Each(func(_ int, s *goquery.Selection) {
		t := strings.ToLower(s.AttrOr("type", ""))
		if !strings.Contains(t, "rss") && !strings.Contains(t, "atom") {
			return
		}
		if u := resolve(base, s.AttrOr("href", "")); u != nil {
			p.feeds = append(p.feeds, u)
		}
	})
	doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		if u := resolve(base, s.AttrOr("href", "")); u != nil {
			text := strings.Join(strings.Fields(vietnamese.NFC(s.Text())), " ")
			if text == "" {
				text = strings.TrimSpace(s.AttrOr("title", ""))
			}
			p.links = append(p.links, link{URL: u, Text: text})
		}
	})
	return p, nil
}

// resolve makes href absolute and normal; nil for what is not a web page
// link (javascript:, mailto:, an anchor on the same page). Normal is
// index.NormalizeURL, the one normalisation of article URLs, which import
// applies too: a page is one article whether crawled or imported.
func resolve(base *url.URL, href string) *url.URL {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return nil
	}
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return index.NormalizeURL(u)
}

var (
	fileExt     = regexp.MustCompile(`(?i)\.(pdf|docx?|xlsx?|pptx?|zip|rar|7z|jpe?g|png|gif|bmp|svg|webp|mp3|mp4|avi|wmv|flv|exe|apk|css|js|ico|xml)$`)
	slugSegment = regexp.MustCompile(`(?i)[a-z0-9]+(-[a-z0-9]+){3,}`)
	numericID   = regexp.MustCompile(`(?i)(^|[-_/.])\d{3,}(\.html?|\.aspx?|\.php)?$`)
	idParam     = regexp.MustCompile(`(?i)(^|&)(id|itemid|newsid|articleid|postid|nid|tinid|idtin|articleid|contentid|p_p_id|item)=[^&]+`)
	pageParam   = regexp.MustCompile(`(?i)(^|&)(page|trang|p|pageindex|pagenumber|paged|pi|cur|start|offset|pageno|pg)=(\d+)`)
	pagePath    = regexp.MustCompile(`(?i)/(-/)?(page|trang)[-/]?\d+/?$`)
	dateValue   = regexp.MustCompile(`\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}`)
	calendarKey = regexp.MustCompile(`(?i)(^|&)(ngay|date|day|thang|month|nam|year|week|tuan|lich|calendar)=`)
	nextWords   = map[string]bool{"»": true, "›": true, ">": true, ">>": true, "sau": true, "trang sau": true, "tiếp": true, "tiếp theo": true, "next": true, "xem tiếp": true, "trang tiếp": true, "cuối": true, "trang cuối": true, "last": true, "»»": true}
)

// isFile says the link is a document or media file, not a page.
func isFile(u *url.URL) bool { return fileExt.MatchString(u.Path) }

// isTrap spots URLs that multiply without end: calendars (a date in the
// query of a date-keyed parameter), very long URLs, query strings with
// many parameters, paths that repeat a segment.
func isTrap(u *url.URL) bool {
	s := u.String()
	if len(s) > 400 || strings.Count(u.RawQuery, "&") >= 6 {
		return true
	}
	if calendarKey.MatchString(u.RawQuery) && (dateValue.MatchString(u.RawQuery) || strings.Contains(strings.ToLower(u.Path), "lich")) {
		return true
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	seen := map[string]int{}
	for _, s := range segs {
		if seen[s]++; seen[s] >= 3 {
			return true
		}
	}
	return false
}

// listingKey is the URL of a listing page without its page number, so
// page 7 of a category is recognised as the same listing as page 1.
func listingKey(u *url.URL) string {
	path := pagePath.ReplaceAllString(u.Path, "")
	q := pageParam.ReplaceAllString(u.RawQuery, "")
	q = strings.Trim(q, "&")
	return u.Host + strings.TrimSuffix(path, "/") + "?" + q
}

// isPagination says l leads to another page of the listing at cur.
func isPagination(cur *url.URL, l link) bool {
	if l.URL.Host != cur.Host || listingKey(l.URL) != listingKey(cur) || l.URL.String() == cur.String() {
		return false
	}
	text := strings.ToLower(strings.Trim(l.Text, " .…[]()"))
	if isNumber(text) || nextWords[text] {
		return true
	}
	return pageParam.MatchString(l.URL.RawQuery) || pagePath.MatchString(l.URL.Path)
}

// isArticleLink says l looks like a link to an article: the source's
// pattern when it has one, otherwise the shapes of article URLs on
// Vietnamese portals (a slug of words, a numeric id, an id parameter) or
// a headline-long anchor text.
func isArticleLink(re *regexp.Regexp, l link) bool {
	if re != nil {
		return re.MatchString(l.URL.String())
	}
	u := l.URL
	if isFile(u) || u.Path == "/" && u.RawQuery == "" {
		return false
	}
	last := u.Path
	if i := strings.LastIndexByte(strings.TrimSuffix(last, "/"), '/'); i >= 0 {
		last = strings.TrimSuffix(last, "/")[i+1:]
	}
	words := len(strings.Fields(l.Text))
	switch {
	case idParam.MatchString(u.RawQuery):
		return words >= 3
	case slugSegment.MatchString(last), numericID.MatchString(last):
		return words >= 3 || words == 0
	}
	return words >= 7
}

// isSectionLink says l may be another listing (a menu entry): same host,
// a short anchor text, not a file.
func isSectionLink(cur *url.URL, l link) bool {
	words := len(strings.Fields(l.Text))
	return l.URL.Host == cur.Host && words >= 1 && words <= 5 && !isFile(l.URL) && !isNumber(l.Text)
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// entry is a URL from a feed or a sitemap with its modification time.
type entry struct {
	URL *url.URL
	Mod time.Time
}

// parseFeed reads the item links of an RSS or Atom feed.
func parseFeed(base *url.URL, body []byte) ([]entry, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", base, err)
	}
	var out []entry
	for _, it := range feed.Items {
		href := it.Link
		if href == "" && len(it.Links) > 0 {
			href = it.Links[0]
		}
		u := resolve(base, href)
		if u == nil {
			continue
		}
		e := entry{URL: u}
		if it.UpdatedParsed != nil {
			e.Mod = *it.UpdatedParsed
		}
		out = append(out, e)
	}
	return out, nil
}

type sitemapXML struct {
	XMLName  xml.Name
	URLs     []sitemapLoc `xml:"url"`
	Sitemaps []sitemapLoc `xml:"sitemap"`
}

type sitemapLoc struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
}

// parseSitemap reads a sitemap (pages) or a sitemap index (sitemaps).
func parseSitemap(base *url.URL, body []byte) (pages, sitemaps []entry, err error) {
	var sm sitemapXML
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = charset.NewReaderLabel
	if err := dec.Decode(&sm); err != nil {
		return nil, nil, fmt.Errorf("sitemap %s: %w", base, err)
	}
	conv := func(locs []sitemapLoc) []entry {
		var out []entry
		for _, l := range locs {
			u := resolve(base, l.Loc)
			if u == nil {
				continue
			}
			e := entry{URL: u}
			for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02"} {
				if t, err := time.Parse(layout, strings.TrimSpace(l.LastMod)); err == nil {
					e.Mod = t
					break
				}
			}
			out = append(out, e)
		}
		return out
	}
	return conv(sm.URLs), conv(sm.Sitemaps), nil
}

// sniff tells feeds and sitemaps from HTML by their first element.
func sniff(body []byte) string {
	head := body
	if len(head) > 1024 {
		head = head[:1024]
	}
	s := strings.ToLower(string(head))
	switch {
	case strings.Contains(s, "<urlset"), strings.Contains(s, "<sitemapindex"):
		return "sitemap"
	case strings.Contains(s, "<rss"), strings.Contains(s, "<feed"), strings.Contains(s, "<rdf:rdf"):
		return "feed"
	}
	return "html"
}
