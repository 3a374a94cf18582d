package web

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
	"github.com/govnews/govnews/search"
)

// maxQueryLen bounds the q parameter: a search box, not a document.
const maxQueryLen = 1000

// parseRequest turns URL parameters into a search request. Every bad value
// comes back as a *search.Error naming the parameter, which the handlers
// answer with a 400. Multi-valued filters accept repeated parameters and
// comma-separated lists (province=Huế&province=Đà Nẵng or source=a,b).
func parseRequest(v url.Values) (search.Request, error) {
	var req search.Request
	for name := range v {
		if name == "" {
			return req, &search.Error{Param: "(unnamed)", Msg: "a parameter with no name (a stray = in the URL?)"}
		}
		if !knownParams[name] {
			return req, &search.Error{Param: name, Msg: "unknown parameter"}
		}
		// A single-valued parameter given twice (a link edited by hand, a
		// form field doubled) would silently use one of them.
		if n := len(v[name]); n > 1 && !multiParams[name] {
			return req, &search.Error{Param: name, Msg: fmt.Sprintf("given %d times; it takes one value", n)}
		}
	}
	req.Query = strings.TrimSpace(vietnamese.NFC(v.Get("q")))
	if len([]rune(req.Query)) > maxQueryLen {
		return req, &search.Error{Param: "q", Msg: fmt.Sprintf("longer than %d characters", maxQueryLen)}
	}
	req.Provinces = list(v, "province")
	req.Sources = list(v, "source")
	req.Topics = list(v, "topic")
	req.Agencies = list(v, "agency")
	var err error
	if req.From, err = parseDay(v, "from"); err != nil {
		return req, err
	}
	if req.To, err = parseDay(v, "to"); err != nil {
		return req, err
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.To.Before(req.From) {
		return req, &search.Error{Param: "to", Msg: fmt.Sprintf("%s is before from (%s)", v.Get("to"), v.Get("from"))}
	}
	switch s := strings.TrimSpace(v.Get("sort")); s {
	case "", search.SortRelevance:
		req.Sort = search.SortRelevance
	case search.SortDate, "newest":
		req.Sort = search.SortDate
	case search.SortDateAsc, "oldest":
		req.Sort = search.SortDateAsc
	default:
		return req, &search.Error{Param: "sort", Msg: fmt.Sprintf("%q is not one of relevance, date, date_asc", s)}
	}
	if s := strings.TrimSpace(v.Get("limit")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return req, &search.Error{Param: "limit", Msg: fmt.Sprintf("%q is not a whole number", s)}
		}
		if n < 1 || n > search.MaxLimit {
			return req, &search.Error{Param: "limit", Msg: fmt.Sprintf("%d is outside 1..%d", n, search.MaxLimit)}
		}
		req.Limit = n
	}
	// Near-duplicate groups are collapsed unless collapse=false; group=ID
	// lists one group's articles (docs/dedup.md).
	switch c := strings.TrimSpace(v.Get("collapse")); c {
	case "", "true", "1":
		req.Collapse = true
	case "false", "0":
	default:
		return req, &search.Error{Param: "collapse", Msg: fmt.Sprintf("%q is not true or false", c)}
	}
	if g := strings.TrimSpace(v.Get("group")); g != "" {
		if err := search.CheckGroup(g); err != nil {
			return req, err
		}
		req.Group = g
	}
	req.Cursor = strings.TrimSpace(v.Get("cursor"))
	return req, nil
}

// filterChecker is the optional part of a Searcher that knows whether a
// filter value exists (*search.Searcher does).
type filterChecker interface {
	CheckFilterValues(req search.Request, known func(param, value string) bool) error
}

