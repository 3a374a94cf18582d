package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/govnews/govnews/search"
)

// option is one choice of a filter.
type option struct {
	Value, Label string
	Count        int
	Selected     bool
}

// facetLink is one facet value with the link that filters by it.
type facetLink struct {
	Label string
	Count int
	URL   string
}

type hitView struct {
	search.Hit
	Topics    []option
	CopiesURL string // the search narrowed to the hit's group, every article listed
}

// searchPage is everything the search page shows.
type searchPage struct {
	Title         string
	Q             string
	From, To      string
	Provinces     []option
	Sources       []option
	Topics        []option
	Sorts         []option
	Limit         int
	Searched      bool // a query or filter was given
	Error         string
	ErrorParam    string
	Result        *search.Result
	Hits          []hitView
	Took          string
	Timeline      template.HTML
	Months        []monthCount
	Outside       []facetLink // matches in months the timeline leaves out
	OutsideTotal  int
	OutsideMore   bool // more such months than are listed
	ProvinceChart template.HTML
	FacetProvince []facetLink
	FacetSource   []facetLink
	FacetTopic    []facetLink
	Page          int
	Start         int // the first hit's number on this page
	NextURL       string
	FirstURL      string
	FeedURL       string
	AllURL        string // the same search with every article listed (collapse=false)
	ShowCopies    bool   // collapse=false: every copy listed
	Group         string // group=: one story's publications
	CSVURL        string
	JSONLURL      string
}

// maxOutsideLinks is how many left-out months the page lists by name.
const maxOutsideLinks = 12

// handleSearchPage: GET /?q=…: the search form, results, facets and charts.
func (s *server) handleSearchPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	// An empty form field is no filter: drop it so links stay short and
	// "from=" is not a bad date.
	for k, vs := range v {
		if strings.Join(vs, "") == "" {
			v.Del(k)
		}
	}
	p := searchPage{Title: "Tìm kiếm", Q: v.Get("q"), From: v.Get("from"), To: v.Get("to"), Page: 1}
	// The page number is only a label of a cursor's page: without a
	// cursor this is the first page, whatever page= says.
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 && v.Get("cursor") != "" {
		p.Page = n
	}
	req, err := s.parse(v)
	status := http.StatusOK
	if err == nil {
		// A date input shows only YYYY-MM-DD: "2024" as from is shown as
		// the day it means.
		if !req.From.IsZero() {
			p.From = req.From.Format("2006-01-02")
		}
		if !req.To.IsZero() {
			p.To = req.To.Format("2006-01-02")
		}
		p.Searched = req.Query != "" || len(req.Provinces)+len(req.Sources)+len(req.Topics)+len(req.Agencies) > 0 || !req.From.IsZero() || !req.To.IsZero()
		req.Facets, req.Snippets = true, true
		if !p.Searched && req.Limit == 0 {
			// Nothing asked yet: the newest articles, which also tells a
			// newcomer what the index holds. The page is browsable like
			// any result (total, facets, next page); the searcher sorts
			// newest first when there is no query, and the sort menu stays
			// on relevance so that a query typed here is ranked.
			req.Limit = 10
		}
		var res *search.Result
		res, err = s.search(r.Context(), "ui", req)
		if err == nil {
			p.fill(s, v, req, res)
		}
	}
	if err != nil {
		if se, ok := paramError(err); ok {
			status = http.StatusBadRequest
			p.Error, p.ErrorParam = paramMessage(se), se.Param
		} else {
			status, p.Error = s.pageError(r, err)
		}
	}
	if p.Q != "" {
		p.Title = p.Q + " – Tìm kiếm"
	}
	p.options(s, v, req)
	s.render(w, r, status, "search", p)
}

