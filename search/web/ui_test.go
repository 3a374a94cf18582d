package web

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govnews/govnews/crawler/rawstore"
	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

func TestSearchPage(t *testing.T) {
	env := newTestEnv(t, nil)
	tests := []struct {
		name     string
		params   string
		status   int
		contains []string
		excludes []string
	}{
		{"empty: newest articles and the form", "", 200,
			[]string{`<html lang="vi">`, `<label for="q">Từ khóa</label>`, "có dấu hay không dấu", "Bài mới nhất", "Lấy ý kiến nhân dân về đề án sáp nhập tỉnh", `<option value="Vĩnh Long">`},
			nil},
		{"query without diacritics", "q=ke+hoach", 200,
			[]string{"Tìm thấy 3 bài", "Kế hoạch phát triển kinh tế – xã hội năm 2024", "<mark>", "15/03/2024", "Cổng TTĐT tỉnh Bến Tre",
				`href="` + urlBenTrePlan + `"`, `href="/articles/` + index.ID(urlBenTrePlan) + `"`,
				"Theo tháng", `<svg class="chart timeline"`, "Theo tỉnh", `<svg class="chart provinces"`, `href="/feed?q=ke&#43;hoach"`, `href="/api/export?format=csv&amp;q=ke&#43;hoach"`},
			[]string{"Giới thiệu chung"}},
		{"province filter keeps the selection", "q=ke+hoach&province=" + url.QueryEscape("Vĩnh Long"), 200,
			[]string{"Tìm thấy 1 bài", `<option value="Vĩnh Long" selected>`, "Kế hoạch phát triển kinh tế"},
			[]string{"Tết Nguyên đán"}},
		{"a province typed without diacritics is shown by its name", "q=ke+hoach&province=vinh+long", 200,
			[]string{"Tìm thấy 1 bài", `<option value="Vĩnh Long" selected>`}, []string{`value="vinh long"`}},
		{"empty form fields are no filter", "q=ke+hoach&province=&source=&topic=&from=&to=&sort=relevance", 200,
			[]string{"Tìm thấy 3 bài"}, nil},
		{"bad date: 400 with the field named", "q=x&from=2024-13-45", 400,
			[]string{`role="alert"`, "Từ ngày không hợp lệ (from)", `id="from" name="from" value="2024-13-45" aria-invalid="true"`}, nil},
		{"no match", "q=tau+vu+tru", 200, []string{"Không có bài nào khớp"}, []string{`id="loosened"`}},
		{"a long question found only when loosened says so", "q=" + url.QueryEscape("kế hoạch tàu vũ trụ sao hỏa mặt trăng thiên hà ngân hà là gì?"), 200,
			[]string{"Kế hoạch phát triển kinh tế", `id="loosened"`, "chứa ít từ hơn"}, nil},
		{"a query found as typed is not marked loosened", "q=ke+hoach", 200, []string{"Tìm thấy 3 bài"}, []string{`id="loosened"`}},
		{"a bad collapse value names the value's fault, not a typo in the name", "q=ke+hoach&collapse=maybe", 400,
			[]string{"Gộp bài đăng lại không hợp lệ (collapse): chỉ nhận true hoặc false"}, []string{"gõ nhầm?"}},
		{"a bad group id", "q=ke+hoach&group=zz", 400,
			[]string{"Nhóm bài đăng lại không hợp lệ (group): không phải mã nhóm"}, []string{"gõ nhầm?"}},
		{"an unknown parameter is a typo", "q=ke+hoach&provinec=x", 400,
			[]string{"Địa chỉ có tham số “provinec” không dùng được (gõ nhầm?)"}, nil},
		{"a filter in the query that names nothing", "q=" + url.QueryEscape(`ke hoach province:"Nowhere"`), 400,
			[]string{`role="alert"`, "không khớp bài nào; gõ nhầm tên?"}, []string{"Tìm thấy"}},
		{"nothing to search for: 400, not every article", "q=" + url.QueryEscape("😀"), 400,
			[]string{`role="alert"`, "không có chữ hay số nào để tìm"}, []string{"Tìm thấy"}},
		{"a year is shown as its days", "q=ke+hoach&from=2024&to=2024", 200,
			[]string{`id="from" name="from" value="2024-01-01"`, `id="to" name="to" value="2024-12-31"`, "Tìm thấy 2 bài"}, nil},
		{"filter without a query is newest first, the menu stays on relevance", "province=ben+tre", 200,
			[]string{`<option value="" selected>Phù hợp nhất</option>`, "Tìm thấy 2 bài"}, []string{`<option value="date" selected>`}},
		{"a picked date sort is kept", "q=ke+hoach&sort=date", 200,
			[]string{`<option value="date" selected>Mới nhất</option>`}, []string{`<option value="" selected>`}},
		{"first page of two", "q=tinh&limit=2&sort=date", 200, []string{`rel="next"`, "page=2"}, []string{"Trang đầu"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := env.get(t, "/?"+tc.params)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			page := string(body)
			for _, s := range tc.contains {
				if !strings.Contains(page, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tc.excludes {
				if strings.Contains(page, s) {
					t.Errorf("page has %q", s)
				}
			}
		})
	}
}

// Following "Trang sau" visits the rest of the results.
func TestSearchPagePagination(t *testing.T) {
	env := newTestEnv(t, nil)
	_, body := env.get(t, "/?q=tinh&limit=2&sort=date")
	next := between(string(body), `<a href="`, `" rel="next"`)
	if next == "" {
		t.Fatal("no next link")
	}
	next = strings.ReplaceAll(next, "&amp;", "&")
	resp, body := env.get(t, next)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Trang 2") || !strings.Contains(string(body), "Trang đầu") {
		t.Errorf("page 2: %d", resp.StatusCode)
	}
	// Page 2 of 2 a page numbers its hits from 3.
	if !strings.Contains(string(body), `<ol class="hits" start="3">`) {
		t.Errorf("page 2 does not number from 3: %s", between(string(body), "<ol", ">"))
	}
	// At the default page size too (20: page 2 was numbered from 2).
	for _, tc := range []struct{ page, limit, want int }{{1, 0, 1}, {2, 0, search.DefaultLimit + 1}, {3, 5, 11}, {2, 2, 3}} {
		if got := firstNumber(tc.page, tc.limit); got != tc.want {
			t.Errorf("firstNumber(%d, %d) = %d, want %d", tc.page, tc.limit, got, tc.want)
		}
	}
	// A page number without a cursor is page 1, and says so.
	if _, body := env.get(t, "/?q=tinh&limit=2&sort=date&page=50"); strings.Contains(string(body), "Trang 50") || !strings.Contains(string(body), `start="1"`) {
		t.Error("page=50 without a cursor is labelled page 50")
	}
	// No result: nothing to download, and no note on merged copies; the
	// feed stays, to hear of future matches.
	_, body = env.get(t, "/?q=khongcotukhoanay")
	if page := string(body); strings.Contains(page, "Tải CSV") || strings.Contains(page, "bản trùng được gộp") || !strings.Contains(page, "Theo dõi (Atom)") {
		t.Error("empty result page offers downloads or the merged-copies note, or no feed")
	}
}

func between(s, start, end string) string {
	j := strings.Index(s, end)
	if j < 0 {
		return ""
	}
	i := strings.LastIndex(s[:j], start)
	if i < 0 {
		return ""
	}
	return s[i+len(start) : j]
}

// Crawled text is data: markup in a title or body shows as text everywhere
// it appears and is never run.
func TestUIEscapesCrawledText(t *testing.T) {
	env := newTestEnv(t, nil)
	for _, path := range []string{"/?q=tuyen+dung", "/?q=thong+bao&sort=date", "/articles/" + index.ID(urlHueXSS), "/"} {
		_, body := env.get(t, path)
		page := string(body)
		if strings.Contains(page, `<script>alert`) || strings.Contains(page, `<img src=x`) {
			t.Errorf("%s: crawled markup is live", path)
		}
		if !strings.Contains(page, `&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;`) {
			t.Errorf("%s: crawled title not shown as text", path)
		}
	}
}

func TestArticlePage(t *testing.T) {
	env := newTestEnv(t, nil)
	resp, body := env.get(t, "/articles/"+index.ID(urlQuangNam))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	page := string(body)
	for _, s := range []string{
		"<h1>Triển khai mô hình bí thư đồng thời là chủ tịch UBND xã</h1>",
		"02/11/2023", "Quảng Nam – nay thuộc Đà Nẵng", "Tỉnh ủy Quảng Nam", `href="/?topic=kiem-nhiem">Mô hình kiêm nhiệm</a>`,
		"<p>Huyện ủy tổ chức hội nghị", "<p>Mô hình kiêm nhiệm giúp tinh gọn bộ máy.</p>", `href="` + urlQuangNam + `"`,
	} {
		if !strings.Contains(page, s) {
			t.Errorf("article page lacks %q", s)
		}
	}
	// An undated page says so; it does not invent a date.
	_, body = env.get(t, "/articles/"+index.ID(urlLaoCai))
	if !strings.Contains(string(body), "Trang không ghi ngày") {
		t.Error("undated article does not say it has no date")
	}
	resp, _ = env.get(t, "/articles/deadbeef")
	if resp.StatusCode != 404 {
		t.Errorf("unknown article: %d", resp.StatusCode)
	}
}

// rawPages adapts the crawler's raw store as the serve command does.
type rawPages struct{ st *rawstore.Store }

func (r rawPages) Get(u string) ([]byte, string, bool, error) {
	b, ct, err := r.st.Get(u)
	if err != nil {
		if errors.Is(err, rawstore.ErrNotFound) {
			return nil, "", false, nil
		}
		return nil, "", false, err
	}
	return b, ct, true, nil
}

// The stored copy is found by article id only and served sandboxed.
func TestRawPage(t *testing.T) {
	dir := t.TempDir()
	st, err := rawstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	page := `<html><body><h1>Kế hoạch</h1><script>alert(1)</script></body></html>`
	if err := st.Put(urlBenTrePlan, "text/html; charset=utf-8", []byte(page)); err != nil {
		t.Fatal(err)
	}
	env := newTestEnv(t, func(c *Config) { c.Raw = rawPages{st} })
	resp, body := env.get(t, "/articles/"+index.ID(urlBenTrePlan)+"/raw")
	if resp.StatusCode != 200 || string(body) != page {
		t.Fatalf("raw: %d %q", resp.StatusCode, body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("raw page CSP %q: the portal's scripts could run", csp)
	}
	_, body = env.get(t, "/articles/"+index.ID(urlBenTrePlan))
	if !strings.Contains(string(body), "/raw") {
		t.Error("article page does not link its stored copy")
	}
	// An article with no stored page (imported, say) links no stored copy.
	_, body = env.get(t, "/articles/"+index.ID(urlHaNoiTet))
	if strings.Contains(string(body), "/raw") {
		t.Error("article page links a stored copy that does not exist")
	}
	_, body = env.get(t, "/api/articles/"+index.ID(urlHaNoiTet))
	if strings.Contains(string(body), `"raw"`) {
		t.Errorf("API links a stored copy that does not exist: %.200s", body)
	}
	for _, path := range []string{
		"/articles/" + index.ID(urlHaNoiTet) + "/raw", // article without a stored page
		"/articles/..%2f..%2fetc%2fpasswd/raw",
		"/articles/" + rawstore.Key(urlBenTrePlan) + "/raw", // the store's key is not an article id
		"/static/",
		"/static/..%2ftemplates%2fbase.html",
		"/static/.hidden",
	} {
		resp, body := env.get(t, path)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404: %.80s", path, resp.StatusCode, body)
		}
	}
	if resp, _ := env.get(t, "/static/style.css"); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("style.css: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestTopicsAndSourcesPages(t *testing.T) {
	env := newTestEnv(t, func(c *Config) { c.Crawls = &fixedCrawls{} })
	_, body := env.get(t, "/topics")
	page := string(body)
	for _, s := range []string{"Mô hình kiêm nhiệm", `href="/?topic=kiem-nhiem"`, `href="/feed?topic=kiem-nhiem"`, "1 bài", "Kinh phí, quỹ và nhiệm vụ khoa học và công nghệ"} {
		if !strings.Contains(page, s) {
			t.Errorf("topics page lacks %q", s)
		}
	}
	_, body = env.get(t, "/sources")
	page = string(body)
	for _, s := range []string{"Cổng TTĐT tỉnh Bến Tre", "@every 6h", "Đang chạy", "Chưa chạy", "Máy chủ của cổng từ chối kết nối", "dial tcp: connection refused", "12 trang, 3 mới", "(máy <code>crawler-2</code>)", "40 trang, 7 mới, 0 cập nhật, 0 lỗi, còn 12 trang chờ"} {
		if !strings.Contains(page, s) {
			t.Errorf("sources page lacks %q", s)
		}
	}
}

// A document number cited by an article links to every article citing it.
func TestArticleRefLink(t *testing.T) {
	env := newTestEnv(t, nil)
	_, body := env.get(t, "/articles/"+index.ID(urlThanhHoa))
	link := between(string(body), `<a href="`, `">250/QĐ-SKHCN</a>`)
	if link == "" {
		t.Fatalf("no link for the cited decision")
	}
	link = strings.ReplaceAll(link, "&amp;", "&")
	resp, body := env.get(t, link)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Tìm thấy 1 bài") || !strings.Contains(string(body), "Phân bổ kinh phí KH&amp;CN năm 2024") {
		t.Errorf("%s: %d\n%.300s", link, resp.StatusCode, body)
	}
}

// Pages are gzipped for clients that take it, and plain for the others.
func TestPagesGzip(t *testing.T) {
	env := newTestEnv(t, nil)
	tr := &http.Transport{DisableCompression: true} // see the raw response
	client := &http.Client{Transport: tr}
	defer tr.CloseIdleConnections()
	for _, tc := range []struct {
		accept string
		gzip   bool
	}{{"gzip, deflate, br", true}, {"br;q=1.0, gzip;q=0.8", true}, {"gzip;q=0", false}, {"", false}} {
		req, _ := http.NewRequest("GET", env.srv.URL+"/?q=ke+hoach", nil)
		if tc.accept != "" {
			req.Header.Set("Accept-Encoding", tc.accept)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body []byte
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			body, err = io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
		} else {
			body, _ = io.ReadAll(resp.Body)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Content-Encoding") == "gzip"; got != tc.gzip {
			t.Errorf("Accept-Encoding %q: gzip %v, want %v", tc.accept, got, tc.gzip)
		}
		if !strings.Contains(string(body), "Tìm thấy 3 bài") {
			t.Errorf("Accept-Encoding %q: page unreadable", tc.accept)
		}
	}
}

// One article with a mistyped year (2204) must not hide the real ones from
// the timeline: the page draws the months that hold the matches and names
// the month it leaves out, as a link.
func TestSearchPageTimelineOutlier(t *testing.T) {
	env := newTestEnv(t, nil)
	var arts []index.Article
	for i := 0; i < 30; i++ {
		arts = append(arts, index.Article{URL: fmt.Sprintf("https://lich.vn/%d", i), Title: "Lịch tiếp công dân", Body: "Lịch tiếp công dân định kỳ.",
			Published: time.Date(2024, time.Month(1+i%12), 10, 8, 0, 0, 0, index.Zone)})
	}
	arts = append(arts, index.Article{URL: "https://lich.vn/typo", Title: "Lịch tiếp công dân", Body: "Lịch tiếp công dân, năm gõ nhầm.",
		Published: time.Date(2204, 1, 10, 8, 0, 0, 0, index.Zone)})
	if err := env.ix.Put(arts...); err != nil {
		t.Fatal(err)
	}
	_, body := env.get(t, "/?q=lich+tiep+cong+dan")
	page := string(body)
	for _, want := range []string{"30 bài trong 12 tháng, từ 01/2024 đến 12/2024", "1 bài ở các tháng xa khoảng này", ">01/2204</a> (1)"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q:\n%s", want, between(page, "Theo tháng", "Theo tỉnh"))
		}
	}
}

