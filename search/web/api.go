package web

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

// apiError is the body of every JSON error: what went wrong and, for a bad
// request, which parameter.
type apiError struct {
	Error string `json:"error"`
	Param string `json:"param,omitempty"`
}

func (s *server) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true) // crawled text stays inert even if served as HTML by mistake
	if err := enc.Encode(v); err != nil {
		s.log.Debug("web: write json", "err", err)
	}
}

// writeError answers err as JSON: a *search.Error is the client's fault
// (400 naming the parameter); a timeout is 503; anything else is a 500
// whose details go to the log, not to the client.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if se, ok := paramError(err); ok {
		s.writeJSON(w, http.StatusBadRequest, apiError{Error: se.Error(), Param: se.Param})
		return
	}
	status, msg := s.classify(r, err)
	s.writeJSON(w, status, apiError{Error: msg})
}

// classify maps a server-side error to a status and a message safe to show.
func (s *server) classify(r *http.Request, err error) (int, string) {
	if errors.Is(err, context.DeadlineExceeded) {
		s.log.Warn("web: request timed out", "path", r.URL.Path, "query", r.URL.RawQuery)
		return http.StatusServiceUnavailable, "web: the request took too long; narrow the search"
	}
	if errors.Is(err, context.Canceled) {
		return 499, "web: request canceled"
	}
	s.log.Error("web: request failed", "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
	return http.StatusInternalServerError, "web: internal error"
}

// search runs a request (or finds it in the cache), timing it for the
// latency histogram. The result may be shared: callers must not modify it.
func (s *server) search(ctx context.Context, endpoint string, req search.Request) (*search.Result, error) {
	start := time.Now()
	res, err := s.cache.search(ctx, req, s.searcher.Search)
	if err == nil {
		s.metrics.queryDuration.WithLabelValues(endpoint).Observe(time.Since(start).Seconds())
	}
	return res, err
}

// handleAPISearch: GET /api/search?q=…&province=…&source=…&topic=…&from=…&to=…&sort=…&limit=…&cursor=…
func (s *server) handleAPISearch(w http.ResponseWriter, r *http.Request) {
	req, err := s.parse(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, ok := r.URL.Query()["format"]; ok {
		s.writeError(w, r, &search.Error{Param: "format", Msg: "only /api/export takes a format"})
		return
	}
	if _, ok := r.URL.Query()["page"]; ok {
		s.writeError(w, r, &search.Error{Param: "page", Msg: "the API pages with cursor (next_cursor of the previous page); page is the web page's label"})
		return
	}
	req.Facets = true
	req.Snippets = true
	res, err := s.search(r.Context(), "api", req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res = bindNext(req, res) // a copy when it changes: the result may be cached and shared
	if res.Hits == nil {
		copied := *res
		copied.Hits = []search.Hit{} // [] not null: clients iterate without a check
		res = &copied
	}
	s.writeJSON(w, http.StatusOK, res)
}

// articleJSON is an article as the API returns it: the import/export
// record plus its id and where to read it.
type articleJSON struct {
	ID string `json:"id"`
	index.Article
	Links struct {
		Page string `json:"page"`
		Raw  string `json:"raw,omitempty"`
	} `json:"links"`
	// The other articles of its near-duplicate group, original first,
	// and the group's original (earliest published, or fetched when
	// undated), which may be this article (groups.go).
	Copies   []copyJSON `json:"copies"`
	Original *copyJSON  `json:"original,omitempty"`
}

// copyJSON is one publication of a story.
type copyJSON struct {
	ID         string    `json:"id"`
	URL        string    `json:"url"`
	Title      string    `json:"title"`
	Source     string    `json:"source,omitempty"`
	SourceName string    `json:"source_name,omitempty"`
	Published  time.Time `json:"published,omitzero"`
	FetchedAt  time.Time `json:"fetched_at,omitzero"`
}

func toCopy(a index.Article) copyJSON {
	return copyJSON{ID: index.ID(a.URL), URL: a.URL, Title: a.DisplayTitle(), Source: a.Source, SourceName: a.SourceName, Published: a.Published, FetchedAt: a.FetchedAt}
}

// groupLister is the optional part of a Searcher that lists a group's
// articles (*search.Searcher does).
type groupLister interface {
	GroupMembers(ctx context.Context, group string) ([]index.Article, error)
}

// group returns the other articles of a's group and the group's original.
func (s *server) group(ctx context.Context, a index.Article) ([]index.Article, *index.Article, error) {
	gl, ok := s.searcher.(groupLister)
	if !ok || a.Group == "" {
		return nil, nil, nil
	}
	members, err := gl.GroupMembers(ctx, a.Group)
	if err != nil || len(members) == 0 {
		return nil, nil, err
	}
	original := members[0]
	var copies []index.Article
	for _, m := range members {
		if m.URL != a.URL {
			copies = append(copies, m)
		}
	}
	return copies, &original, nil
}

// handleAPIArticle: GET /api/articles/{id}
func (s *server) handleAPIArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, ok, err := s.article(id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !ok {
		s.writeJSON(w, http.StatusNotFound, apiError{Error: fmt.Sprintf("web: no article with id %q", id)})
		return
	}
	out := articleJSON{ID: id, Article: a, Copies: []copyJSON{}}
	copies, original, err := s.group(r.Context(), a)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, c := range copies {
		out.Copies = append(out.Copies, toCopy(c))
	}
	if original != nil {
		o := toCopy(*original)
		out.Original = &o
	}
	out.Links.Page = "/articles/" + id
	if s.hasRaw(a.URL) {
		out.Links.Raw = "/articles/" + id + "/raw"
	}
	s.writeJSON(w, http.StatusOK, out)
}

// article looks an id up; ids are hex, so anything else is simply absent
// (and never reaches the index).
func (s *server) article(id string) (index.Article, bool, error) {
	if !search.ValidID(id) {
		return index.Article{}, false, nil
	}
	return s.ix.GetByID(id)
}

// handleAPISources: GET /api/sources
func (s *server) handleAPISources(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, http.StatusOK, map[string]any{"sources": s.sourcesWithCounts(r.Context())})
}

// sources is the crawl status, never nil.
func (s *server) sources() []SourceStatus {
	if s.cfg.Crawls == nil {
		return []SourceStatus{}
	}
	out := s.cfg.Crawls.Sources()
	if out == nil {
		out = []SourceStatus{}
	}
	return out
}

// sourcesWithCounts is the crawl status with how many articles of each
// source the index holds: one facet search, and a search per source only
// for sources beyond the facet's size.
func (s *server) sourcesWithCounts(ctx context.Context) []SourceStatus {
	out := s.sources()
	if len(out) == 0 {
		return out
	}
	// Counted beside the searches, not as one: these are timed as
	// "sources" in the latency histogram, not as the UI's searches.
	for i := range out {
		out[i].Articles = nil // the index says, or nobody
	}
	counts := map[string]int{}
	res, err := s.search(ctx, "sources", search.Request{Facets: true, Limit: 1})
	if err != nil {
		s.log.Warn("web: sources: articles not counted", "err", err)
		return out
	}
	for _, f := range res.Facets[search.FacetSource] {
		counts[f.Value] = f.Count
	}
	for i := range out {
		if n, ok := counts[out[i].ID]; ok {
			out[i].Articles = ptr(uint64(n))
			continue
		}
		res, err := s.search(ctx, "sources", search.Request{Sources: []string{out[i].ID}, Limit: 1})
		if err != nil {
			s.log.Warn("web: sources: articles not counted", "source", out[i].ID, "err", err)
			continue
		}
		out[i].Articles = ptr(res.Total)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// handleAPICrawl: POST /api/sources/{id}/crawl, with the admin token.
func (s *server) handleAPICrawl(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if s.cfg.Crawls == nil {
		s.writeJSON(w, http.StatusNotFound, apiError{Error: fmt.Sprintf("web: no source %q: this server has no sources", id)})
		return
	}
	switch err := s.cfg.Crawls.Trigger(id); {
	case err == nil:
		s.log.Info("web: crawl started by hand", "source", id, "remote", r.RemoteAddr)
		s.writeJSON(w, http.StatusAccepted, map[string]string{"status": "started", "source": id})
	case errors.Is(err, ErrUnknownSource):
		s.writeJSON(w, http.StatusNotFound, apiError{Error: fmt.Sprintf("web: no source %q", id)})
	case errors.Is(err, ErrBusy):
		s.writeJSON(w, http.StatusConflict, apiError{Error: fmt.Sprintf("web: source %q: %v", id, err)})
	default:
		s.writeError(w, r, err)
	}
}

// requireToken lets a request through only with "Authorization: Bearer
// TOKEN" matching the configured admin token. Without a configured token the
// endpoint is off: no token is not a valid token.
func (s *server) requireToken(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.AdminToken == "" {
			s.writeJSON(w, http.StatusForbidden, apiError{Error: "web: starting crawls by hand is disabled (no admin token in the config)"})
			return
		}
		// The scheme is case-insensitive (RFC 9110): "bearer" is Bearer.
		scheme, got, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.cfg.AdminToken)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="govnews"`)
			s.writeJSON(w, http.StatusUnauthorized, apiError{Error: "web: missing or wrong admin token (Authorization: Bearer …)"})
			return
		}
		next(w, r)
	}
}

// handleAPITopics: GET /api/topics
func (s *server) handleAPITopics(w http.ResponseWriter, r *http.Request) {
	topics := s.cfg.Topics
	if topics == nil {
		topics = []Topic{}
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"topics": topics})
}

// handleHealthz: GET /healthz. It reads the index, so a broken index is a
// failed health check rather than a healthy-looking process.
func (s *server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	n, err := s.ix.Count()
	if err != nil {
		s.log.Error("web: healthz", "err", err)
		s.writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "error", "error": "index unreadable"})
		return
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "articles": n})
}

// handleAPINotFound answers unknown API paths, and any write to a public
// one, in JSON.
// methodNotAllowed answers a method an endpoint does not take.
func (s *server) methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		s.writeJSON(w, http.StatusMethodNotAllowed, apiError{Error: fmt.Sprintf("web: %s %s: this endpoint takes %s", r.Method, r.URL.Path, allow)})
	}
}

func (s *server) handleAPINotFound(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.writeJSON(w, http.StatusMethodNotAllowed, apiError{Error: fmt.Sprintf("web: %s %s: the API is read-only", r.Method, r.URL.Path)})
		return
	}
	s.writeJSON(w, http.StatusNotFound, apiError{Error: fmt.Sprintf("web: no such endpoint %s", r.URL.Path)})
}
