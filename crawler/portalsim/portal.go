package portalsim

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Hazards every portal has, by article id.
const (
	idRedirect = 3 // linked as /r/3, which redirects to the article
	idGone     = 4 // linked, but answers 404
	idFlaky    = 5 // answers 500 to its first request
	idTracking = 6 // linked with utm_ tracking parameters
	idSlow     = 7 // answers after Options.Slow
)

type portal struct {
	sim   *Sim
	n     int
	style style
	srv   *httptest.Server

	mu       sync.Mutex
	count    int
	version  map[int]int
	modified map[int]time.Time
	changed  time.Time
	flaked   bool
}

func newPortal(s *Sim, n, articles int) *portal {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &portal{sim: s, n: n, style: styles[n%len(styles)], count: articles,
		version: map[int]int{}, modified: map[int]time.Time{}, changed: start}
	for id := 1; id <= articles; id++ {
		p.modified[id] = start
	}
	return p
}

func (p *portal) isDeleted(id int) bool { return id == idGone }

func (p *portal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w, status: 200}
	cond := r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != ""
	at := time.Now()
	p.serve(rec, r)
	p.sim.record(Request{Portal: p.n, Path: r.URL.RequestURI(), At: at, Status: rec.status, UserAgent: r.UserAgent(), IfNone: cond})
}

func (p *portal) serve(w http.ResponseWriter, r *http.Request) {
	uri := r.URL.RequestURI()
	path := r.URL.Path
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case path == "/robots.txt":
		p.robots(w)
	case path == "/" || path == "/gioi-thieu" || path == "/van-ban" || strings.HasPrefix(path, "/private/") || strings.HasPrefix(path, "/admin/"):
		p.write(w, r, "text/html; charset=utf-8", p.changed, p.simplePage("Trang thông tin"))
	case strings.HasPrefix(path, "/r/"):
		id, _ := strconv.Atoi(strings.TrimPrefix(path, "/r/"))
		http.Redirect(w, r, p.style.article(id, p.slug(id)), http.StatusMovedPermanently)
	case path == "/lich":
		p.calendar(w, r)
	case path == "/tim-kiem":
		p.search(w, r)
	case path == p.style.feed:
		p.feed(w, r)
	case p.style.sitemap && path == "/sitemap.xml":
		p.sitemapIndex(w, r)
	case p.style.sitemap && path == "/sitemap-tin-tuc.xml":
		p.sitemap(w, r)
	default:
		if id, ok := p.style.articleID(uri); ok {
			p.article(w, r, id)
			return
		}
		for n := 1; n <= p.pages(); n++ {
			if uri == p.style.listing(n) {
				p.listing(w, r, n)
				return
			}
		}
		http.NotFound(w, r)
	}
}

func (p *portal) pages() int { return (p.count + p.sim.opts.PerPage - 1) / p.sim.opts.PerPage }

func (p *portal) url(path string) string { return p.srv.URL + path }

// write sends body with validators, or 304 when the client has it.
func (p *portal) write(w http.ResponseWriter, r *http.Request, ctype string, mod time.Time, body string) {
	sum := sha256.Sum256([]byte(body))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", mod.UTC().Format(http.TimeFormat))
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		if inm == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !mod.Truncate(time.Second).After(ims) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", ctype)
	fmt.Fprint(w, body)
}

func (p *portal) robots(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintln(w, "User-agent: *")
	for _, d := range DisallowedPrefixes {
		fmt.Fprintln(w, "Disallow:", d)
	}
	if d := p.sim.opts.CrawlDelay; d > 0 {
		fmt.Fprintf(w, "Crawl-delay: %g\n", d.Seconds())
	}
	if p.style.sitemap {
		fmt.Fprintln(w, "Sitemap:", p.url("/sitemap.xml"))
	}
}

