package main

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/govnews/govnews/index"
)

func newRetagCmd(a *app) *cobra.Command {
	var df dataFlags
	var all bool
	var mem memoryLimitFlag
	cmd := &cobra.Command{
		Use:   "retag [--data DIR] [--topics FILE] [--all]",
		Short: "Re-apply the topics to every stored article (after editing topics.yaml)",
		Long: `Retag re-applies configs/topics.yaml (or --topics) to every stored article
and rewrites those whose topics changed, and those stored before
near-duplicate groups existed, which get their group (docs/dedup.md). With
--all it rewrites every article, which also rebuilds the fields a newer
govnews indexes and assigns every group again (run it once after an
upgrade that says so).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			restore, err := mem.apply()
			if err != nil {
				return err
			}
			defer restore()
			st, err := openExistingStore(df)
			if err != nil {
				return err
			}
			defer st.Close()
			if all {
				// Every article is written again: the word counts of the
				// length norm start from zero and count each once (an
				// import killed and run again had counted some twice).
				if err := st.ix.ResetLengths(); err != nil {
					return fmt.Errorf("retag: %w", err)
				}
			}
			changed := 0
			seen, err := st.rewriteAll(cmd.Context(), a, "retag", importBatch, func(art index.Article) (index.Article, bool, error) {
				// An article without a group was stored before groups:
				// rewriting it (through index.Put) gives it one.
				if !all && art.Group != "" && slices.Equal(st.topics.Topics(&art), art.Topics) {
					return art, false, nil
				}
				changed++
				return art, true, nil
			})
			if err != nil {
				return fmt.Errorf("retag: %w", err)
			}
			fmt.Fprintf(a.stderr, "retag: %d articles, %d rewritten\n", seen, changed)
			return nil
		},
	}
	df.register(cmd.Flags())
	mem.register(cmd.Flags())
	cmd.Flags().BoolVar(&all, "all", false, "rewrite every article, not only those whose topics changed")
	return cmd
}
