package web

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

const (
	urlBenTrePlan = "https://bentre.gov.vn/tin-tuc/ke-hoach-phat-trien-kinh-te-xa-hoi-2024.html"
	urlBenTreSap  = "https://bentre.gov.vn/tin-tuc/de-an-sap-nhap-tinh.html"
	urlHaNoiTet   = "https://hanoi.gov.vn/ke-hoach-to-chuc-tet-nguyen-dan.html"
	urlDaNangCCHC = "https://danang.gov.vn/ke-hoach-cai-cach-hanh-chinh-2025.html"
	urlQuangNam   = "https://quangnam.gov.vn/tin/mo-hinh-bi-thu-dong-thoi-la-chu-tich.html"
	urlHueXSS     = "https://hue.gov.vn/thong-bao-tuyen-dung.html"
	urlLaoCai     = "https://laocai.gov.vn/gioi-thieu-chung.html"
)

func TestAPISearch(t *testing.T) {
	env := newTestEnv(t, nil)
	tests := []struct {
		name    string
		params  string
		want    []string // URLs, in order when ordered is set
		ordered bool
	}{
		{"without diacritics", "q=ke+hoach", []string{urlBenTrePlan, urlHaNoiTet, urlDaNangCCHC}, false},
		{"with diacritics", "q=" + url.QueryEscape("kế hoạch"), []string{urlBenTrePlan, urlHaNoiTet, urlDaNangCCHC}, false},
		{"new province finds old province's articles", "q=ke+hoach&province=" + url.QueryEscape("Vĩnh Long"), []string{urlBenTrePlan}, false},
		{"province folded", "province=ben+tre&sort=date", []string{urlBenTreSap, urlBenTrePlan}, true},
		{"merged province by old name", "province=" + url.QueryEscape("Quảng Nam"), []string{urlQuangNam}, false},
		{"source filter", "source=hanoi,danang&sort=date_asc", []string{urlHaNoiTet, urlDaNangCCHC}, true},
		{"topic filter", "topic=kiem-nhiem", []string{urlQuangNam}, false},
		{"date range, newest first", "from=2024-01-01&to=2024-03&sort=date", []string{urlBenTrePlan, urlHueXSS, urlThanhHoa, urlHaNoiTet}, true},
		{"year", "from=2025&to=2025&sort=date_asc", []string{urlDaNangCCHC, urlBenTreSap}, true},
		// Years bleve cannot hold leave that side open: "to=9999" is "no end".
		{"to a far year", "from=2025&to=9999&sort=date_asc", []string{urlDaNangCCHC, urlBenTreSap}, true},
		{"from year 0 to a far year", "q=ke+hoach&from=0000&to=2300", []string{urlBenTrePlan, urlHaNoiTet, urlDaNangCCHC}, false},
		{"in the query", "q=" + url.QueryEscape("kế hoạch from:1600 to:2262"), []string{urlBenTrePlan, urlHaNoiTet, urlDaNangCCHC}, false},
		{"no match", "q=tau+vu+tru", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := env.get(t, "/api/search?"+tc.params)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			var res search.Result
			if err := json.Unmarshal(body, &res); err != nil {
				t.Fatal(err)
			}
			if res.Hits == nil {
				t.Error(`hits is null; want [] so clients can iterate`)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.URL)
			}
			want := tc.want
			if !tc.ordered {
				got, want = sorted(got), sorted(want)
			}
			if !slices.Equal(got, want) {
				t.Errorf("hits\n got %q\nwant %q", got, want)
			}
			if int(res.Total) != len(tc.want) {
				t.Errorf("total %d, want %d", res.Total, len(tc.want))
			}
		})
	}
}

const urlThanhHoa = "https://thanhhoa.gov.vn/kinh-phi-khcn-2024.html"

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

// A hit carries what the UI and API clients show: metadata, topics, a
// snippet with the matched words marked, and facets for the whole result.
func TestAPISearchHitContent(t *testing.T) {
	env := newTestEnv(t, nil)
	_, body := env.get(t, "/api/search?q=bi+thu+dong+thoi+la+chu+tich")
	var res search.Result
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("got %d hits, want 1: %s", len(res.Hits), body)
	}
	h := res.Hits[0]
	if h.ID != index.ID(urlQuangNam) || h.Province != "Quảng Nam" || h.ProvinceNow != "Đà Nẵng" || h.Source != "quangnam" {
		t.Errorf("hit metadata: %+v", h)
	}
	if h.Published.In(index.Zone).Format("2006-01-02") != "2023-11-02" {
		t.Errorf("published %v", h.Published)
	}
	if !slices.Contains(h.Topics, "kiem-nhiem") {
		t.Errorf("topics %v, want kiem-nhiem", h.Topics)
	}
	if !strings.Contains(h.Snippet, "<mark>") {
		t.Errorf("snippet has no <mark>: %q", h.Snippet)
	}
	months := res.Facets[search.FacetMonth]
	if len(months) != 1 || months[0].Value != "2023-11" || months[0].Count != 1 {
		t.Errorf("month facet %+v", months)
	}
}

