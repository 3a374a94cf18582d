package main

import (
	"fmt"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/govnews/govnews/index"
)

func newRetagCmd(a *app) *cobra.Command {
	var df dataFlags
	cmd := &cobra.Command{
		Use:   "retag [--data DIR] [--topics FILE]",
		Short: "Re-apply the topics to every stored article (after editing topics.yaml)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openExistingStore(df)
			if err != nil {
				return err
			}
			defer st.Close()
			total, err := st.ix.Count()
			if err != nil {
				return err
			}
			var bar *progressbar.ProgressBar
			if a.stderrIsTerminal() {
				bar = progressbar.Default(int64(total), "retagging")
			}
			// Collect changed articles first: rewriting while paging through
			// the index by id would be safe, but batches are cheaper.
			var batch []index.Article
			changed, seen := 0, 0
			flush := func() error {
				if len(batch) == 0 {
					return nil
				}
				err := st.ix.Put(batch...)
				batch = batch[:0]
				return err
			}
			err = st.ix.All(func(art index.Article) error {
				seen++
				if bar != nil {
					_ = bar.Add(1)
				}
				if err := cmd.Context().Err(); err != nil {
					return err
				}
				old := fmt.Sprint(art.Topics)
				if fmt.Sprint(st.topics.Topics(&art)) == old {
					return nil
				}
				changed++
				batch = append(batch, art)
				if len(batch) >= importBatch {
					return flush()
				}
				return nil
			})
			if err == nil {
				err = flush()
			}
			if err != nil {
				return fmt.Errorf("retag: %w", err)
			}
			fmt.Fprintf(a.stderr, "retag: %d articles, %d retagged\n", seen, changed)
			return nil
		},
	}
	df.register(cmd.Flags())
	return cmd
}