// The front page is browsable: it says how many articles the index holds,
// links to the next page, and shows the facets of the whole index, not only
// of the newest ten. Its sort menu is on relevance, so a search typed there
// is ranked, not date-sorted.
func TestFrontPageBrowsable(t *testing.T) {
	env := newTestEnv(t, nil)
	var arts []index.Article
	for i := 0; i < 25; i++ {
		arts = append(arts, index.Article{URL: fmt.Sprintf("https://cu.vn/%d", i), Title: fmt.Sprintf("Tin cũ số %d", i), Body: "Tin cũ.",
			Published: time.Date(2010, 1, 1+i, 8, 0, 0, 0, index.Zone), Source: "cu", Province: "Cà Mau"})
	}
	if err := env.ix.Put(arts...); err != nil {
		t.Fatal(err)
	}
	total, _ := env.ix.Count()
	_, body := env.get(t, "/")
	page := string(body)
	for _, want := range []string{fmt.Sprintf("chỉ mục có %d bài", total), `rel="next"`, "Cà Mau", "Theo tháng", `<option value="" selected>Phù hợp nhất</option>`} {
		if !strings.Contains(page, want) {
			t.Errorf("front page lacks %q", want)
		}
	}
	if strings.Contains(page, `<option value="date" selected>`) {
		t.Error("the front page pre-selects the date sort: a search typed there would be date-sorted")
	}
	// Following "Trang sau" to the end visits every article once.
	seen := map[string]bool{}
	next := "/"
	for pages := 0; next != "" && pages < 20; pages++ {
		_, body := env.get(t, next)
		for _, id := range regexp.MustCompile(`<h3><a href="/articles/([0-9a-f]+)">`).FindAllStringSubmatch(string(body), -1) {
			if seen[id[1]] {
				t.Fatalf("article %s twice", id[1])
			}
			seen[id[1]] = true
		}
		next = strings.ReplaceAll(between(string(body), `<a href="`, `" rel="next"`), "&amp;", "&")
	}
	if len(seen) != int(total) {
		t.Errorf("browsing the front page showed %d of %d articles", len(seen), total)
	}
}