// paramMessage says in Vietnamese which field is wrong and why. The
// search package's own message is English, for the API and the log; a
// Vietnamese page does not show it.
func paramMessage(e *search.Error) string {
	names := map[string]string{
		"q": "Từ khóa", "from": "Từ ngày", "to": "Đến ngày", "sort": "Sắp xếp", "limit": "Số kết quả",
		"province": "Tỉnh", "source": "Nguồn", "topic": "Chủ đề", "agency": "Cơ quan", "cursor": "Trang",
		"collapse": "Gộp bài đăng lại", "group": "Nhóm bài đăng lại", "page": "Trang",
	}
	name, ok := names[e.Param]
	if !ok || e.Msg == "unknown parameter" {
		return fmt.Sprintf("Địa chỉ có tham số “%s” không dùng được (gõ nhầm?). Hãy bỏ nó hoặc tìm lại từ ô tìm kiếm.", e.Param)
	}
	var why string
	switch {
	case strings.Contains(e.Msg, "times; it takes one value"):
		why = "trường này chỉ nhận một giá trị"
	case e.Param == "q" && strings.Contains(e.Msg, "longer than"):
		why = fmt.Sprintf("dài quá %d ký tự", maxQueryLen)
	case e.Param == "q" && strings.Contains(e.Msg, "is not a known"):
		why = "bộ lọc trong câu tìm kiếm (province:, source:, topic:, agency:) không khớp bài nào; gõ nhầm tên?"
	case e.Param == "q" && strings.Contains(e.Msg, "no word to search for"):
		why = "không có chữ hay số nào để tìm; hãy gõ từ khóa"
	case e.Param == "q":
		why = "không đọc được câu tìm kiếm (kiểm tra dấu ngoặc kép, OR có đủ hai vế, ngày trong from:/to:)"
	case e.Param == "to" && strings.Contains(e.Msg, "before"):
		why = "đến ngày ở trước từ ngày"
	case e.Param == "from" || e.Param == "to":
		why = "không phải là ngày; hãy dùng dạng 2024-03-15, 15/03/2024, 2024-03 hoặc 2024"
	case e.Param == "sort":
		why = "chọn Phù hợp nhất, Mới nhất hoặc Cũ nhất"
	case e.Param == "limit":
		why = fmt.Sprintf("hãy dùng một số từ 1 đến %d", search.MaxLimit)
	case e.Param == "collapse":
		why = "chỉ nhận true hoặc false"
	case e.Param == "group":
		why = "không phải mã nhóm (lấy từ liên kết “bản đăng lại” của một kết quả)"
	case e.Param == "cursor":
		why = "liên kết trang này thuộc một tìm kiếm khác hoặc đã hỏng; hãy tìm lại từ trang đầu"
	case e.Param == "province" || e.Param == "source" || e.Param == "topic" || e.Param == "agency":
		why = "không có giá trị này"
		if v := quoted(e.Msg); v != "" {
			why = "không có “" + v + "” trong danh sách và trong các bài đã lưu"
		}
	default:
		why = "giá trị không dùng được"
	}
	return fmt.Sprintf("%s không hợp lệ (%s): %s.", name, e.Param, why)
}

// quoted is the first Go-quoted string in msg ("\"Nowhere\" is not …"), the
// value a search error names.
func quoted(msg string) string {
	i := strings.IndexByte(msg, '"')
	if i < 0 {
		return ""
	}
	if v, err := strconv.QuotedPrefix(msg[i:]); err == nil {
		if u, err := strconv.Unquote(v); err == nil {
			return u
		}
	}
	return ""
}

// pageError is a server-side error as a Vietnamese page says it; the
// details go to the log (classify).
func (s *server) pageError(r *http.Request, err error) (int, string) {
	status, _ := s.classify(r, err)
	switch status {
	case http.StatusServiceUnavailable:
		return status, "Tìm kiếm mất quá nhiều thời gian. Hãy thu hẹp từ khóa hoặc bộ lọc rồi thử lại."
	case 499:
		return status, "Yêu cầu đã bị hủy."
	default:
		return status, "Lỗi máy chủ. Hãy thử lại sau; nếu vẫn lỗi, báo cho người quản trị."
	}
}

