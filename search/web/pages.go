package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

// articlePage is an article with its metadata.
type articlePage struct {
	Title      string
	Lead       string // shown apart only when the body does not already start with it
	ID         string
	Article    index.Article
	HasRaw     bool
	Topics     []option
	SourceName string
	// Near-duplicate group: the other publications, original first, and
	// the original (nil when the article is alone).
	Copies     []copyJSON
	Original   *copyJSON
	IsOriginal bool
}

// handleArticlePage: GET /articles/{id}
func (s *server) handleArticlePage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, ok, err := s.article(id)
	if err != nil {
		status, msg := s.pageError(r, err)
		s.render(w, r, status, "error", errorPage{Title: "Lỗi", Message: msg})
		return
	}
	if !ok {
		s.render(w, r, http.StatusNotFound, "error", errorPage{Title: "Không tìm thấy", Message: "Không có bài viết với mã " + id + "."})
		return
	}
	p := articlePage{Title: a.DisplayTitle(), ID: id, Article: a, HasRaw: s.hasRaw(a.URL), SourceName: firstNonEmpty(a.SourceName, s.sourceNames(nil)[a.Source], a.Source)}
	if a.Lead != "" && !strings.Contains(a.Body, a.Lead) {
		p.Lead = a.Lead
	}
	for _, t := range a.Topics {
		p.Topics = append(p.Topics, option{Value: t, Label: firstNonEmpty(s.topicName[t], t)})
	}
	copies, original, err := s.group(r.Context(), a)
	if err != nil {
		status, msg := s.pageError(r, err)
		s.render(w, r, status, "error", errorPage{Title: "Lỗi", Message: msg})
		return
	}
	names := s.sourceNames(nil)
	for _, c := range copies {
		cj := toCopy(c)
		cj.SourceName = firstNonEmpty(cj.SourceName, names[cj.Source], cj.Source)
		p.Copies = append(p.Copies, cj)
	}
	if original != nil && len(copies) > 0 {
		o := toCopy(*original)
		o.SourceName = firstNonEmpty(o.SourceName, names[o.Source], o.Source)
		p.Original, p.IsOriginal = &o, original.URL == a.URL
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
		status, msg := s.pageError(r, err)
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

// hasRaw says whether a stored copy of the page exists: imported articles
// have none, and a link to it would be a 404.
func (s *server) hasRaw(url string) bool {
	if s.cfg.Raw == nil {
		return false
	}
	_, _, ok, err := s.cfg.Raw.Get(url)
	return err == nil && ok
}
