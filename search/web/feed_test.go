package web

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
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
	for params, param := range map[string]string{"q=x&from=2024-13-45": "from", "q=x&format=csv": "format", "q=x&page=2": "page"} {
		resp, body := env.get(t, "/feed?"+params)
		if resp.StatusCode != 400 || !strings.Contains(string(body), `"param":"`+param+`"`) {
			t.Errorf("%s: %d %s, want a 400 naming %s", params, resp.StatusCode, body, param)
		}
	}
	// A feed URL copied from a search page keeps working, newest first.
	if resp, body := env.get(t, "/feed?q=tinh&sort=relevance"); resp.StatusCode != 200 {
		t.Errorf("sort=relevance: %d %s", resp.StatusCode, body)
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

// atomElem is any element of a parsed feed, for checking it against RFC
// 4287 without trusting the server's own types.
type atomElem struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []atomElem `xml:",any"`
}

func (e atomElem) all(name string) []atomElem {
	var out []atomElem
	for _, c := range e.Children {
		if c.XMLName.Local == name && c.XMLName.Space == "http://www.w3.org/2005/Atom" {
			out = append(out, c)
		}
	}
	return out
}

func (e atomElem) attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// checkAtom reports what an Atom feed lacks of RFC 4287's required
// elements (§4.1.1, §4.1.2, §4.2), and any link that is not http(s).
func checkAtom(t *testing.T, body []byte) {
	t.Helper()
	var feed atomElem
	if err := xml.Unmarshal(body, &feed); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	once := func(where string, e atomElem, name string) string {
		list := e.all(name)
		if len(list) != 1 {
			t.Errorf("%s: %d atom:%s, RFC 4287 requires exactly one", where, len(list), name)
			return ""
		}
		return strings.TrimSpace(list[0].Text)
	}
	date := func(where, s string) {
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Errorf("%s: %q is not an RFC 3339 date", where, s)
		} else if d.Year() < 2000 {
			t.Errorf("%s: updated %s is a placeholder, not a date", where, s)
		}
	}
	webLink := func(where, href string) {
		u, err := url.Parse(href)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Errorf("%s: link %q is not an absolute http(s) URL", where, href)
		}
	}
	once("feed", feed, "id")
	once("feed", feed, "title")
	date("feed updated", once("feed", feed, "updated"))
	for _, l := range feed.all("link") {
		webLink("feed", l.attr("href"))
	}
	feedAuthor := len(feed.all("author")) > 0
	for _, a := range feed.all("author") {
		if once("feed author", a, "name") == "" {
			t.Error("feed author has no name")
		}
	}
	for i, e := range feed.all("entry") {
		where := fmt.Sprintf("entry %d", i)
		webLink(where+" id", once(where, e, "id"))
		once(where, e, "title")
		date(where+" updated", once(where, e, "updated"))
		if !feedAuthor && len(e.all("author")) == 0 {
			t.Errorf("%s: no atom:author in the entry nor in the feed", where)
		}
		alternate := 0
		for _, l := range e.all("link") {
			webLink(where, l.attr("href"))
			if rel := l.attr("rel"); rel == "" || rel == "alternate" {
				alternate++
			}
		}
		if len(e.all("content")) == 0 && alternate == 0 {
			t.Errorf("%s: no atom:content and no alternate link", where)
		}
	}
}

// Every feed meets RFC 4287's requirements, also for articles without a
// source, without any date, or imported with a URL that is no web link.
func TestFeedMeetsRFC4287(t *testing.T) {
	env := newTestEnv(t, nil)
	if err := env.ix.Put(
		index.Article{URL: "https://anon.vn/khong-ngay", Title: "Thông báo không ngày", Body: "Thông báo tuyển sinh không ghi ngày."},
		index.Article{URL: "javascript:alert(1)", Title: "Thông báo liên kết lạ", Body: "Thông báo tuyển sinh có liên kết lạ."},
	); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/feed?q=thong+bao+tuyen+sinh", "/feed", "/feed?q=ke+hoach", "/feed?q=khongcobainao"} {
		resp, body := env.get(t, path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
		}
		t.Run(path, func(t *testing.T) { checkAtom(t, body) })
		if strings.Contains(string(body), "javascript:") {
			t.Errorf("%s: a javascript: link reached the feed", path)
		}
	}
	var feed atomFeed
	_, body := env.get(t, "/feed?q=thong+bao+tuyen+sinh")
	if err := xml.Unmarshal(body, &feed); err != nil || len(feed.Entries) != 2 {
		t.Fatalf("want the two test articles: %v %d", err, len(feed.Entries))
	}
}

// A feed built on the request's Host (no --public-url) is cached only by
// the reader: a shared cache would hand a forged Host's links to everyone.
// With a public URL the links are built on it, whatever the Host says.
func TestFeedLinksAndSharedCaches(t *testing.T) {
	for _, tc := range []struct {
		public, wantBase, wantCache string
	}{
		{"", "http://evil.example/", "private, max-age=300"},
		{"https://tin.example.vn", "https://tin.example.vn/", "public, max-age=300"},
	} {
		env := newTestEnv(t, func(c *Config) { c.PublicURL = tc.public })
		req, err := http.NewRequest(http.MethodGet, env.srv.URL+"/feed?q=tinh", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = "evil.example"
		resp, err := env.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := resp.Header.Get("Cache-Control"); got != tc.wantCache {
			t.Errorf("public URL %q: Cache-Control %q, want %q", tc.public, got, tc.wantCache)
		}
		if !strings.Contains(string(body), `href="`+tc.wantBase) {
			t.Errorf("public URL %q: feed links not on %s:\n%.600s", tc.public, tc.wantBase, body)
		}
		if tc.public != "" && strings.Contains(string(body), "evil.example") {
			t.Errorf("public URL %q: the request's Host reached the feed", tc.public)
		}
	}
}
