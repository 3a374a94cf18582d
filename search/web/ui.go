package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages are parsed once: each page is the base layout plus its own file.
var pages = parseTemplates()

var funcs = template.FuncMap{
	"date":     vnDate,
	"datetime": vnDateTime,
	"iso":      func(t time.Time) string { return formatTime(t) },
	"number":   vnNumber,
	"snippet":  func(s string) template.HTML { return template.HTML(safeSnippet(s)) },
	"paragraphs": func(body string) []string {
		var out []string
		for _, p := range strings.Split(body, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"query": func(q string) string { return "/?" + url.Values{"q": {q}}.Encode() },
}

func parseTemplates() map[string]*template.Template {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, name := range names {
		base := path.Base(name)
		if base == "base.html" {
			continue
		}
		t := template.Must(template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/base.html", name))
		out[strings.TrimSuffix(base, ".html")] = t
	}
	return out
}

// render executes a page into a buffer first, so a template error is a
// clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := pages[page].ExecuteTemplate(&buf, "base", data); err != nil {
		s.log.Error("web: render", "page", page, "err", err)
		http.Error(w, "Lỗi máy chủ (internal error)", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func vnDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(index.Zone).Format("02/01/2006")
}

func vnDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(index.Zone).Format("15:04 02/01/2006")
}

// vnNumber groups thousands with dots, as Vietnamese does (12.345).
func vnNumber(n any) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

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
	Topics []option
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
	ProvinceChart template.HTML
	FacetProvince []facetLink
	FacetSource   []facetLink
	FacetTopic    []facetLink
	Page          int
	NextURL       string
	FirstURL      string
	FeedURL       string
	CSVURL        string
	JSONLURL      string
}

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
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 {
		p.Page = n
	}
	req, err := parseRequest(v)
	status := http.StatusOK
	if err == nil {
		p.Searched = req.Query != "" || len(req.Provinces)+len(req.Sources)+len(req.Topics)+len(req.Agencies) > 0 || !req.From.IsZero() || !req.To.IsZero()
		req.Facets, req.Snippets = true, true
		if !p.Searched {
			// Nothing asked yet: show the newest articles, which also tells
			// a newcomer what the index holds.
			req.Sort = search.SortDate
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
			var msg string
			status, msg = s.classify(r, err)
			p.Error = "Không tìm được: " + msg
		}
	}
	if p.Q != "" {
		p.Title = p.Q + " – Tìm kiếm"
	}
	p.options(s, v, req)
	s.render(w, r, status, "search", p)
}

// paramMessage says in Vietnamese which field is wrong.
func paramMessage(e *search.Error) string {
	names := map[string]string{
		"q": "Từ khóa", "from": "Từ ngày", "to": "Đến ngày", "sort": "Sắp xếp", "limit": "Số kết quả",
		"province": "Tỉnh", "source": "Nguồn", "topic": "Chủ đề", "cursor": "Trang",
	}
	name := names[e.Param]
	if name == "" {
		name = e.Param
	}
	return fmt.Sprintf("%s không hợp lệ (%s): %s", name, e.Param, e.Msg)
}

// fill puts a result on the page.
func (p *searchPage) fill(s *server, v url.Values, req search.Request, res *search.Result) {
	p.Result = res
	p.Took = strings.Replace(strconv.FormatFloat(res.Took.Seconds(), 'f', 3, 64), ".", ",", 1)
	for _, h := range res.Hits {
		hv := hitView{Hit: h}
		for _, t := range h.Topics {
			hv.Topics = append(hv.Topics, option{Value: t, Label: firstNonEmpty(s.topicName[t], t)})
		}
		p.Hits = append(p.Hits, hv)
	}
	if !p.Searched {
		return
	}
	months := timelineData(res.Facets[search.FacetMonth])
	p.Months = months
	p.Timeline = timelineSVG(months, func(m string) string {
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
	})
	p.ProvinceChart = provinceSVG(res.Facets[search.FacetProvince], func(prov string) string { return withParam(v, "province", prov) })
	for _, f := range res.Facets[search.FacetProvince] {
		p.FacetProvince = append(p.FacetProvince, facetLink{Label: f.Value, Count: f.Count, URL: withParam(v, "province", f.Value)})
	}
	names := s.sourceNames()
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
		n.Set("cursor", res.NextCursor)
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
	p.FeedURL = "/feed?" + links.Encode()
	links.Set("format", "csv")
	p.CSVURL = "/api/export?" + links.Encode()
	links.Set("format", "jsonl")
	p.JSONLURL = "/api/export?" + links.Encode()
}

