package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govnews/govnews/crawler/portalsim"
	"github.com/govnews/govnews/crawler/sources"
)

// miniPortal serves a listing with n articles; article pages go through
// hook first, which may answer instead (return true).
type miniPortal struct {
	mu    sync.Mutex
	log   []time.Time
	paths []string
	hits  map[string]int
	hook  func(w http.ResponseWriter, r *http.Request, hit int) bool
	n     int
}

func (p *miniPortal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.log = append(p.log, time.Now())
	p.paths = append(p.paths, r.URL.RequestURI())
	if p.hits == nil {
		p.hits = map[string]int{}
	}
	p.hits[r.URL.Path]++
	hit := p.hits[r.URL.Path]
	p.mu.Unlock()
	if p.hook != nil && p.hook(w, r, hit) {
		return
	}
	switch {
	case r.URL.Path == "/robots.txt":
		http.NotFound(w, r)
	case r.URL.Path == "/tin-tuc":
		var b strings.Builder
		b.WriteString("<html><body><ul>")
		for i := 1; i <= p.n; i++ {
			fmt.Fprintf(&b, `<li><a href="/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-%d.html">Hội nghị tổng kết hoạt động khoa học và công nghệ số %d</a></li>`, i, i)
		}
		b.WriteString("</ul></body></html>")
		fmt.Fprint(w, b.String())
	default:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Bài %[1]s</title></head><body><article><h1>Hội nghị tổng kết hoạt động khoa học và công nghệ %[1]s</h1><div class="date">Ngày đăng: 11/11/2022</div>
<p>Ngày 09/11/2022, Sở Khoa học và Công nghệ tổ chức hội nghị tổng kết hoạt động khoa học và công nghệ năm 2022 và triển khai nhiệm vụ năm 2023 tại %[1]s.</p>
<p>Theo báo cáo, trong năm qua ngành đã thực hiện nhiều nhiệm vụ nghiên cứu, chuyển giao tiến bộ kỹ thuật cho nông dân, hỗ trợ doanh nghiệp đổi mới công nghệ và xây dựng thương hiệu cho sản phẩm địa phương.</p>
<p>Phát biểu chỉ đạo, đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh đề nghị ngành tiếp tục nâng cao chất lượng các đề tài, gắn nghiên cứu với nhu cầu thực tiễn của địa phương.</p></article></body></html>`, r.URL.Path)
	}
}

func (p *miniPortal) hitsOf(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hits[path]
}

func (p *miniPortal) requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.log)
}

func (p *miniPortal) source(id, base string) sources.Source {
	return sources.Source{ID: id, Name: "Cổng thử", Province: "Huế", StartURLs: []string{base + "/tin-tuc"}, Delay: time.Millisecond}
}

// busyOnceFirstArticle answers the first article's first request with 503
// and Retry-After: 1, as a busy portal does.
func busyOnceFirstArticle(w http.ResponseWriter, r *http.Request, hit int) bool {
	if strings.HasSuffix(r.URL.Path, "-1.html") && hit == 1 {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return true
	}
	return false
}

func TestRetryAfterAndBackoff(t *testing.T) {
	p := &miniPortal{n: 2, hook: busyOnceFirstArticle}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	sum, err := e.c.Crawl(context.Background(), p.source("retry", srv.URL))
	if err != nil || sum.New != 2 || sum.Failed {
		t.Fatalf("summary %+v, %v", sum, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.hits["/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-1.html"] != 2 {
		t.Errorf("503 page requested %d times, want 2", p.hits["/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-1.html"])
	}
	// The request after the 503 waited for Retry-After.
	for i := 1; i < len(p.log); i++ {
		if gap := p.log[i].Sub(p.log[i-1]); gap >= 900*time.Millisecond {
			return
		}
	}
	t.Error("no pause of Retry-After's 1 s after the 503")
}

func TestTimeoutRetried(t *testing.T) {
	p := &miniPortal{n: 1, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
		if strings.HasSuffix(r.URL.Path, ".html") && hit == 1 {
			time.Sleep(400 * time.Millisecond)
		}
		return false
	}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	e.c.cfg.Timeout = 150 * time.Millisecond
	sum, err := e.c.Crawl(context.Background(), p.source("slow", srv.URL))
	if err != nil || sum.New != 1 {
		t.Fatalf("summary %+v, %v", sum, err)
	}
}

// articlesDown answers every article page with a 500: a portal whose
// listing works and whose articles are all down.
func articlesDown(w http.ResponseWriter, r *http.Request, hit int) bool {
	if strings.HasSuffix(r.URL.Path, ".html") {
		http.Error(w, "down", http.StatusInternalServerError)
		return true
	}
	return false
}

func TestHostPausedAfterRepeatedFailures(t *testing.T) {
	p := &miniPortal{n: 8, hook: articlesDown}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	sum, err := e.c.Crawl(context.Background(), p.source("down", srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	// pauseAfter pages failed (each after its retries), then the host
	// rests: the last pages wait for the next run.
	if p.hits["/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-5.html"] == 0 || p.hits["/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-6.html"] != 0 || !strings.Contains(sum.Err, "paused") || !sum.HostPaused {
		t.Errorf("hits %v, summary %+v: host not paused after %d failed pages", p.hits, sum, pauseAfter)
	}
}

// One slow page tried four times and one 429 that a retry gets past do
// not pause a healthy portal: every other article is stored in the run.
func TestRetriesOfOnePageAreOneFailure(t *testing.T) {
	p := &miniPortal{n: 12, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
		switch {
		case strings.HasSuffix(r.URL.Path, "-2.html"):
			time.Sleep(300 * time.Millisecond) // every try times out
		case strings.HasSuffix(r.URL.Path, "-3.html") && hit == 1:
			w.Header().Set("Retry-After", "0")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return true
		case strings.HasSuffix(r.URL.Path, "-4.html"):
			http.Error(w, "down", http.StatusInternalServerError)
			return true
		}
		return false
	}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	e.c.cfg.Timeout = 100 * time.Millisecond
	sum, err := e.c.Crawl(context.Background(), p.source("flaky", srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 10 || sum.HostPaused || sum.Errors != 2 {
		t.Errorf("summary %+v: want 10 new, 2 errors, host not paused", sum)
	}
}

func TestTLSFailureHasHint(t *testing.T) {
	p := &miniPortal{n: 1}
	srv := httptest.NewTLSServer(p) // self-signed: does not verify
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	src := p.source("tls", srv.URL)
	sum, err := e.c.Crawl(context.Background(), src)
	if err != nil || !sum.Failed || !strings.Contains(sum.Err, "insecure_tls") || !strings.Contains(sum.Err, `"tls"`) {
		t.Errorf("summary %+v, %v; want a failed source with the insecure_tls hint", sum, err)
	}
	src.InsecureTLS = true
	sum, err = e.c.Crawl(context.Background(), src)
	if err != nil || sum.Failed || sum.New != 1 {
		t.Errorf("with insecure_tls: summary %+v, %v", sum, err)
	}
}

func TestRobotsCrawlDelayHonoured(t *testing.T) {
	const crawlDelay = 150 * time.Millisecond
	sim, err := portalsim.Start(portalsim.Options{Portals: 1, Articles: 6, Delay: time.Millisecond, CrawlDelay: crawlDelay})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	e := newEnv(t, t.TempDir())
	if _, err := e.c.Crawl(context.Background(), sim.Sources()[0]); err != nil {
		t.Fatal(err)
	}
	reqs := sim.Requests()
	if len(reqs) < 5 {
		t.Fatalf("only %d requests", len(reqs))
	}
	for i := 2; i < len(reqs); i++ { // after robots.txt is known
		if gap := reqs[i].At.Sub(reqs[i-1].At); gap < crawlDelay*9/10 {
			t.Errorf("%s then %s %v apart; Crawl-delay is %v", reqs[i-1].Path, reqs[i].Path, gap, crawlDelay)
		}
	}
}

func TestURLNormalizationAndTraps(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		trap     bool
	}{
		{"HTTP://Example.GOV.vn:80/tin-tuc/a-b-c-d.html?utm_source=zalo&id=3#top", "http://example.gov.vn/tin-tuc/a-b-c-d.html?id=3", false},
		{"https://x.vn:443/a;jsessionid=ABC?fbclid=1", "https://x.vn/a", false},
		{"https://x.vn/lich?ngay=2025-01-06&tuan=1", "https://x.vn/lich?ngay=2025-01-06&tuan=1", true},
		{"https://x.vn/a/b/a/b/a/b/c", "https://x.vn/a/b/a/b/a/b/c", true},
		{"https://x.vn/search?a=1&b=2&c=3&d=4&e=5&f=6&g=7", "https://x.vn/search?a=1&b=2&c=3&d=4&e=5&f=6&g=7", true},
		{"https://x.vn/2024/05/01/hoi-nghi-tong-ket.html", "https://x.vn/2024/05/01/hoi-nghi-tong-ket.html", false},
	} {
		u := resolve(mustURL(t, "https://x.vn/"), tc.in)
		if u == nil || u.String() != tc.want {
			t.Errorf("resolve(%q) = %v, want %s", tc.in, u, tc.want)
			continue
		}
		if isTrap(u) != tc.trap {
			t.Errorf("isTrap(%s) = %v", u, !tc.trap)
		}
	}
}

func TestPaginationAndArticleLinks(t *testing.T) {
	cur := mustURL(t, "https://skhcn.x.vn/tin-tuc/Default.aspx?page=2")
	for _, tc := range []struct {
		href, text     string
		pager, article bool
	}{
		{"/tin-tuc/Default.aspx?page=3", "3", true, false},
		{"/tin-tuc/Default.aspx", "1", true, false},
		{"/tin-tuc/Default.aspx?page=3", "Trang sau", true, false},
		{"/web/guest/tin-tuc/-/trang-3", "3", false, false}, // another listing
		{"/tin-tuc/Pages/chi-tiet.aspx?ItemID=12", "Hội nghị tổng kết năm 2024 của Sở", false, true},
		{"/tin-tuc/hoi-nghi-tong-ket-nam-2024-123.html", "Hội nghị tổng kết", false, true},
		{"/gioi-thieu", "Giới thiệu", false, false},
		{"/van-ban/quyet-dinh-250.pdf", "Quyết định số 250/QĐ-SKHCN về việc phê duyệt kinh phí", false, false},
	} {
		l := link{URL: resolve(cur, tc.href), Text: tc.text}
		if got := isPagination(cur, l); got != tc.pager {
			t.Errorf("isPagination(%s %q) = %v", tc.href, tc.text, got)
		}
		if !tc.pager {
			if got := isArticleLink(nil, l); got != tc.article {
				t.Errorf("isArticleLink(%s %q) = %v", tc.href, tc.text, got)
			}
		}
	}
}

func TestBodySizeLimit(t *testing.T) {
	p := &miniPortal{n: 2, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
		if strings.HasSuffix(r.URL.Path, "-2.html") {
			fmt.Fprintf(w, "<html><body><h1>Trang rất lớn</h1><p>%s</p></body></html>", strings.Repeat("nội dung ", 10000))
			return true
		}
		return false
	}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	e.c.cfg.MaxBodySize = 16 << 10
	sum, err := e.c.Crawl(context.Background(), p.source("big", srv.URL))
	if err != nil || sum.New != 1 || sum.Errors != 1 {
		t.Errorf("summary %+v, %v; want the small article stored and the oversized one an error", sum, err)
	}
	if _, ok, _ := e.ix.Get(srv.URL + "/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-2.html"); ok {
		t.Error("a page cut at the size limit was stored")
	}
}

// A page over the size limit and a redirect loop give no article on the
// next run either: they are remembered as gone, not fetched in full (or
// six times over) on every run.
func TestOversizedAndLoopingPagesNotAskedAgain(t *testing.T) {
	p := &miniPortal{n: 3, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
		switch {
		case strings.HasSuffix(r.URL.Path, "-2.html"):
			fmt.Fprintf(w, "<html><body><h1>Trang rất lớn</h1><p>%s</p></body></html>", strings.Repeat("nội dung ", 10000))
			return true
		case strings.HasSuffix(r.URL.Path, "-3.html"), strings.HasPrefix(r.URL.Path, "/vong/"):
			http.Redirect(w, r, fmt.Sprintf("/vong/%d", hit), http.StatusFound)
			return true
		}
		return false
	}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	dir := t.TempDir()
	for run := 1; run <= 2; run++ {
		e := newEnv(t, dir)
		e.c.cfg.MaxBodySize = 16 << 10
		src := p.source("hazards", srv.URL)
		if _, err := e.c.Crawl(context.Background(), src); err != nil {
			t.Fatal(err)
		}
		e.close()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, path := range []string{"/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-2.html", "/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-3.html"} {
		if n := p.hits[path]; n != 1 {
			t.Errorf("%s requested %d times in two runs, want 1", path, n)
		}
	}
}

// A CMS that gives every article the same canonical URL must not make
// the articles overwrite one another.
func TestBogusCanonicalDoesNotOverwrite(t *testing.T) {
	var base string
	p := &miniPortal{n: 3, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
		if !strings.HasSuffix(r.URL.Path, ".html") {
			return false
		}
		fmt.Fprintf(w, `<html><head><link rel="canonical" href="%s/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-1.html"></head><body><article><h1>Bài viết riêng %s</h1>
<p>Đây là nội dung riêng của bài %s, do Sở Khoa học và Công nghệ tỉnh đăng tải sau buổi làm việc với các đơn vị trực thuộc về kế hoạch năm 2025.</p>
<p>Các đơn vị thống nhất triển khai nhiệm vụ trọng tâm, bám sát thực tế cơ sở và báo cáo kết quả định kỳ theo quy định hiện hành của tỉnh.</p></article></body></html>`, base, r.URL.Path, r.URL.Path)
		return true
	}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	base = srv.URL
	e := newEnv(t, t.TempDir())
	sum, err := e.c.Crawl(context.Background(), p.source("canon", srv.URL))
	if err != nil || sum.New != 3 {
		t.Errorf("summary %+v, %v; want 3 new", sum, err)
	}
	if n, _ := e.ix.Count(); n != 3 {
		t.Errorf("%d articles stored, want 3", n)
	}
}

// robots.txt behind a redirect is still obeyed.
func TestRobotsRedirectFollowed(t *testing.T) {
	p := &miniPortal{n: 2, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
		switch r.URL.Path {
		case "/robots.txt":
			http.Redirect(w, r, "/static/robots.txt", http.StatusMovedPermanently)
		case "/static/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-2.html\n")
		default:
			return false
		}
		return true
	}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	sum, err := e.c.Crawl(context.Background(), p.source("robots-redirect", srv.URL))
	if err != nil || sum.New != 1 {
		t.Errorf("summary %+v, %v; want only the allowed article", sum, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := p.hits["/tin-tuc/hoi-nghi-khoa-hoc-cong-nghe-2.html"]; n != 0 {
		t.Errorf("disallowed article requested %d times", n)
	}
}

// A portal whose lastmod dates run ahead of our clock gets each article
// checked once, not on every run.
func TestFutureLastmodNotRefetchedForever(t *testing.T) {
	// The simulator dates its articles 2025-01-01; skew them to 7 h from now.
	skew := time.Since(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) + 7*time.Hour
	sim, err := portalsim.Start(portalsim.Options{Portals: 4, Articles: 12, Delay: time.Millisecond, LastmodSkew: skew})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	src := sim.Sources()[3] // WordPress style: has a sitemap
	e := newEnv(t, t.TempDir())
	for run := 1; run <= 3; run++ {
		changed := map[int]bool{}
		if run > 1 { // the sitemap changes, so it is read again (not a 304)
			edited, added := sim.Mutate(1)
			for _, a := range append(edited, added...) {
				if a.Portal == 3 {
					changed[a.ID] = true
				}
			}
		}
		sim.ResetLog()
		if _, err := e.c.Crawl(context.Background(), src); err != nil {
			t.Fatal(err)
		}
		for _, r := range sim.Requests() {
			// Articles of the first run were checked against their dates in
			// the second; they must not be fetched again in the third.
			if id, ok := sim.ArticleID(r.Portal, r.Path); ok && run == 3 && !changed[id] && id <= 12 {
				t.Errorf("run %d fetched unchanged article %d again", run, id)
			}
		}
	}
}

// A Retry-After shorter than the source's delay does not shorten it: the
// delay is the least time between two requests to a host, whatever a
// server asks for.
func TestRetryAfterNeverShortensTheDelay(t *testing.T) {
	p := &miniPortal{n: 1, hook: busyOnceFirstArticle}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	src := p.source("slowhost", srv.URL)
	src.Delay = 1500 * time.Millisecond
	if sum, err := e.c.Crawl(context.Background(), src); err != nil || sum.New != 1 {
		t.Fatalf("summary %+v, %v", sum, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := 1; i < len(p.log); i++ {
		if gap := p.log[i].Sub(p.log[i-1]); gap < 1400*time.Millisecond {
			t.Errorf("request %d came %s after the one before; the delay is 1.5 s", i, gap)
		}
	}
}

// A page whose own retries pause its host has failed, as after its last
// retry: left at the head of the frontier it paused the host at the start
// of every run and the pages behind it were never fetched.
func TestDeadPageDoesNotStallLaterRuns(t *testing.T) {
	p := &miniPortal{n: 4, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
		if strings.HasSuffix(r.URL.Path, "-1.html") || strings.HasSuffix(r.URL.Path, "-2.html") {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return true
		}
		return false
	}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	dir := t.TempDir()
	stored := 0
	for run := 1; run <= 4 && stored < 2; run++ {
		e := newEnv(t, dir) // a new process each run, as `govnews crawl` is
		// More retries than the failures that pause a host: one dead
		// page pauses it by itself (two sources on one host did so too).
		e.c.cfg.Retries = pauseAfter
		sum, err := e.c.Crawl(context.Background(), p.source("dead", srv.URL))
		e.close()
		if err != nil {
			t.Fatal(err)
		}
		stored += sum.New
	}
	if stored != 2 {
		t.Errorf("%d of the 2 live articles stored in four runs: the dead pages stall the frontier", stored)
	}
}

// Two sources of one portal share its politeness: the host gets the
// longer of their delays between any two requests, whichever source
// makes them (it got 3 s and 0.1 s alternately).
func TestSourcesOnOneHostGetTheLongerDelay(t *testing.T) {
	p := &miniPortal{n: 3}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	slow, fast := p.source("slow", srv.URL), p.source("fast", srv.URL)
	slow.Delay, fast.Delay = 400*time.Millisecond, time.Millisecond
	fast.StartURLs = []string{srv.URL + "/tin-tuc?b"}
	var wg sync.WaitGroup
	for _, src := range []sources.Source{slow, fast} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.c.Crawl(context.Background(), src); err != nil {
				t.Error(err)
			}
		}()
		// The fast source starts once the slow one has made its first
		// request (before it, the host knows no longer delay).
		for p.requests() == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.log) < 6 {
		t.Fatalf("%d requests", len(p.log))
	}
	// One robots.txt for the host, not one per source.
	if n := p.hits["/robots.txt"]; n != 1 {
		t.Errorf("robots.txt fetched %d times for one host", n)
	}
	for i := 1; i < len(p.log); i++ {
		if gap := p.log[i].Sub(p.log[i-1]); gap < 350*time.Millisecond {
			t.Errorf("request %d came %s after the one before; the longer delay is 400 ms (%v)", i, gap, p.paths)
		}
	}
}

// An endless pager whose pages link only dead articles (each page ten
// new 404s and a "Trang sau") is dropped after listingNoYield failed
// links; it cost 55,000 requests a run before. A listing of live articles
// beside it is crawled whole.
func TestEndlessPagerOfDeadLinksStops(t *testing.T) {
	var mu sync.Mutex
	pages := 0
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/tin-tuc", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		mu.Lock()
		pages++
		mu.Unlock()
		var b strings.Builder
		b.WriteString("<html><body><ul>")
		for i := 1; i <= 10; i++ {
			fmt.Fprintf(&b, `<li><a href="/tin-tuc/bai-viet-so-%d-trang-%d.html">Bài viết số %d của trang %d về hội nghị</a></li>`, i, n, i, n)
		}
		fmt.Fprintf(&b, `</ul><a href="/tin-tuc?page=%d">Trang sau</a></body></html>`, n+1)
		fmt.Fprint(w, b.String())
	})
	mux.HandleFunc("/tin-tuc/", http.NotFound)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	src := sources.Source{ID: "trap", Name: "Bẫy", Province: "Huế", StartURLs: []string{srv.URL + "/tin-tuc"}, Delay: time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sum, err := e.c.Crawl(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if ctx.Err() != nil || pages > listingNoYield/10+2 {
		t.Errorf("%d listing pages fetched (%d requests), want the pager dropped after %d dead links", pages, sum.Requests, listingNoYield)
	}
}

// A crawl stopped (SIGTERM, Ctrl-C) while its first page is still being
// answered has not failed: nothing says the portal is down, and a
// "failed" would become the source's last error and back off its retries.
func TestStoppedBeforeFirstAnswerIsNotAFailure(t *testing.T) {
	p := &miniPortal{n: 1, hook: func(w http.ResponseWriter, r *http.Request, hit int) bool {
		if r.URL.Path == "/tin-tuc" {
			select {
			case <-r.Context().Done():
			case <-time.After(3 * time.Second):
			}
			return true
		}
		return false
	}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	sum, err := e.c.Crawl(ctx, p.source("stopped", srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed || sum.Requests == 0 {
		t.Errorf("summary %+v: a stopped run reads as failed", sum)
	}
}

// A run that finds its host paused (by an earlier run of the process, or
// another source) fetches nothing: it has failed, so that a scheduler
// retries it soon rather than at its next schedule.
func TestRunOnAPausedHostFails(t *testing.T) {
	p := &miniPortal{n: 8, hook: articlesDown}
	srv := httptest.NewServer(p)
	defer srv.Close()
	e := newEnv(t, t.TempDir())
	e.c.cfg.Retries = 0
	first, err := e.c.Crawl(context.Background(), p.source("down", srv.URL))
	if err != nil || !first.HostPaused {
		t.Fatalf("first run %+v, %v: the host should be paused", first, err)
	}
	second, err := e.c.Crawl(context.Background(), p.source("down", srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if !second.Failed || !second.HostPaused || !strings.Contains(second.Err, "paused") {
		t.Errorf("second run %+v: a run on a paused host must read as failed", second)
	}
}