// Every documented hit key is present on every hit, also where the
// article has no agency or topic: a script reads hit["topics"] unchecked.
func TestAPIHitKeysAlwaysPresent(t *testing.T) {
	env := newTestEnv(t, nil)
	_, body := env.get(t, "/api/search?limit=100&sort=date")
	var res struct {
		Hits []map[string]json.RawMessage `json:"hits"`
	}
	if err := json.Unmarshal(body, &res); err != nil || len(res.Hits) == 0 {
		t.Fatalf("%v %s", err, body)
	}
	noTopic := false
	for _, h := range res.Hits {
		for _, k := range []string{"id", "url", "title", "source", "source_name", "province", "province_now", "agency", "topics", "score", "snippet", "group", "copies"} {
			if _, ok := h[k]; !ok {
				t.Errorf("hit %s has no %q key", h["url"], k)
			}
		}
		if string(h["topics"]) == "null" {
			t.Errorf("hit %s: topics is null, want []", h["url"])
		}
		noTopic = noTopic || string(h["topics"]) == "[]"
	}
	if !noTopic {
		t.Error("no hit without topics in the fixture: the case is not tested")
	}
}

// Bad parameters are a 400 in JSON that names the parameter, never a 500
// and never a silently ignored filter.
func TestAPISearchBadParams(t *testing.T) {
	env := newTestEnv(t, nil)
	tests := []struct{ params, param string }{
		{"q=x&limit=abc", "limit"},
		{"q=x&limit=0", "limit"},
		{"q=x&limit=100000", "limit"},
		{"q=x&from=2024-13-45", "from"},
		{"q=x&to=yesterday", "to"},
		{"q=x&from=2024-05-01&to=2024-04-01", "to"},
		{"q=x&sort=popular", "sort"},
		{"q=x&cursor=not-a-cursor", "cursor"},
		{"q=x&provnce=Huế", "provnce"},
		{"q=x&format=csv", "format"},
		{"q=x&page=2", "page"},
		{"q=" + strings.Repeat("a", maxQueryLen+1), "q"},
		{"q=x&q=y", "q"},
		{"q=x&sort=date&sort=relevance", "sort"},
		{"q=x&from=2020&from=2021", "from"},
		// No word, exclusion or filter: not "every article".
		{"q=" + url.QueryEscape("😀"), "q"},
		{"q=%3F", "q"},
		{"q=((", "q"},
		{"q=%22%22", "q"},
		{"q=-", "q"},
		// A filter written in the query names nothing: the same 400 as the parameter.
		{"q=" + url.QueryEscape(`ke hoach province:"Nowhere"`), "q"},
		{"q=" + url.QueryEscape("ke hoach -topic:nope"), "q"},
		{"q=" + url.QueryEscape("ke hoach from:2007-12-16 from:2005"), "q"},
	}
	for _, tc := range tests {
		t.Run(tc.params[:min(len(tc.params), 40)], func(t *testing.T) {
			resp, body := env.get(t, "/api/search?"+tc.params)
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", resp.StatusCode, body)
			}
			var e apiError
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("error body is not JSON: %s", body)
			}
			if e.Param != tc.param || !strings.Contains(e.Error, tc.param) {
				t.Errorf("error %+v, want one naming %q", e, tc.param)
			}
		})
	}
}

// Following next_cursor visits every match exactly once.
func TestAPISearchCursor(t *testing.T) {
	env := newTestEnv(t, nil)
	for _, sort := range []string{"date", "date_asc", "relevance"} {
		t.Run(sort, func(t *testing.T) {
			seen := map[string]bool{}
			params := url.Values{"limit": {"3"}, "sort": {sort}, "q": {"tinh"}}
			var total uint64
			for page := 0; ; page++ {
				if page > 10 {
					t.Fatal("cursor never ends")
				}
				_, body := env.get(t, "/api/search?"+params.Encode())
				var res search.Result
				if err := json.Unmarshal(body, &res); err != nil {
					t.Fatal(err)
				}
				total = res.Total
				for _, h := range res.Hits {
					if seen[h.URL] {
						t.Errorf("%s seen twice", h.URL)
					}
					seen[h.URL] = true
				}
				if res.NextCursor == "" {
					break
				}
				params.Set("cursor", res.NextCursor)
			}
			if total < 4 || uint64(len(seen)) != total {
				t.Errorf("visited %d of %d", len(seen), total)
			}
		})
	}
}

