package web

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/govnews/govnews/index"
)

// storyBody is long enough to be judged a copy when republished.
const storyBody = "Sáng 12/3, Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết công tác chuyển đổi số quý I năm 2025 với sự tham dự của lãnh đạo các sở, ngành và địa phương. Hội nghị đánh giá kết quả triển khai các nhiệm vụ trọng tâm, chỉ ra những hạn chế và đề ra giải pháp trong thời gian tới.\n\n" +
	"Phát biểu chỉ đạo, Phó Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ngành tập trung hoàn thành hệ thống cơ sở dữ liệu dùng chung, bảo đảm an toàn thông tin và nâng cao tỷ lệ hồ sơ trực tuyến toàn trình. Các địa phương cần bố trí đủ nhân lực cho công tác chuyển đổi số."

// addStory stores one story on three portals (the second published first)
// and returns the three articles.
func addStory(t *testing.T, e *testEnv) []index.Article {
	t.Helper()
	d := func(day int) time.Time { return time.Date(2025, 3, day, 9, 0, 0, 0, index.Zone) }
	arts := []index.Article{
		{URL: "https://bentre.gov.vn/tin/so-ket-cds", Title: "Sơ kết chuyển đổi số quý I", Body: storyBody, Source: "bentre", SourceName: "UBND tỉnh Bến Tre", Province: "Bến Tre", Published: d(13)},
		{URL: "https://skhcn.angiang.gov.vn/tin/cds", Title: "Hội nghị sơ kết chuyển đổi số", Body: storyBody + "\n\nBài: Minh Trí", Source: "angiang", SourceName: "Sở KH&CN An Giang", Province: "An Giang", Published: d(12)},
		{URL: "https://vinhlong.gov.vn/tin/cds", Title: "Sơ kết chuyển đổi số", Body: "Nguồn: Cổng TTĐT tỉnh\n\n" + storyBody, Source: "vinhlong", SourceName: "UBND tỉnh Vĩnh Long", Province: "Vĩnh Long", Published: d(14)},
	}
	if err := e.ix.Put(arts...); err != nil {
		t.Fatal(err)
	}
	return arts
}

type apiHit struct {
	ID, URL, Group string
	Copies         *int
}

type apiResult struct {
	Total      int
	Collapsed  bool
	Counts     string
	Hits       []apiHit
	NextCursor string `json:"next_cursor"`
}

func apiSearch(t *testing.T, e *testEnv, params string) (int, apiResult) {
	t.Helper()
	resp, body := e.get(t, "/api/search?"+params)
	var r apiResult
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, r
}

// /api/search collapses a story's publications into one hit carrying its
// group and how many copies match; collapse=false lists them all; group=
// lists one story; bad values are 400s naming the parameter.
func TestAPISearchCollapses(t *testing.T) {
	e := newTestEnv(t, nil)
	arts := addStory(t, e)
	q := "q=" + url.QueryEscape("sơ kết chuyển đổi số")
	_, col := apiSearch(t, e, q)
	if !col.Collapsed || col.Counts != "articles" || col.Total < 3 {
		t.Fatalf("collapsed result: %+v", col)
	}
	var story *apiHit
	for i, h := range col.Hits {
		if strings.Contains(h.URL, "cds") {
			if story != nil {
				t.Fatalf("story listed twice: %s and %s", story.URL, h.URL)
			}
			story = &col.Hits[i]
		}
		if h.Copies == nil || h.Group == "" {
			t.Errorf("hit %s lacks group or copies", h.URL)
		}
	}
	if story == nil || *story.Copies != 2 || story.Group != index.ID(arts[0].URL) {
		t.Fatalf("story hit %+v (want 2 copies, group of the first stored)", story)
	}
	_, all := apiSearch(t, e, q+"&collapse=false")
	n := 0
	for _, h := range all.Hits {
		if h.Group == story.Group {
			n++
		}
	}
	if all.Collapsed || n != 3 || all.Total != col.Total {
		t.Errorf("collapse=false: %d of the story's 3 articles, total %d vs %d", n, all.Total, col.Total)
	}
	_, one := apiSearch(t, e, q+"&collapse=false&group="+story.Group)
	if len(one.Hits) != 3 || one.Total != 3 {
		t.Errorf("group filter: %+v", one)
	}
	for _, bad := range []string{"collapse=maybe", "group=not-hex"} {
		if code, _ := apiSearch(t, e, q+"&"+bad); code != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, code)
		}
	}
	// A province filter finds the copy its portal published.
	_, prov := apiSearch(t, e, q+"&province="+url.QueryEscape("Vĩnh Long"))
	if len(prov.Hits) != 1 || prov.Hits[0].URL != arts[2].URL {
		t.Errorf("province filter: %+v", prov.Hits)
	}
	// Cursors: page by page, the collapsed list.
	var paged []string
	params := q + "&limit=1"
	for i := 0; i < 50; i++ {
		_, page := apiSearch(t, e, params)
		for _, h := range page.Hits {
			paged = append(paged, h.URL)
		}
		if page.NextCursor == "" {
			break
		}
		params = q + "&limit=1&cursor=" + url.QueryEscape(page.NextCursor)
	}
	if len(paged) != len(col.Hits) {
		t.Errorf("paged %d hits, one page %d", len(paged), len(col.Hits))
	}
}