// fill puts a result on the page.
func (p *searchPage) fill(s *server, v url.Values, req search.Request, res *search.Result) {
	p.Result = res
	// Numbered on from the pages before (of this page's size: a limit
	// changed between pages numbers from its own size).
	p.Start = firstNumber(p.Page, req.Limit)
	p.Took = strings.Replace(strconv.FormatFloat(res.Took.Seconds(), 'f', 3, 64), ".", ",", 1)
	for _, h := range res.Hits {
		hv := hitView{Hit: h}
		for _, t := range h.Topics {
			hv.Topics = append(hv.Topics, option{Value: t, Label: firstNonEmpty(s.topicName[t], t)})
		}
		if h.Copies > 0 && req.Collapse {
			// Every publication of the story, the first one first.
			hv.CopiesURL = "/?" + url.Values{"group": {h.Group}, "collapse": {"false"}, "sort": {search.SortDateAsc}}.Encode()
		}
		p.Hits = append(p.Hits, hv)
	}
	months, outside := timelineData(res.Facets[search.FacetMonth])
	monthURL := func(m string) string {
		t, _ := time.Parse("2006-01", m)
		n := url.Values{}
		for k, vs := range v {
			n[k] = vs
		}
		n.Del("cursor")
		n.Del("page")
		n.Set("from", t.Format("2006-01-02"))
		n.Set("to", t.AddDate(0, 1, -1).Format("2006-01-02"))
		return "/?" + n.Encode()
	}
	p.Months = months
	p.Timeline = timelineSVG(months, monthURL)
	// Months left out of the timeline are said, with links: a mistyped
	// year must not hide articles without a sign.
	for i, m := range outside {
		if i < maxOutsideLinks {
			p.Outside = append(p.Outside, facetLink{Label: monthLabel(m.Month), Count: m.Count, URL: monthURL(m.Month)})
		}
		p.OutsideTotal += m.Count
	}
	p.OutsideMore = len(outside) > maxOutsideLinks
	p.ProvinceChart = provinceSVG(res.Facets[search.FacetProvince], func(prov string) string { return withParam(v, "province", prov) })
	for _, f := range res.Facets[search.FacetProvince] {
		p.FacetProvince = append(p.FacetProvince, facetLink{Label: f.Value, Count: f.Count, URL: withParam(v, "province", f.Value)})
	}
	names := s.sourceNames(res)
	for _, f := range res.Facets[search.FacetSource] {
		p.FacetSource = append(p.FacetSource, facetLink{Label: firstNonEmpty(names[f.Value], f.Value), Count: f.Count, URL: withParam(v, "source", f.Value)})
	}
	for _, f := range res.Facets[search.FacetTopic] {
		p.FacetTopic = append(p.FacetTopic, facetLink{Label: firstNonEmpty(s.topicName[f.Value], f.Value), Count: f.Count, URL: withParam(v, "topic", f.Value)})
	}
	if res.NextCursor != "" && len(res.Hits) > 0 {
		n := url.Values{}
		for k, vs := range v {
			n[k] = vs
		}
		n.Set("cursor", search.BindCursor(req, res.NextCursor))
		n.Set("page", strconv.Itoa(p.Page+1))
		p.NextURL = "/?" + n.Encode()
	}
	if p.Page > 1 {
		p.FirstURL = withParam(v, "cursor", "")
	}
	links := url.Values{}
	for k, vs := range v {
		if k != "cursor" && k != "page" && k != "limit" {
			links[k] = vs
		}
	}
	feed := url.Values{}
	for k, vs := range links {
		if k != "sort" { // a feed is newest first
			feed[k] = vs
		}
	}
	p.FeedURL = "/feed?" + feed.Encode()
	if req.Collapse {
		all := url.Values{}
		for k, vs := range links {
			all[k] = vs
		}
		all.Set("collapse", "false")
		p.AllURL = "/?" + all.Encode()
	}
	links.Set("format", "csv")
	p.CSVURL = "/api/export?" + links.Encode()
	links.Set("format", "jsonl")
	p.JSONLURL = "/api/export?" + links.Encode()
}

