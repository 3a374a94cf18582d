package web

import "net/http"

// routes is the whole URL space. Everything public is GET; the one write,
// starting a crawl, is a POST behind the admin token.
func (s *server) routes(mux *http.ServeMux) {
	// JSON API
	mux.HandleFunc("GET /api/search", s.handleAPISearch)
	mux.HandleFunc("GET /api/articles/{id}", s.handleAPIArticle)
	mux.HandleFunc("GET /api/sources", s.handleAPISources)
	mux.HandleFunc("POST /api/sources/{id}/crawl", s.requireToken(s.handleAPICrawl))
	mux.HandleFunc("GET /api/topics", s.handleAPITopics)
	mux.HandleFunc("GET /api/export", s.handleExport)
	mux.HandleFunc("GET /feed", s.handleFeed)
	mux.HandleFunc("GET /healthz", s.handleHealthz)
	mux.Handle("GET /metrics", s.metrics.handler())
	mux.HandleFunc("/api/", s.handleAPINotFound)
	// Another method on an endpoint is a JSON 405 naming the one it takes
	// (the mux's own answer is a plain-text page).
	mux.HandleFunc("/api/sources/{id}/crawl", s.methodNotAllowed("POST"))
	mux.HandleFunc("/feed", s.methodNotAllowed("GET, HEAD"))
	mux.HandleFunc("/healthz", s.methodNotAllowed("GET, HEAD"))
	mux.HandleFunc("/metrics", s.methodNotAllowed("GET, HEAD"))

	// Web UI
	mux.HandleFunc("GET /{$}", s.handleSearchPage)
	mux.HandleFunc("GET /articles/{id}", s.handleArticlePage)
	mux.HandleFunc("GET /articles/{id}/raw", s.handleRawPage)
	mux.HandleFunc("GET /sources", s.handleSourcesPage)
	mux.HandleFunc("GET /topics", s.handleTopicsPage)
	mux.HandleFunc("GET /static/{file}", s.handleStatic)
	mux.HandleFunc("/", s.handleNotFoundPage)
}