// options fills the filter choices, keeping whatever is selected even when
// it is not in the list (an old province name, a source no longer crawled).
func (p *searchPage) options(s *server, v url.Values, req search.Request) {
	selected := func(name string) map[string]bool {
		m := map[string]bool{}
		for _, x := range list(v, name) {
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
	var provinces, sources, topics []option
	for _, name := range s.cfg.Provinces {
		provinces = append(provinces, option{Value: name, Label: name})
	}
	names := s.sourceNames()
	for _, src := range s.sources() {
		sources = append(sources, option{Value: src.ID, Label: firstNonEmpty(src.Name, src.ID)})
	}
	for _, t := range s.cfg.Topics {
		topics = append(topics, option{Value: t.ID, Label: t.Name})
	}
	same := func(x string) string { return x }
	p.Provinces = build("province", provinces, facets[search.FacetProvince], same)
	p.Sources = build("source", sources, facets[search.FacetSource], func(id string) string { return firstNonEmpty(names[id], id) })
	p.Topics = build("topic", topics, facets[search.FacetTopic], func(id string) string { return firstNonEmpty(s.topicName[id], id) })
	for _, o := range []option{{Value: "relevance", Label: "Phù hợp nhất"}, {Value: "date", Label: "Mới nhất"}, {Value: "date_asc", Label: "Cũ nhất"}} {
		o.Selected = o.Value == req.Sort || (o.Value == "relevance" && req.Sort == "")
		p.Sorts = append(p.Sorts, o)
	}
}

// sourceNames maps source ids to display names, from the scheduler's list.
func (s *server) sourceNames() map[string]string {
	names := map[string]string{}
	for _, src := range s.sources() {
		if src.Name != "" {
			names[src.ID] = src.Name
		}
	}
	return names
}

// articlePage is an article with its metadata.
type articlePage struct {
	Title      string
	Lead       string // shown apart only when the body does not already start with it
	ID         string
	Article    index.Article
	HasRaw     bool
	Topics     []option
	SourceName string
}

// handleArticlePage: GET /articles/{id}
func (s *server) handleArticlePage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, ok, err := s.article(id)
	if err != nil {
		status, msg := s.classify(r, err)
		s.render(w, r, status, "error", errorPage{Title: "Lỗi", Message: msg})
		return
	}
	if !ok {
		s.render(w, r, http.StatusNotFound, "error", errorPage{Title: "Không tìm thấy", Message: "Không có bài viết với mã " + id + "."})
		return
	}
	p := articlePage{Title: a.DisplayTitle(), ID: id, Article: a, HasRaw: s.cfg.Raw != nil, SourceName: firstNonEmpty(a.SourceName, s.sourceNames()[a.Source], a.Source)}
	if a.Lead != "" && !strings.Contains(a.Body, a.Lead) {
		p.Lead = a.Lead
	}
	for _, t := range a.Topics {
		p.Topics = append(p.Topics, option{Value: t, Label: firstNonEmpty(s.topicName[t], t)})
	}
	s.render(w, r, http.StatusOK, "article", p)
}

// handleRawPage: GET /articles/{id}/raw: the page as it was fetched. It is
// looked up by article id, never by a path from the request, and served in a
// CSP sandbox: the portal's scripts do not run and it loads nothing.
func (s *server) handleRawPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, ok, err := s.article(id)
	if err == nil && ok && s.cfg.Raw != nil {
		var body []byte
		var ctype string
		body, ctype, ok, err = s.cfg.Raw.Get(a.URL)
		if err == nil && ok {
			if ctype == "" {
				ctype = "text/html; charset=utf-8"
			}
			h := w.Header()
			h.Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'")
			h.Set("Content-Type", ctype)
			h.Set("Content-Disposition", "inline")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(body)
			return
		}
	}
	if err != nil {
		status, msg := s.classify(r, err)
		s.render(w, r, status, "error", errorPage{Title: "Lỗi", Message: msg})
		return
	}
	s.render(w, r, http.StatusNotFound, "error", errorPage{Title: "Không có bản lưu", Message: "Không có bản lưu của bài viết này."})
}

type sourcesPage struct {
	Title   string
	Sources []SourceStatus
	Now     time.Time
}

// handleSourcesPage: GET /sources
func (s *server) handleSourcesPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "sources", sourcesPage{Title: "Nguồn tin", Sources: s.sourcesWithCounts(r.Context()), Now: time.Now()})
}

type topicView struct {
	Topic
	Count   int
	URL     string
	FeedURL string
}

type topicsPage struct {
	Title  string
	Topics []topicView
}

// handleTopicsPage: GET /topics, with how many articles each topic has.
func (s *server) handleTopicsPage(w http.ResponseWriter, r *http.Request) {
	counts := map[string]int{}
	if res, err := s.search(r.Context(), "ui", search.Request{Facets: true, Limit: 1}); err == nil {
		for _, f := range res.Facets[search.FacetTopic] {
			counts[f.Value] = f.Count
		}
	} else {
		s.log.Debug("web: topic counts", "err", err)
	}
	p := topicsPage{Title: "Chủ đề"}
	for _, t := range s.cfg.Topics {
		q := url.Values{"topic": {t.ID}}.Encode()
		p.Topics = append(p.Topics, topicView{Topic: t, Count: counts[t.ID], URL: "/?" + q, FeedURL: "/feed?" + q})
	}
	s.render(w, r, http.StatusOK, "topics", p)
}

type errorPage struct {
	Title   string
	Message string
}

// handleNotFoundPage answers every path no route knows.
func (s *server) handleNotFoundPage(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.render(w, r, http.StatusMethodNotAllowed, "error", errorPage{Title: "Không được phép", Message: "Trang này chỉ để đọc."})
		return
	}
	s.render(w, r, http.StatusNotFound, "error", errorPage{Title: "Không tìm thấy", Message: "Không có trang " + r.URL.Path + "."})
}

// handleStatic serves the embedded CSS and JS by exact name: no directory
// listings, and nothing outside static/ is reachable.
func (s *server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name == "" || strings.ContainsAny(name, "/\\") || strings.HasPrefix(name, ".") {
		s.handleNotFoundPage(w, r)
		return
	}
	data, err := staticFS.ReadFile("static/" + name)
	if err != nil {
		s.handleNotFoundPage(w, r)
		return
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(data)
}