func (p *portal) head(title string) string {
	feedType := "application/rss+xml"
	if p.style.atom {
		feedType = "application/atom+xml"
	}
	return fmt.Sprintf(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>%s</title>
<link rel="alternate" type="%s" title="Tin tức" href="%s">
<link rel="stylesheet" href="/style.css"></head><body>
<header><div class="banner">Cổng thông tin điện tử mô phỏng %d</div>
<nav><a href="/">Trang chủ</a> <a href="/gioi-thieu">Giới thiệu</a> <a href="%s">Tin tức</a> <a href="/van-ban">Văn bản</a> <a href="/admin/">Quản trị</a></nav></header>
`, html.EscapeString(title), feedType, p.style.feed, p.n, p.style.listing(1))
}

const foot = `<footer><p>Thống Kê Truy Cập. Đang truy cập: 12. Tổng lượt truy cập: 123456</p><p>Bản quyền thuộc về Ủy ban nhân dân tỉnh.</p></footer></body></html>`

func (p *portal) simplePage(title string) string {
	return p.head(title) + "<main><p>Trang giới thiệu chung.</p></main>" + foot
}

// listing renders page n: newest first, with the hazards on page 1.
func (p *portal) listing(w http.ResponseWriter, r *http.Request, n int) {
	var b strings.Builder
	b.WriteString(p.head("Tin tức - trang " + strconv.Itoa(n)))
	b.WriteString(`<aside class="sidebar"><h3>Lịch công tác</h3><a href="/lich?ngay=2025-01-06">Lịch công tác tuần của lãnh đạo Ủy ban nhân dân tỉnh ngày 06/01/2025</a> <a href="/tim-kiem?q=khoa+hoc">Tìm kiếm</a></aside>`)
	b.WriteString(`<main><h2>Tin hoạt động</h2><ul class="news-list">`)
	per := p.sim.opts.PerPage
	for id := p.count - (n-1)*per; id > p.count-n*per && id >= 1; id-- {
		href := p.style.article(id, p.slug(id))
		switch id {
		case idRedirect:
			href = "/r/" + strconv.Itoa(id)
		case idTracking:
			if strings.Contains(href, "?") {
				href += "&utm_source=zalo&utm_medium=share"
			} else {
				href += "?utm_source=zalo&utm_medium=share"
			}
		}
		fmt.Fprintf(&b, `<li><a href="%s">%s</a> <span class="date">%s</span><p>%s</p></li>`+"\n",
			html.EscapeString(href), html.EscapeString(p.title(id)), p.published(id).Format("02/01/2006"), html.EscapeString(p.body(id, 0)[0][:60]))
	}
	if n == 1 {
		fmt.Fprintf(&b, `<li><a href="/private/bao-cao-noi-bo-ve-nhan-su-9999.html">Báo cáo nội bộ về công tác nhân sự năm 2025 chưa công bố</a></li>`)
	}
	b.WriteString(`</ul><div class="pager">`)
	if p.style.nextOnly {
		if n < p.pages() {
			fmt.Fprintf(&b, `<a class="next" href="%s">Trang sau ›</a>`, p.style.listing(n+1))
		}
	} else {
		for k := 1; k <= p.pages(); k++ {
			if k == n {
				fmt.Fprintf(&b, `<span>%d</span> `, k)
			} else {
				fmt.Fprintf(&b, `<a href="%s">%d</a> `, p.style.listing(k), k)
			}
		}
	}
	b.WriteString(`</div></main>` + foot)
	p.write(w, r, "text/html; charset=utf-8", p.changed, b.String())
}

func (p *portal) article(w http.ResponseWriter, r *http.Request, id int) {
	if id < 1 || id > p.count || p.isDeleted(id) {
		http.NotFound(w, r)
		return
	}
	if id == idFlaky && !p.flaked {
		p.flaked = true
		http.Error(w, "Server Error in '/' Application.", http.StatusInternalServerError)
		return
	}
	if id == idSlow {
		p.mu.Unlock()
		time.Sleep(p.sim.opts.Slow)
		p.mu.Lock()
	}
	title := p.title(id)
	var b strings.Builder
	b.WriteString(p.head(title + " - Cổng thông tin"))
	fmt.Fprintf(&b, `<link rel="canonical" href="%s">`, html.EscapeString(p.url(p.style.article(id, p.slug(id)))))
	fmt.Fprintf(&b, `<main><article class="news-detail"><h1 class="title">%s</h1><div class="meta">Ngày đăng : %s | Lượt xem: 120 | A+ A- In</div><div class="content">`,
		html.EscapeString(title), p.published(id).Format("02/01/2006"))
	for _, para := range p.body(id, p.version[id]) {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(para))
	}
	b.WriteString(`<p class="author"><strong>Hồng Quốc</strong></p></div></article><div class="other-news"><h3>Các tin khác</h3><ul>`)
	for o := id - 1; o >= 1 && o > id-6; o-- {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, html.EscapeString(p.style.article(o, p.slug(o))), html.EscapeString(p.title(o)))
	}
	b.WriteString(`</ul></div></main>` + foot)
	p.write(w, r, "text/html; charset=utf-8", p.modified[id], b.String())
}

// calendar is a trap: every day links to the next and the previous, forever.
func (p *portal) calendar(w http.ResponseWriter, r *http.Request) {
	day, err := time.Parse("2006-01-02", r.URL.Query().Get("ngay"))
	if err != nil {
		day = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	}
	var b strings.Builder
	b.WriteString(p.head("Lịch công tác"))
	b.WriteString("<main><h1>Lịch công tác ngày " + day.Format("02/01/2006") + "</h1><ul>")
	for _, d := range []time.Time{day.AddDate(0, 0, -1), day.AddDate(0, 0, 1), day.AddDate(0, 1, 0)} {
		fmt.Fprintf(&b, `<li><a href="/lich?ngay=%s&amp;tuan=%d">Lịch công tác tuần của lãnh đạo Ủy ban nhân dân tỉnh ngày %s</a></li>`, d.Format("2006-01-02"), d.YearDay()/7, d.Format("02/01/2006"))
	}
	b.WriteString("</ul><p>Không có lịch công tác trong ngày.</p></main>" + foot)
	p.write(w, r, "text/html; charset=utf-8", p.changed, b.String())
}

// search is a trap: every page of results shows the same articles and a
// "Trang sau" link to the next page, forever.
func (p *portal) search(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n = max(n, 1)
	var b strings.Builder
	b.WriteString(p.head("Kết quả tìm kiếm"))
	b.WriteString(`<main><h1>Kết quả tìm kiếm: khoa học</h1><ul class="results">`)
	for id := p.count; id >= 1 && id > p.count-10; id-- {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, html.EscapeString(p.style.article(id, p.slug(id))), html.EscapeString(p.title(id)))
	}
	fmt.Fprintf(&b, `</ul><a class="next" href="/tim-kiem?q=khoa+hoc&amp;page=%d">Trang sau</a></main>`+foot, n+1)
	p.write(w, r, "text/html; charset=utf-8", p.changed, b.String())
}

// feed lists the 20 newest articles, RSS or Atom.
func (p *portal) feed(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	if p.style.atom {
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tin tức</title><id>%s</id><updated>%s</updated>`, p.url("/"), p.changed.Format(time.RFC3339Nano))
	} else {
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin tức</title><link>%s</link>`, p.url("/"))
	}
	for id := p.count; id >= 1 && id > p.count-20; id-- {
		if p.isDeleted(id) {
			continue
		}
		link := html.EscapeString(p.url(p.style.article(id, p.slug(id))))
		title := html.EscapeString(p.title(id))
		if p.style.atom {
			fmt.Fprintf(&b, `<entry><title>%s</title><link href="%s"/><id>%s</id><published>%s</published><updated>%s</updated></entry>`,
				title, link, link, p.published(id).Format(time.RFC3339), p.lastmod(id).Format(time.RFC3339))
		} else {
			fmt.Fprintf(&b, `<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate></item>`,
				title, link, link, p.published(id).Format(time.RFC1123Z))
		}
	}
	if p.style.atom {
		b.WriteString(`</feed>`)
	} else {
		b.WriteString(`</channel></rss>`)
	}
	p.write(w, r, "application/xml; charset=utf-8", p.changed, b.String())
}

func (p *portal) lastmod(id int) time.Time { return p.modified[id].Add(p.sim.opts.LastmodSkew) }

func (p *portal) sitemapIndex(w http.ResponseWriter, r *http.Request) {
	body := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s</loc><lastmod>%s</lastmod></sitemap></sitemapindex>`,
		p.url("/sitemap-tin-tuc.xml"), p.changed.Format(time.RFC3339Nano))
	p.write(w, r, "application/xml", p.changed, body)
}

func (p *portal) sitemap(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	fmt.Fprintf(&b, `<url><loc>%s</loc></url>`, p.url(p.style.listing(1)))
	for id := p.count; id >= 1; id-- {
		if p.isDeleted(id) {
			continue
		}
		fmt.Fprintf(&b, `<url><loc>%s</loc><lastmod>%s</lastmod></url>`, html.EscapeString(p.url(p.style.article(id, p.slug(id)))), p.lastmod(id).Format(time.RFC3339))
	}
	b.WriteString(`</urlset>`)
	p.write(w, r, "application/xml", p.changed, b.String())
}
