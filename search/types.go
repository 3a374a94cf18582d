// Package search turns what researchers and journalists type into bleve
// queries over the govnews index: Vietnamese-aware query syntax, filters,
// facets, snippets, cursor pagination and full exports. The CLI and the
// HTTP server share it.
package search

import (
	"fmt"
	"time"
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"     // newest first
	SortDateAsc   = "date_asc" // oldest first
)

// Facet names in Result.Facets.
const (
	FacetProvince = "province"
	FacetSource   = "source"
	FacetTopic    = "topic"
	FacetMonth    = "month" // "2022-11": the timeline
	FacetAgency   = "agency"
)

// Request is one search. The zero value (plus a Query) is a valid request.
type Request struct {
	Query     string    // the user's query, see Parse for the syntax
	Provinces []string  // old or new names, diacritics optional
	Sources   []string  // source ids
	Topics    []string  // topic ids
	Agencies  []string  // agency names
	From, To  time.Time // published date range, inclusive days; zero = open
	Sort      string    // SortRelevance (default), SortDate, SortDateAsc
	Limit     int       // hits per page; 0 = DefaultLimit, max MaxLimit
	Cursor    string    // Result.NextCursor of the previous page
	Facets    bool      // compute facet counts
	Snippets  bool      // compute highlighted snippets
	// Collapse lists one hit per near-duplicate group, its best-ranked
	// member (collapse.go); the API, UI and CLI turn it on by default.
	Collapse bool
	Group    string // only the articles of this near-duplicate group

	relax int // how far a long query's soft AND was loosened (softand.go)
}

// Limits on Request.Limit.
const (
	DefaultLimit = 20
	MaxLimit     = 1000
)

// Hit is one matching article. Every key is always present (a script
// reads hit["topics"] without a check), "" or [] when the article has
// none, except published, absent when the page showed no date.
type Hit struct {
	ID          string    `json:"id"`
	URL         string    `json:"url"`
	Title       string    `json:"title"`
	Published   time.Time `json:"published,omitzero"`
	Source      string    `json:"source"`
	SourceName  string    `json:"source_name"`
	Province    string    `json:"province"`
	ProvinceNow string    `json:"province_now"`
	Agency      string    `json:"agency"`
	Topics      []string  `json:"topics"`
	Score       float64   `json:"score"`
	// Group is the hit's near-duplicate group; Copies how many other
	// articles that group has, whether or not they match (collapse.go).
	Group  string `json:"group"`
	Copies int    `json:"copies"`
	// Snippet is HTML: the text is escaped and the matched words of the
	// original (accented) text are wrapped in <mark>…</mark>; "" when
	// snippets were not asked for.
	Snippet string `json:"snippet"`
}

// FacetCount is one value of a facet and how many hits have it.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Result is one page of a search.
type Result struct {
	Total      uint64                  `json:"total"`
	Hits       []Hit                   `json:"hits"`
	Facets     map[string][]FacetCount `json:"facets,omitempty"`
	NextCursor string                  `json:"next_cursor,omitempty"`
	// Collapsed says the hits are one per near-duplicate group; Counts
	// says what Total and the facet counts count: always "articles"
	// (collapsed or not, every matching article is counted).
	Collapsed bool   `json:"collapsed"`
	Counts    string `json:"counts"`
	// Loosened: a long query that found nothing as typed was run again
	// needing fewer of its words, this many times (each halves them); 0
	// when the hits hold what the soft AND asks.
	Loosened int           `json:"loosened,omitempty"`
	Took     time.Duration `json:"-"`
	TookMS   float64       `json:"took_ms"`
}

// Error is a bad request: Param names what was wrong ("q", "limit", "from",
// "sort", "cursor" …) so the CLI and the HTTP API can say so.
type Error struct {
	Param string
	Msg   string
}

func (e *Error) Error() string { return fmt.Sprintf("search: %s: %s", e.Param, e.Msg) }
