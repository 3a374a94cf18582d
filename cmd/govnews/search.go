package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/govnews/govnews/search"
)

func newSearchCmd(a *app) *cobra.Command {
	var df dataFlags
	var ff filterFlags
	var asJSON, noCollapse bool
	var group string
	var limit int
	var cursor string
	cmd := &cobra.Command{
		Use:   "search [--data DIR] [--json] [--limit N] [filters] [QUERY]",
		Short: "Search the index (diacritics optional)",
		Long: `Search the index. Query syntax:
  words                 all must match; diacritics optional ("bi thu" finds "Bí thư")
  "quoted phrase"       words next to each other
  -word  -"phrase"      exclude
  a OR b                either
  NOT x  AND            -x; AND changes nothing (capitals, as other engines take them)
  province:"Bến Tre"    filters: province: source: topic: agency: ref: from: to:
Abbreviations match their expansions both ways (UBND ↔ ủy ban nhân dân).
Document numbers are searched as written: 250/QĐ-SKHCN.
A query that starts with an exclusion needs -- first: govnews search -- '-x y'.
A question or a pasted sentence (more than six words) needs only some of its
words; a query is at most 1,000 characters (some 200 syllables: a paragraph
of a decree, not a whole page).
Without a query, the filters alone list their articles, newest first;
--sort alone lists every article in its order (--sort date_asc: the oldest).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := ff.request(args)
			if err != nil {
				return err
			}
			// Nothing at all is most likely a forgotten query; a sort
			// asked for lists every article in that order (the oldest:
			// --sort date_asc).
			if req.Query == "" && len(req.Provinces)+len(req.Sources)+len(req.Topics)+len(req.Agencies) == 0 && req.From.IsZero() && req.To.IsZero() && group == "" && !cmd.Flags().Changed("sort") {
				return usageError("give a query, a filter, a --sort, or any of them together (govnews search --help)")
			}
			if group != "" {
				if err := search.CheckGroup(group); err != nil {
					return usageError("--group: %s", err.(*search.Error).Msg)
				}
			}
			if limit < 1 || limit > search.MaxLimit {
				return usageError("--limit %d: must be 1..%d", limit, search.MaxLimit)
			}
			req.Limit, req.Cursor, req.Facets, req.Snippets = limit, cursor, asJSON, true
			req.Collapse, req.Group = !noCollapse, group // near-duplicate groups (docs/dedup.md)
			// The printed cursor is bound to this query and these filters
			// (as the API's): one from another search is an error.
			if req, err = search.UnbindCursor(req); err != nil {
				return usageError("--cursor: %s", err.(*search.Error).Msg)
			}
			st, err := openExistingStore(df)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := checkFilters(st, req); err != nil {
				return err
			}
			res, err := st.searcher.Search(cmd.Context(), req)
			if err != nil {
				return asUsage(err)
			}
			if res.NextCursor != "" {
				bound := *res
				bound.NextCursor = search.BindCursor(req, res.NextCursor)
				res = &bound
			}
			if asJSON {
				return writeSearchJSON(a, res)
			}
			writeSearchText(a, res)
			return nil
		},
	}
	df.register(cmd.Flags())
	ff.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: total, hits, facets, next_cursor")
	cmd.Flags().IntVar(&limit, "limit", 10, "hits to show")
	cmd.Flags().StringVar(&cursor, "cursor", "", "continue after the page that printed this next_cursor")
	cmd.Flags().BoolVar(&noCollapse, "no-collapse", false, "list every republished copy, not one hit per story")
	cmd.Flags().StringVar(&group, "group", "", "only the articles of this near-duplicate group (a hit's group)")
	return cmd
}

func writeSearchJSON(a *app, res *search.Result) error {
	// The API's hit (docs/server.md), every key present, with the date
	// as text (absent when the page showed none) and the snippet's
	// matches in [brackets]: the outer fields hide the Hit's own.
	type hit struct {
		search.Hit
		Published string `json:"published,omitempty"`
		Snippet   string `json:"snippet"`
	}
	out := struct {
		Total      uint64                         `json:"total"`
		Collapsed  bool                           `json:"collapsed"`
		Counts     string                         `json:"counts"`
		TookMS     float64                        `json:"took_ms"`
		Hits       []hit                          `json:"hits"`
		Facets     map[string][]search.FacetCount `json:"facets"`
		NextCursor string                         `json:"next_cursor,omitempty"`
		Loosened   int                            `json:"loosened,omitempty"`
	}{Total: res.Total, Collapsed: res.Collapsed, Counts: res.Counts, TookMS: res.TookMS, Hits: []hit{}, Facets: res.Facets, NextCursor: res.NextCursor, Loosened: res.Loosened}
	for _, h := range res.Hits {
		pub := ""
		if !h.Published.IsZero() {
			pub = h.Published.Format("2006-01-02T15:04:05Z07:00")
		}
		out.Hits = append(out.Hits, hit{Hit: h, Published: pub, Snippet: search.PlainSnippet(h.Snippet, "[", "]")})
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeSearchText(a *app, res *search.Result) {
	fmt.Fprintf(a.stdout, "%d articles (%.1f ms)\n", res.Total, res.TookMS)
	if res.Loosened > 0 {
		fmt.Fprintln(a.stdout, "(no article held enough of the words: these hold fewer)")
	}
	for i, h := range res.Hits {
		date := "no date"
		if !h.Published.IsZero() {
			date = h.Published.Format("02/01/2006")
		}
		src := h.SourceName
		if src == "" {
			src = h.Source
		}
		meta := []string{date}
		for _, m := range []string{src, h.Province} {
			if m != "" {
				meta = append(meta, m)
			}
		}
		fmt.Fprintf(a.stdout, "\n%d. %s\n   %s\n   %s\n   %s\n", i+1, h.Title, strings.Join(meta, " · "), h.URL, search.PlainSnippet(h.Snippet, "[", "]"))
		if h.Copies > 0 && res.Collapsed {
			fmt.Fprintf(a.stdout, "   +%d copies elsewhere: --no-collapse --group %s\n", h.Copies, h.Group)
		}
	}
	if res.NextCursor != "" {
		fmt.Fprintf(a.stdout, "\nmore: --cursor %s\n", res.NextCursor)
	}
}