// The province menu counts what choosing a province finds: Vĩnh Long
// includes the Bến Tre articles (merged into it in 2025), and Bến Tre is
// listed under it, marked as former. The order is Vietnamese (Đồng Tháp
// before Gia Lai), not byte order (which puts every Đ after Vĩnh Long).
func TestProvinceMenuCountsMergedProvinces(t *testing.T) {
	env := newTestEnv(t, nil)
	_, body := env.get(t, "/?q=ke+hoach")
	page := string(body)
	menu := page[strings.Index(page, `name="province"`):]
	menu = menu[:strings.Index(menu, "</select>")]
	for _, want := range []string{
		`<option value="Vĩnh Long">Vĩnh Long (1)</option>`,
		"<option value=\"Bến Tre\">\u00a0\u00a0Bến Tre (cũ) (1)</option>",
	} {
		if !strings.Contains(menu, want) {
			t.Errorf("menu lacks %q:\n%s", want, menu)
		}
	}
	var values []string
	for _, m := range regexp.MustCompile(`<option value="([^"]*)"`).FindAllStringSubmatch(menu, -1) {
		values = append(values, m[1])
	}
	at := func(v string) int {
		i := slices.Index(values, v)
		if i < 0 {
			t.Fatalf("menu lacks %s: %q", v, values)
		}
		return i
	}
	if !(at("Cần Thơ") < at("Đồng Tháp") && at("Đồng Tháp") < at("Gia Lai")) {
		t.Errorf("menu not in Vietnamese order: %q", values)
	}
	if at("Bến Tre") != at("Vĩnh Long")+1 {
		t.Errorf("Bến Tre is not listed under Vĩnh Long: %q", values)
	}
}

// A source no longer in the config is listed in the source facet by the
// name its articles carry, not by its id.
func TestSourceFacetNamesFromArticles(t *testing.T) {
	env := newTestEnv(t, nil) // no configured sources
	_, body := env.get(t, "/?q=ke+hoach")
	page := string(body)
	after := func(start, end string) string {
		i := strings.Index(page, start)
		if i < 0 {
			return ""
		}
		rest := page[i:]
		if j := strings.Index(rest, end); j >= 0 {
			return rest[:j]
		}
		return rest
	}
	facet := after("<h2>Nguồn tin</h2>", "</ul>")
	menu := after(`<select id="source"`, "</select>")
	if !strings.Contains(facet, ">Cổng TTĐT tỉnh Bến Tre</a>") || !strings.Contains(menu, "Cổng TTĐT tỉnh Bến Tre") {
		t.Errorf("source facet %q, menu %q: want the articles' source name", facet, menu)
	}
}