func TestAPIArticle(t *testing.T) {
	env := newTestEnv(t, nil)
	id := index.ID(urlHaNoiTet)
	resp, body := env.get(t, "/api/articles/"+id)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var a articleJSON
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatal(err)
	}
	if a.ID != id || a.URL != urlHaNoiTet || a.Title != "Kế hoạch tổ chức Tết Nguyên đán Giáp Thìn" || a.Links.Page != "/articles/"+id {
		t.Errorf("article %+v", a)
	}
	for _, bad := range []string{"0123456789abcdef01234567", "..%2F..%2Fetc%2Fpasswd", "ZZZ"} {
		resp, body := env.get(t, "/api/articles/"+bad)
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), `"error"`) {
			t.Errorf("%s: status %d %s, want a JSON 404", bad, resp.StatusCode, body)
		}
	}
}

func TestAPITopicsSourcesHealth(t *testing.T) {
	env := newTestEnv(t, nil)
	_, body := env.get(t, "/api/topics")
	var topics struct{ Topics []Topic }
	if err := json.Unmarshal(body, &topics); err != nil {
		t.Fatal(err)
	}
	if len(topics.Topics) == 0 || topics.Topics[0].ID != "kiem-nhiem" || topics.Topics[0].Name == "" {
		t.Errorf("topics %s", body)
	}
	_, body = env.get(t, "/api/sources")
	if strings.TrimSpace(string(body)) != `{"sources":[]}` {
		t.Errorf("sources without a scheduler: %s", body)
	}
	resp, body := env.get(t, "/healthz")
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"articles":8`) {
		t.Errorf("healthz %d %s", resp.StatusCode, body)
	}
}

// Public endpoints are read-only: writes get 405, unknown API paths a JSON
// 404.
func TestAPIReadOnly(t *testing.T) {
	env := newTestEnv(t, nil)
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"POST", "/api/search?q=x", 405},
		{"DELETE", "/api/articles/" + index.ID(urlHaNoiTet), 405},
		{"PUT", "/api/topics", 405},
		{"POST", "/", 405},
		{"GET", "/api/nothing", 404},
		{"POST", "/healthz", 405},
		{"POST", "/metrics", 405},
		{"DELETE", "/feed?q=x", 405},
		{"GET", "/api/sources/hue/crawl", 405},
	} {
		resp, body := env.do(t, tc.method, tc.path, nil)
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s: %d, want %d: %s", tc.method, tc.path, resp.StatusCode, tc.status, body)
		}
		// Every refusal outside the UI's pages is JSON, with Allow on a 405.
		if tc.path != "/" && (!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || tc.status == 405 && resp.Header.Get("Allow") == "") {
			t.Errorf("%s %s: %q, Allow %q", tc.method, tc.path, resp.Header.Get("Content-Type"), resp.Header.Get("Allow"))
		}
	}
	// The article is still there after the DELETE.
	if resp, _ := env.get(t, "/api/articles/"+index.ID(urlHaNoiTet)); resp.StatusCode != 200 {
		t.Errorf("article gone after a refused DELETE: %d", resp.StatusCode)
	}
}

func TestLimits(t *testing.T) {
	env := newTestEnv(t, nil)
	resp, _ := env.get(t, "/api/search?q="+strings.Repeat("x", maxURLBytes))
	if resp.StatusCode != http.StatusRequestURITooLong {
		t.Errorf("long URL: %d, want 414", resp.StatusCode)
	}
	resp, _ = env.get(t, "/")
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	// A request refused before routing is counted too.
	if _, body := env.get(t, "/metrics"); !strings.Contains(string(body), `govnews_http_requests_total{code="414",route="refused"} 1`) {
		t.Error("the 414 is not in govnews_http_requests_total")
	}
}

// A cursor continues only the search it came from: one from another query
// (same sort, so the searcher's own cursor would fit) or a malformed one is
// a 400 naming cursor, in the API and, in Vietnamese, in the UI.
func TestCursorOfAnotherSearch(t *testing.T) {
	env := newTestEnv(t, nil)
	var res search.Result
	_, body := env.get(t, "/api/search?q=tinh&limit=1&sort=date")
	if err := json.Unmarshal(body, &res); err != nil || res.NextCursor == "" {
		t.Fatalf("no next_cursor: %v %s", err, body)
	}
	foreign := url.Values{"q": {"ke hoach"}, "limit": {"1"}, "sort": {"date"}, "cursor": {res.NextCursor}}
	for _, path := range []string{"/api/search?" + foreign.Encode(), "/api/search?q=tinh&limit=1&sort=date&province=ben+tre&cursor=" + url.QueryEscape(res.NextCursor),
		"/api/search?q=tinh&sort=date&cursor=eyJzIjoiZGF0ZSIsImEiOlsiMSJdfQ"} {
		resp, body := env.get(t, path)
		var e apiError
		_ = json.Unmarshal(body, &e)
		if resp.StatusCode != http.StatusBadRequest || e.Param != "cursor" {
			t.Errorf("%s: %d %s, want 400 naming cursor", path, resp.StatusCode, body)
		}
	}
	// The same search with another page size goes on.
	resp, body := env.get(t, "/api/search?q=tinh&limit=5&sort=date&cursor="+url.QueryEscape(res.NextCursor))
	if resp.StatusCode != http.StatusOK {
		t.Errorf("same search, other limit: %d %s", resp.StatusCode, body)
	}
	resp, body = env.get(t, "/?"+foreign.Encode())
	if page := string(body); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Trang không hợp lệ (cursor): liên kết trang này thuộc một tìm kiếm khác") || strings.Contains(page, "search: cursor") {
		t.Errorf("UI with a foreign cursor: %d %s", resp.StatusCode, between(page, `role="alert">`, "</p>"))
	}
}

// A province typed as a reader types it (no diacritics, a former name's
// other spelling) pages on: the next page of "province=ben tre" is not a
// cursor of another search.
func TestCursorWithProvinceAsTyped(t *testing.T) {
	env := newTestEnv(t, nil)
	for _, typed := range []string{"Bến Tre", "ben tre", "BEN TRE", "vinh long", "Thừa Thiên - Huế"} {
		params := url.Values{"limit": {"1"}, "sort": {"date"}, "province": {typed}}
		seen := 0
		for page := 0; ; page++ {
			resp, body := env.get(t, "/api/search?"+params.Encode())
			var res search.Result
			if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &res) != nil {
				t.Fatalf("province=%q page %d: %d %s", typed, page+1, resp.StatusCode, body)
			}
			seen += len(res.Hits)
			if res.NextCursor == "" || page > 5 {
				if seen == 0 || uint64(seen) != res.Total {
					t.Errorf("province=%q: visited %d of %d", typed, seen, res.Total)
				}
				break
			}
			params.Set("cursor", res.NextCursor)
		}
	}
	// The UI's "next page" link keeps the province as typed, and follows.
	_, body := env.get(t, "/?q=&province=ben+tre&limit=1&sort=date")
	next := html.UnescapeString(between(string(body), `<a href="`, `" rel="next"`))
	if next == "" {
		t.Fatal("no next link")
	}
	if resp, body := env.get(t, next); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Trang 2") {
		t.Errorf("UI page 2 of province=ben tre (%s): %d %s", next, resp.StatusCode, between(string(body), `role="alert">`, "</p>"))
	}
}

// A filter value that names nothing is an error naming the parameter, not
// an empty result that reads as "nothing was published".
func TestUnknownFilterValue(t *testing.T) {
	env := newTestEnv(t, nil)
	for _, tc := range []struct{ params, param string }{
		{"province=Nowhere", "province"},
		{"q=ke+hoach&province=ben+tre,Nowhere", "province"},
		{"source=khongco", "source"},
		{"topic=khong-co", "topic"},
		{"agency=" + url.QueryEscape("UBND tỉnh Không Có"), "agency"},
	} {
		resp, body := env.get(t, "/api/search?"+tc.params)
		var e apiError
		_ = json.Unmarshal(body, &e)
		if resp.StatusCode != http.StatusBadRequest || e.Param != tc.param || !strings.Contains(e.Error, "not a known") {
			t.Errorf("%s: %d %s, want 400 naming %s", tc.params, resp.StatusCode, body, tc.param)
		}
	}
	// Known values: an old province name, folded; a source and agency of
	// stored articles; a configured topic with or without articles.
	for _, params := range []string{"province=ben+tre", "province=" + url.QueryEscape("Vĩnh Long"), "source=bentre", "agency=" + url.QueryEscape("UBND tỉnh Bến Tre"), "topic=" + env.topics[0].ID} {
		if resp, body := env.get(t, "/api/search?"+params); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d %s", params, resp.StatusCode, body)
		}
	}
	resp, body := env.get(t, "/?province=Nowhere")
	if page := string(body); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Tỉnh không hợp lệ (province): không có “Nowhere”") || strings.Contains(page, "not a known") {
		t.Errorf("UI: %d %s", resp.StatusCode, between(page, `role="alert">`, "</p>"))
	}
}
