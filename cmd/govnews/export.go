package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search"
)

// filterFlags are the search filters shared by search and export.
type filterFlags struct {
	provinces, sources, topics, agencies []string
	from, to, sort                       string
}

func (f *filterFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringSliceVar(&f.provinces, "province", nil, "only this province (old or new name; repeatable)")
	fs.StringSliceVar(&f.sources, "source", nil, "only this source id (repeatable)")
	fs.StringSliceVar(&f.topics, "topic", nil, "only this topic id (repeatable)")
	fs.StringSliceVar(&f.agencies, "agency", nil, "only this agency, as the articles name it, in any case, diacritics optional (repeatable)")
	fs.StringVar(&f.from, "from", "", "published on or after this date (YYYY-MM-DD, DD/MM/YYYY, YYYY-MM, YYYY)")
	fs.StringVar(&f.to, "to", "", "published on or before this date")
	fs.StringVar(&f.sort, "sort", "", "relevance (default with a query) or date (newest first) or date_asc")
}

func (f *filterFlags) request(args []string) (search.Request, error) {
	req := search.Request{Query: strings.Join(args, " "), Provinces: f.provinces, Sources: f.sources, Topics: f.topics, Agencies: f.agencies, Sort: f.sort}
	var err error
	if f.from != "" {
		if req.From, err = search.ParseDate(f.from); err != nil {
			return req, usageError("--from: %v", err)
		}
	}
	if f.to != "" {
		if req.To, err = search.ParseDateEnd(f.to); err != nil {
			return req, usageError("--to: %v", err)
		}
	}
	return req, nil
}

// checkFilters reports a filter flag whose value names nothing
// (--province Nowhere) as a usage error naming the flag and the value,
// rather than an empty result.
func checkFilters(st *store, req search.Request) error {
	err := st.searcher.CheckFilterValues(req, nil)
	var se *search.Error
	if errors.As(err, &se) {
		if se.Param == "q" { // a filter written in the query
			return usageError("query: %s", se.Msg)
		}
		return usageError("--%s: %s", se.Param, se.Msg)
	}
	return err
}

// asUsage turns a search request error (bad query, sort …) into exit 2.
func asUsage(err error) error {
	if se, ok := err.(*search.Error); ok {
		switch se.Param {
		case "q":
			return usageError("query: %s", se.Msg)
		case "cursor", "sort", "from", "to", "limit", "province", "source", "topic", "agency", "group":
			return usageError("--%s: %s", se.Param, se.Msg) // the flag of that name
		}
		return usageError("%v", se)
	}
	return err
}

func newExportCmd(a *app) *cobra.Command {
	var df dataFlags
	var ff filterFlags
	cmd := &cobra.Command{
		Use:   "export [--data DIR] [filters] [QUERY]",
		Short: "Write matching articles (all by default) as JSON Lines to stdout",
		Long: `Export writes every article matching the query and filters, one JSON object
per line, in the import schema: export → import → export gives the same
file, except that a near-duplicate group of several articles may be named
by another of its members (the member stored first names the group; see
docs/dedup.md). Results are streamed page by page, so exporting millions of
articles uses little memory. Without a query, articles come newest first.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := ff.request(args)
			if err != nil {
				return err
			}
			st, err := openExistingStore(df)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := checkFilters(st, req); err != nil {
				return err
			}
			w := bufio.NewWriterSize(a.stdout, 256*1024)
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			n := 0
			err = st.searcher.Export(cmd.Context(), req, func(art index.Article) error {
				n++
				return enc.Encode(art)
			})
			if ferr := w.Flush(); err == nil {
				err = ferr
			}
			if err != nil {
				return asUsage(err)
			}
			a.logger().Debug("export done", "articles", n)
			fmt.Fprintf(a.stderr, "export: %d articles\n", n)
			return nil
		},
	}
	df.register(cmd.Flags())
	ff.register(cmd)
	return cmd
}