// parse is parseRequest plus the check that every filter value names
// something: province=Nowhere is a 400 naming province, not 0 results.
// Sources and topics of the server's config count as known even before
// any article of theirs is stored.
func (s *server) parse(v url.Values) (search.Request, error) {
	req, err := parseRequest(v)
	if err != nil {
		return req, err
	}
	// A province typed without diacritics ("Vinh Long") is shown, kept
	// in links and named in feed titles by its name ("Vĩnh Long").
	if table := s.ix.Provinces(); table != nil {
		for i, p := range req.Provinces {
			req.Provinces[i], _ = table.Resolve(p, "") // an unknown name stays as typed
		}
	}
	// The cursor a page hands out is bound to its query, filters and sort
	// (search.BindCursor) as read here, provinces by their names: one
	// from another search is a 400, not the wrong continuation, while the
	// next page of "province=ben tre" is the next page.
	if req, err = search.UnbindCursor(req); err != nil {
		return req, err
	}
	fc, ok := s.searcher.(filterChecker)
	if !ok {
		return req, nil
	}
	known := func(param, value string) bool {
		switch param {
		case "source":
			for _, src := range s.sources() {
				if src.ID == value {
					return true
				}
			}
		case "topic":
			_, ok := s.topicName[value]
			return ok
		}
		return false
	}
	return req, fc.CheckFilterValues(req, known)
}

// bindNext returns res with its next cursor bound to req, for a client to
// send back; res may be cached and shared, so it is copied, not changed.
func bindNext(req search.Request, res *search.Result) *search.Result {
	if res.NextCursor == "" {
		return res
	}
	out := *res
	out.NextCursor = search.BindCursor(req, res.NextCursor)
	return &out
}

// knownParams are the parameters any search endpoint accepts; an unknown
// one is most likely a typo ("provnce") that would silently widen a search.
var knownParams = map[string]bool{
	"q": true, "province": true, "source": true, "topic": true, "agency": true,
	"from": true, "to": true, "sort": true, "limit": true, "cursor": true,
	"format":   true,                // export
	"page":     true,                // the UI's page number, for display only
	"collapse": true, "group": true, // near-duplicate groups
}

// multiParams are the filters that take several values.
var multiParams = map[string]bool{"province": true, "source": true, "topic": true, "agency": true}

// list collects a multi-valued filter, NFC-normalised, without blanks.
func list(v url.Values, name string) []string {
	var out []string
	for _, raw := range v[name] {
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(vietnamese.NFC(s)); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// parseDay reads a date parameter as the CLI does (2024-03-15, 15/03/2024,
// 2024-03, 2024). A month or year means its first day for from and its last
// day for to, so from=2024&to=2024 is the whole year.
func parseDay(v url.Values, name string) (time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return time.Time{}, nil
	}
	parse := search.ParseDate
	if name == "to" {
		parse = search.ParseDateEnd
	}
	t, err := parse(s)
	if err != nil {
		return time.Time{}, &search.Error{Param: name, Msg: err.Error()}
	}
	return t, nil
}

// paramError extracts the parameter a bad request names, if it is one.
func paramError(err error) (*search.Error, bool) {
	var se *search.Error
	if errors.As(err, &se) {
		return se, true
	}
	return nil, false
}

// encodeRequest is the inverse of parseRequest, for links (next page, feed,
// export, facet filters). Zero fields are left out.
func encodeRequest(req search.Request) url.Values {
	v := url.Values{}
	if req.Query != "" {
		v.Set("q", req.Query)
	}
	for _, p := range req.Provinces {
		v.Add("province", p)
	}
	for _, s := range req.Sources {
		v.Add("source", s)
	}
	for _, t := range req.Topics {
		v.Add("topic", t)
	}
	for _, a := range req.Agencies {
		v.Add("agency", a)
	}
	if !req.From.IsZero() {
		v.Set("from", req.From.In(index.Zone).Format("2006-01-02"))
	}
	if !req.To.IsZero() {
		v.Set("to", req.To.In(index.Zone).Format("2006-01-02"))
	}
	if req.Sort != "" && req.Sort != search.SortRelevance {
		v.Set("sort", req.Sort)
	}
	if req.Limit != 0 {
		v.Set("limit", strconv.Itoa(req.Limit))
	}
	if !req.Collapse {
		v.Set("collapse", "false")
	}
	if req.Group != "" {
		v.Set("group", req.Group)
	}
	if req.Cursor != "" {
		v.Set("cursor", req.Cursor)
	}
	return v
}
