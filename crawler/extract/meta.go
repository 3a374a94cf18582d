package extract

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// meta is what the page declares about itself, in <head> and JSON-LD.
type meta struct {
	canonical string
	title     string // <title>
	ogTitle   string
	siteName  string
	headline  string // JSON-LD headline
	published time.Time
	author    string // JSON-LD or article:author, when it names a person
	generator string
	pageType  string // og:type or JSON-LD @type, lower case
}

// dateMeta are the <meta> names and properties that declare when an article
// was published, best first. Modification dates are not publication dates,
// and a bare "date" or "created" is left out: some portal templates fill it
// with the time the page was generated.
var dateMeta = []string{
	"article:published_time", "og:published_time", "datepublished", "publishdate",
	"publish-date", "publish_date", "pubdate", "dc.date.issued", "dcterms.issued",
	"dc.date.created", "dcterms.created", "sailthru.date", "parsely-pub-date", "dc.date",
}

func readMeta(doc *goquery.Document) meta {
	var m meta
	m.title = collapse(doc.Find("title").First().Text())
	m.canonical, _ = doc.Find(`link[rel="canonical"]`).First().Attr("href")
	named := map[string]string{}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		key := ""
		for _, a := range []string{"property", "name", "itemprop", "http-equiv"} {
			if v, ok := s.Attr(a); ok && v != "" {
				key = strings.ToLower(strings.TrimSpace(v))
				break
			}
		}
		val, ok := s.Attr("content")
		if !ok {
			val, ok = s.Attr("datetime")
		}
		if key == "" || !ok {
			return
		}
		if _, seen := named[key]; !seen {
			named[key] = strings.TrimSpace(val)
		}
	})
	m.ogTitle = collapse(named["og:title"])
	m.siteName = collapse(named["og:site_name"])
	m.generator = strings.ToLower(named["generator"])
	m.pageType = strings.ToLower(named["og:type"])
	if a := named["article:author"]; a != "" && !strings.Contains(a, "/") {
		m.author = collapse(a)
	}
	for _, k := range dateMeta {
		if t, ok := parseDeclared(named[k]); ok {
			m.published = t
			break
		}
	}
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) == nil {
			m.readJSONLD(v, 0)
		}
	})
	return m
}

// readJSONLD takes headline, datePublished and author from the first
// article-like object, walking @graph and arrays.
func (m *meta) readJSONLD(v any, depth int) {
	if depth > 5 {
		return
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			m.readJSONLD(e, depth+1)
		}
	case map[string]any:
		if g, ok := v["@graph"]; ok {
			m.readJSONLD(g, depth+1)
		}
		typ := strings.ToLower(jsonString(v["@type"]))
		if !strings.Contains(typ, "article") && !strings.Contains(typ, "posting") && typ != "report" {
			return
		}
		if m.pageType == "" {
			m.pageType = typ
		}
		if h := collapse(jsonString(v["headline"])); h != "" && m.headline == "" {
			m.headline = h
		}
		if m.published.IsZero() {
			for _, k := range []string{"datePublished", "dateCreated"} {
				if t, ok := parseDeclared(jsonString(v[k])); ok {
					m.published = t
					break
				}
			}
		}
		if m.author == "" {
			m.author = jsonAuthor(v["author"])
		}
	}
}

func jsonString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			return jsonString(v[0])
		}
	}
	return ""
}

func jsonAuthor(v any) string {
	switch v := v.(type) {
	case string:
		return collapse(v)
	case map[string]any:
		if t := jsonString(v["@type"]); t != "" && t != "Person" {
			return "" // an Organization is the publisher, not a byline
		}
		return collapse(jsonString(v["name"]))
	case []any:
		var names []string
		for _, e := range v {
			if n := jsonAuthor(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// parseDeclared reads a machine-readable date from a meta tag, JSON-LD or a
// datetime attribute.
func parseDeclared(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	return ParseDate(s)
}
