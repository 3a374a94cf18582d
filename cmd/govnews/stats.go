package main

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/govnews/govnews/search"
)

func newStatsCmd(a *app) *cobra.Command {
	var df dataFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats [--data DIR] [--json]",
		Short: "Count articles per province, source and topic; show the index size",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openExistingStore(df)
			if err != nil {
				return err
			}
			defer st.Close()
			// Every value of every facet: a search's facets list at most
			// the 50 largest sources, and sources.yaml alone has more.
			total, err := st.ix.Count()
			if err != nil {
				return err
			}
			by, err := st.searcher.WholeIndexCounts()
			if err != nil {
				return err
			}
			size := st.ix.SizeBytes()
			if asJSON {
				out := map[string]any{"articles": total, "index_bytes": size, "shards": len(st.ix.Shards()), "by": by}
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			fmt.Fprintf(a.stdout, "articles: %d\nindex size: %.1f MiB, shards: %d (%s)\n", total, float64(size)/(1<<20), len(st.ix.Shards()), st.ix.Dir())
			for _, name := range []string{search.FacetProvince, search.FacetSource, search.FacetTopic} {
				counts := by[name]
				sort.SliceStable(counts, func(i, j int) bool { return counts[i].Count > counts[j].Count })
				fmt.Fprintf(a.stdout, "\nby %s:\n", name)
				if len(counts) == 0 {
					fmt.Fprintln(a.stdout, "  (none)")
				}
				for _, c := range counts {
					fmt.Fprintf(a.stdout, "  %7d  %s\n", c.Count, c.Value)
				}
			}
			return nil
		},
	}
	df.register(cmd.Flags())
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