// options fills the filter choices, keeping whatever is selected even when
// it is not in the list (an old province name, a source no longer crawled).
func (p *searchPage) options(s *server, v url.Values, req search.Request) {
	p.ShowCopies = v.Get("collapse") == "false" || v.Get("collapse") == "0"
	p.Group = req.Group
	selected := func(name string) map[string]bool {
		m := map[string]bool{}
		values := list(v, name)
		if name == "province" {
			values = req.Provinces // by their names: "vinh long" is Vĩnh Long
		}
		for _, x := range values {
			m[x] = true
		}
		return m
	}
	build := func(name string, base []option, facet []search.FacetCount, label func(string) string) []option {
		sel := selected(name)
		seen := map[string]bool{}
		var out []option
		counts := map[string]int{}
		for _, f := range facet {
			counts[f.Value] = f.Count
		}
		add := func(value, lbl string) {
			if value == "" || seen[value] {
				return
			}
			seen[value] = true
			out = append(out, option{Value: value, Label: lbl, Count: counts[value], Selected: sel[value]})
		}
		for _, o := range base {
			add(o.Value, o.Label)
		}
		for _, f := range facet {
			add(f.Value, label(f.Value))
		}
		for x := range sel {
			add(x, label(x))
		}
		return out
	}
	var facets map[string][]search.FacetCount
	if p.Result != nil {
		facets = p.Result.Facets
	}
	var sources, topics []option
	names := s.sourceNames(p.Result)
	for _, src := range s.sources() {
		sources = append(sources, option{Value: src.ID, Label: firstNonEmpty(src.Name, src.ID)})
	}
	for _, t := range s.cfg.Topics {
		topics = append(topics, option{Value: t.ID, Label: t.Name})
	}
	p.Provinces = provinceMenu(s.ix.Provinces(), s.cfg.Provinces, facets[search.FacetProvince], selected("province"))
	p.Sources = build("source", sources, facets[search.FacetSource], func(id string) string { return firstNonEmpty(names[id], id) })
	p.Topics = build("topic", topics, facets[search.FacetTopic], func(id string) string { return firstNonEmpty(s.topicName[id], id) })
	// The menu shows the sort the reader picked, and relevance when none
	// was picked, even on a page without a query (which the searcher lists
	// newest first): pre-selecting "Mới nhất" there would date-sort every
	// search typed on the front page. Relevance is the empty value, so the
	// URL of an ordinary search carries no sort.
	picked := req.Sort
	if picked == search.SortRelevance {
		picked = ""
	}
	for _, o := range []option{{Value: "", Label: "Phù hợp nhất"}, {Value: "date", Label: "Mới nhất"}, {Value: "date_asc", Label: "Cũ nhất"}} {
		o.Selected = o.Value == picked
		p.Sorts = append(p.Sorts, o)
	}
}

// sourceNames maps source ids to display names, from the scheduler's list,
// then from the result's hits for sources no longer (or never) configured
// (imported articles carry their source_name).
func (s *server) sourceNames(res *search.Result) map[string]string {
	names := map[string]string{}
	for _, src := range s.sources() {
		if src.Name != "" {
			names[src.ID] = src.Name
		}
	}
	if res != nil {
		for _, h := range res.Hits {
			if names[h.Source] == "" && h.SourceName != "" {
				names[h.Source] = h.SourceName
			}
		}
	}
	return names
}

// firstNumber is the number of the first hit of page page (from 1) of
// limit hits, limit 0 meaning the searcher's default.
func firstNumber(page, limit int) int {
	if limit <= 0 {
		limit = search.DefaultLimit // as the searcher applies it
	}
	return (max(page, 1)-1)*limit + 1
}
