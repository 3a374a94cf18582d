package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

// Atom (RFC 4287) as much as a feed reader needs.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"xml:lang,attr"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	ID        string      `xml:"id"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    *atomAuthor `xml:"author,omitempty"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Author     *atomAuthor    `xml:"author,omitempty"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// handleFeed: GET /feed?q=…&province=…: the newest matches as Atom, so a
// journalist can subscribe to a query or a topic.
func (s *server) handleFeed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req, err := s.parse(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if req.Cursor != "" {
		s.writeError(w, r, &search.Error{Param: "cursor", Msg: "a feed is always the newest page; it takes no cursor"})
		return
	}
	// What a feed cannot honour is a 400, as the API answers it, not a
	// parameter silently dropped.
	for _, p := range []struct{ name, msg string }{
		{"format", "a feed is Atom; format is for /api/export"},
		{"page", "a feed is always the newest page"},
	} {
		if q.Has(p.name) {
			s.writeError(w, r, &search.Error{Param: p.name, Msg: p.msg})
			return
		}
	}
	// Newest first whatever sort says: feed URLs copied from a search
	// page carry its sort, and subscriptions must keep working.
	req.Sort = search.SortDate
	if req.Limit == 0 || req.Limit > s.cfg.FeedSize {
		req.Limit = s.cfg.FeedSize
	}
	req.Snippets = true
	res, err := s.search(r.Context(), "feed", req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	base := s.cfg.PublicURL
	if base == "" {
		base = baseURL(r)
	}
	page := encodeRequest(search.Request{Query: req.Query, Provinces: req.Provinces, Sources: req.Sources, Topics: req.Topics, Agencies: req.Agencies, From: req.From, To: req.To, Sort: search.SortDate, Collapse: req.Collapse, Group: req.Group})
	feed := atomFeed{
		Lang:     "vi",
		Title:    "govnews: " + s.describe(req),
		Subtitle: fmt.Sprintf("%d bài viết khớp; %d bài mới nhất", res.Total, len(res.Hits)),
		ID:       base + "/feed?" + page.Encode(),
		Links:    []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/feed?" + page.Encode()}, {Rel: "alternate", Type: "text/html", Href: base + "/?" + page.Encode()}},
		// RFC 4287 §4.1.1: a feed has an author unless every entry has
		// one; an article whose source and agency are unknown has none, so
		// the feed names its publisher, which entries without one inherit.
		Author:    &atomAuthor{Name: "govnews"},
		Generator: "govnews",
	}
	// An entry's updated date: when it was published, else when govnews
	// fetched it. An article with neither (imported without dates) takes
	// the newest date of the feed, so it neither poses as 1970 nor changes
	// the feed (and its ETag) on every poll.
	updatedOf := make([]time.Time, len(res.Hits))
	var newest time.Time
	for i, h := range res.Hits {
		updated := h.Published
		if updated.IsZero() {
			if a, ok, err := s.article(h.ID); err == nil && ok {
				updated = a.FetchedAt
			}
		}
		updatedOf[i] = updated
		if updated.After(newest) {
			newest = updated
		}
	}
	if newest.IsZero() {
		// Nothing dated at all: today, so that polls within a day agree.
		y, m, d := time.Now().In(index.Zone).Date()
		newest = time.Date(y, m, d, 0, 0, 0, 0, index.Zone)
	}
	for i, h := range res.Hits {
		stored := base + "/articles/" + h.ID
		// A link or id that is not an http(s) URL (an old import of
		// "javascript:…") must not reach a feed reader: the stored copy
		// stands in for it.
		original := h.URL
		if !isWebURL(original) {
			original = stored
		}
		e := atomEntry{
			Title: h.Title,
			ID:    original,
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: original}},
		}
		if original != stored {
			e.Links = append(e.Links, atomLink{Rel: "related", Type: "text/html", Href: stored})
		}
		if !h.Published.IsZero() {
			e.Published = index.InZone(h.Published).Format(time.RFC3339)
		}
		updated := updatedOf[i]
		if updated.IsZero() {
			updated = newest
		}
		e.Updated = index.InZone(updated).Format(time.RFC3339)
		if name := firstNonEmpty(h.SourceName, h.Source, h.Agency); name != "" {
			e.Author = &atomAuthor{Name: name}
		}
		for _, t := range h.Topics {
			e.Categories = append(e.Categories, atomCategory{Term: t, Label: s.topicName[t]})
		}
		if h.Snippet != "" {
			e.Summary = &atomText{Type: "html", Body: safeSnippet(h.Snippet)}
		}
		feed.Entries = append(feed.Entries, e)
	}
	feed.Updated = index.InZone(newest).Format(time.RFC3339)

	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		s.writeError(w, r, fmt.Errorf("web: encode feed: %w", err))
		return
	}
	// Feed readers poll: an unchanged feed costs them a 304, not the body.
	sum := sha256.Sum256(buf.Bytes())
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	if s.cfg.PublicURL != "" {
		h.Set("Cache-Control", "public, max-age=300")
	} else {
		// Links from the request's Host: a shared cache must not hand
		// one client's (forged) Host to every reader.
		h.Set("Cache-Control", "private, max-age=300")
	}
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

// isWebURL says whether u is an absolute http(s) URL, the only kind of
// link govnews hands on.
func isWebURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// baseURL is the scheme and host the client used, so feed links work behind
// the name the reader subscribed with.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// describe says in words what a request searches for (feed titles, page
// titles).
func (s *server) describe(req search.Request) string {
	var parts []string
	if req.Query != "" {
		parts = append(parts, "“"+req.Query+"”")
	}
	for _, t := range req.Topics {
		parts = append(parts, "chủ đề "+firstNonEmpty(s.topicName[t], t))
	}
	if len(req.Provinces) > 0 {
		parts = append(parts, "tỉnh "+strings.Join(req.Provinces, ", "))
	}
	if len(req.Sources) > 0 {
		parts = append(parts, "nguồn "+strings.Join(req.Sources, ", "))
	}
	if !req.From.IsZero() {
		parts = append(parts, "từ "+req.From.In(index.Zone).Format("02/01/2006"))
	}
	if !req.To.IsZero() {
		parts = append(parts, "đến "+req.To.In(index.Zone).Format("02/01/2006"))
	}
	if len(parts) == 0 {
		return "tất cả bài viết"
	}
	return strings.Join(parts, ", ")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
