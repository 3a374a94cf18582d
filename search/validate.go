package search

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/vietnamese"
)

// This file holds request checks the callers (the CLI and search/web) run
// before a search: that a cursor belongs to the search it is given with, and
// that every filter value names something that exists. They live apart from
// the searcher so that they can change without touching the ranking.

// The searcher's own cursor knows only the sort and the last hit's sort
// values, so a cursor taken from another query (same sort) would silently
// continue the wrong result list. BindCursor prefixes it with a hash of the
// query and filters it was made for; UnbindCursor checks that hash.
const cursorSep = "."

// requestKey is the hash of what selects and orders a result list: not the
// page size (a reader may change it between pages), nor the cursor.
func requestKey(req Request) string {
	norm := func(vals []string) string {
		out := make([]string, 0, len(vals))
		for _, v := range vals {
			if v = strings.TrimSpace(vietnamese.NFC(v)); v != "" {
				out = append(out, v)
			}
		}
		slices.Sort(out)
		return strings.Join(out, "\x1f")
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(index.Zone).Format("2006-01-02")
	}
	sort := req.Sort
	if sort == "" {
		sort = SortRelevance
	}
	h := sha256.New()
	parts := []string{strings.TrimSpace(vietnamese.NFC(req.Query)), norm(req.Provinces), norm(req.Sources), norm(req.Topics), norm(req.Agencies), day(req.From), day(req.To), sort}
	if req.Collapse || req.Group != "" {
		parts = append(parts, fmt.Sprint(req.Collapse), req.Group) // collapse.go
	}
	for _, part := range parts {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}

// BindCursor returns next (a Result's NextCursor for req) bound to req.
func BindCursor(req Request, next string) string {
	if next == "" {
		return ""
	}
	return requestKey(req) + cursorSep + next
}

// UnbindCursor checks that req.Cursor was made by BindCursor for the same
// query, filters and sort, and returns req with the searcher's own cursor.
// A cursor of another search, or a malformed one, is an *Error naming
// "cursor".
func UnbindCursor(req Request) (Request, error) {
	if req.Cursor == "" {
		return req, nil
	}
	key, inner, ok := strings.Cut(req.Cursor, cursorSep)
	if !ok || inner == "" {
		return req, &Error{Param: "cursor", Msg: "not a cursor (take next_cursor from the previous page)"}
	}
	if key != requestKey(req) {
		return req, &Error{Param: "cursor", Msg: "a cursor of another search (it continues only the query, filters and sort it came with)"}
	}
	req.Cursor = inner
	return req, nil
}

// CheckFilterValues reports a filter value that names nothing: a province
// that is neither in the province table nor on any stored article, a topic
// that is neither configured nor on any article, a source or agency no
// stored article has. Without the check such a value gives 0 results, which
// reads as "nothing was published" rather than "you mistyped". known, when
// not nil, says a value is valid without looking at the index (the sources
// of the serve command's config, which may have no articles yet). The error
// is an *Error naming the parameter ("province", "source", "topic",
// "agency"); a filter written inside the query (province:…, -source:…)
// is checked the same way, as an *Error naming "q".
func (s *Searcher) CheckFilterValues(req Request, known func(param, value string) bool) error {
	req.Agencies = s.canonicalAgencies(req.Agencies) // "so kh&cn" names "Sở KH&CN"
	if err := s.checkFilterValues(req, known, ""); err != nil {
		return err
	}
	q, err := s.Parse(req.Query)
	if err != nil || q == nil {
		return nil // the search itself reports a query it cannot read
	}
	inQuery := Request{Provinces: append(q.Provinces, q.NotProvinces...), Sources: append(q.Sources, q.NotSources...),
		Topics: append(q.Topics, q.NotTopics...), Agencies: append(q.Agencies, q.NotAgencies...)}
	return s.checkFilterValues(inQuery, known, "q")
}

// checkFilterValues checks req's filter values; in, when set, is the
// parameter the values were written in (the query).
func (s *Searcher) checkFilterValues(req Request, known func(param, value string) bool, in string) error {
	provinceListed := func(string) bool { return false }
	if p := s.ix.Provinces(); p != nil {
		provinceListed = p.Known
	}
	checks := []struct {
		param  string
		values []string
		field  string
		key    func(string) string
		listed func(string) bool
		what   string
	}{
		{"province", req.Provinces, index.FieldProvinceKeys, index.ProvinceKey, provinceListed, "province"},
		{"source", req.Sources, index.FieldSource, strings.TrimSpace, nil, "source id"},
		{"topic", req.Topics, index.FieldTopics, strings.TrimSpace, s.topicKnown, "topic id"},
		{"agency", req.Agencies, index.FieldAgency, vietnamese.NFC, nil, "agency"},
	}
	for _, c := range checks {
		var terms map[string]int
		// A value may be a comma list (province=a,b; province:"a,b" in
		// the query; an agency stored under two spellings), as the
		// filter reads it.
		var values []string
		for _, v := range c.values {
			values = append(values, strings.Split(v, ",")...)
		}
		for _, v := range values {
			v = strings.TrimSpace(v)
			if v == "" || (known != nil && known(c.param, v)) || (c.listed != nil && c.listed(v)) {
				continue
			}
			if terms == nil {
				var err error
				if terms, err = s.ix.TermCounts(c.field); err != nil {
					return fmt.Errorf("search: check %s: %w", c.param, err)
				}
			}
			if terms[c.key(v)] == 0 {
				if in != "" {
					return &Error{Param: in, Msg: fmt.Sprintf("%s:%q: %q is not a known %s (no stored article has it)", c.param, v, v, c.what)}
				}
				return &Error{Param: c.param, Msg: fmt.Sprintf("%q is not a known %s (no stored article has it)", v, c.what)}
			}
		}
	}
	return nil
}

// topicKnown says whether id is a configured topic.
func (s *Searcher) topicKnown(id string) bool {
	if s.opts.Topics == nil {
		return false
	}
	for _, t := range s.opts.Topics.List() {
		if t.ID == id {
			return true
		}
	}
	return false
}

// ValidID says whether s can be an article or group id: lower-case hex
// digits, at most 64.
func ValidID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// CheckGroup checks a near-duplicate group id as a hit carries it: a
// mistyped one is an error naming group, not zero results.
func CheckGroup(g string) error {
	if !ValidID(g) {
		return &Error{Param: "group", Msg: fmt.Sprintf("%q is not a group id (a hit's group: hex digits)", g)}
	}
	return nil
}
