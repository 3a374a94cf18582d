package web

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/govnews/govnews/index"
)

func TestFeed(t *testing.T) {
	env := newTestEnv(t, nil)
	resp, body := env.get(t, "/feed?q=ke+hoach")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("Content-Type %q", ct)
	}
	var feed atomFeed
	if err := xml.Unmarshal(body, &feed); err != nil {
		t.Fatalf("not XML: %v\n%s", err, body)
	}
	if feed.XMLName.Space != "http://www.w3.org/2005/Atom" || !strings.Contains(feed.Title, "ke hoach") {
		t.Errorf("feed %q %q", feed.XMLName.Space, feed.Title)
	}
	var self string
	for _, l := range feed.Links {
		if l.Rel == "self" {
			self = l.Href
		}
	}
	if !strings.HasPrefix(self, env.srv.URL+"/feed?") {
		t.Errorf("self link %q is not absolute", self)
	}
	// Newest first: a subscriber sees new articles on top.
	var ids []string
	for _, e := range feed.Entries {
		ids = append(ids, e.ID)
	}
	want := []string{urlDaNangCCHC, urlBenTrePlan, urlHaNoiTet}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("entries %q, want %q", ids, want)
	}
	e := feed.Entries[1]
	if e.Title != "Kế hoạch phát triển kinh tế – xã hội năm 2024" || e.Updated != "2024-03-15T08:30:00+07:00" || e.Summary == nil || !strings.Contains(e.Summary.Body, "<mark>") {
		t.Errorf("entry %+v", e)
	}
	if feed.Updated != "2025-01-08T08:00:00+07:00" {
		t.Errorf("feed updated %q, want the newest entry's date", feed.Updated)
	}
}

// Markup in a crawled title is data: in the feed it is escaped XML text.
func TestFeedEscapes(t *testing.T) {
	env := newTestEnv(t, nil)
	_, body := env.get(t, "/feed?q=tuyen+dung")
	if strings.Contains(string(body), "<script>") || strings.Contains(string(body), "<img") {
		t.Errorf("raw markup in feed:\n%s", body)
	}
	var feed atomFeed
	if err := xml.Unmarshal(body, &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 1 || !strings.Contains(feed.Entries[0].Title, `<script>alert("xss")</script>`) {
		t.Errorf("title should survive as text: %+v", feed.Entries)
	}
}

func TestFeedBadParams(t *testing.T) {
	env := newTestEnv(t, nil)
	resp, body := env.get(t, "/feed?q=x&from=2024-13-45")
	if resp.StatusCode != 400 || !strings.Contains(string(body), `"param":"from"`) {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}

// A feed reader polling an unchanged feed gets a 304; a new article changes
// the feed and its ETag.
func TestFeedConditionalGet(t *testing.T) {
	env := newTestEnv(t, nil)
	resp, _ := env.get(t, "/feed?q=ke+hoach")
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	resp, body := env.do(t, "GET", "/feed?q=ke+hoach", http.Header{"If-None-Match": {etag}})
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("unchanged feed: %d with %d bytes, want an empty 304", resp.StatusCode, len(body))
	}
	if err := env.ix.Put(index.Article{URL: "https://example.gov.vn/moi.html", Title: "Kế hoạch mới", Body: "Kế hoạch mới.", Published: time.Now()}); err != nil {
		t.Fatal(err)
	}
	resp, body = env.do(t, "GET", "/feed?q=ke+hoach", http.Header{"If-None-Match": {etag}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Kế hoạch mới") || resp.Header.Get("ETag") == etag {
		t.Errorf("changed feed: %d, new ETag %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
}