// /api/articles/{id} lists the other publications and the original
// (earliest published); the page says who published first; the result
// page links "+2 bản khác"; the CSV export carries the group.
func TestArticleCopiesAndFirstPublished(t *testing.T) {
	e := newTestEnv(t, nil)
	arts := addStory(t, e)
	id := index.ID(arts[0].URL)
	resp, body := e.get(t, "/api/articles/"+id)
	if resp.StatusCode != http.StatusOK {
		t.Fatal(resp.Status)
	}
	var a struct {
		Group  string
		Copies []struct {
			URL, Title, Source string
			SourceName         string `json:"source_name"`
			Published          time.Time
		}
		Original struct{ URL, SourceName string }
	}
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Copies) != 2 || a.Copies[0].URL != arts[1].URL || a.Copies[1].URL != arts[2].URL || a.Copies[0].SourceName != "Sở KH&CN An Giang" || a.Copies[0].Published.IsZero() || a.Copies[0].Title == "" || a.Copies[0].Source != "angiang" {
		t.Errorf("copies %+v", a.Copies)
	}
	if a.Original.URL != arts[1].URL || a.Group != id {
		t.Errorf("original %+v group %s", a.Original, a.Group)
	}
	_, page := e.get(t, "/articles/"+id)
	if !strings.Contains(string(page), "Đăng đầu tiên bởi") || !strings.Contains(string(page), "Sở KH&amp;CN An Giang") || !strings.Contains(string(page), "Cùng bài này trên 2 trang khác") {
		t.Errorf("article page lacks the first publisher or the copies")
	}
	_, first := e.get(t, "/articles/"+index.ID(arts[1].URL))
	if !strings.Contains(string(first), "Bài này là bản đăng đầu tiên") {
		t.Errorf("the original's page does not say it is the first")
	}
	_, results := e.get(t, "/?q="+url.QueryEscape("sơ kết chuyển đổi số"))
	html := string(results)
	if !strings.Contains(html, "+2 bản khác") || !strings.Contains(html, "group="+id) || !strings.Contains(html, "collapse=false") {
		t.Errorf("result page lacks the +2 link")
	}
	_, all := e.get(t, "/?collapse=false&group="+id+"&q="+url.QueryEscape("sơ kết chuyển đổi số"))
	if strings.Count(string(all), `class="hit"`) != 3 {
		t.Errorf("the +2 link's page lists %d hits", strings.Count(string(all), `class="hit"`))
	}
	resp, csvBody := e.get(t, "/api/export?format=csv&collapse=false&group="+id)
	if resp.StatusCode != http.StatusOK {
		t.Fatal(resp.Status)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(csvBody), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][len(rows[0])-1] != "group" {
		t.Fatalf("export: %d rows, header %v", len(rows), rows[0])
	}
	for _, r := range rows[1:] {
		if r[len(r)-1] != id {
			t.Errorf("export row %s group %q", r[0], r[len(r)-1])
		}
	}
}
