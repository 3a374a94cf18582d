package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/govnews/govnews/crawler/extract"
	"github.com/govnews/govnews/crawler/rawstore"
	"github.com/govnews/govnews/index"
)

const reindexBatch = 200

func newReindexCmd(a *app) *cobra.Command {
	var df dataFlags
	var file string
	var reextract bool
	cmd := &cobra.Command{
		Use:   "reindex --data DIR [--reextract] [--config FILE]",
		Short: "Store every article again; with --reextract, re-run extraction over the stored pages",
		Long: `Store every article of the index again, so that a new analysis, new topics
or a new province table apply to it. With --reextract, the article's text is
first extracted again from the page kept in DATA/raw when it was crawled
(with the source's selectors from --config), so an extractor upgrade reaches
old articles without fetching anything. Articles without a stored page
(imported ones) and pages the extractor no longer reads as an article keep
their current text.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReindex(cmd.Context(), a, df, file, reextract)
		},
	}
	df.register(cmd.Flags())
	cmd.Flags().BoolVar(&reextract, "reextract", false, "extract again from the stored raw pages")
	cmd.Flags().StringVar(&file, "config", "", "sources file with per-source selectors (default: the shipped configs/sources.yaml)")
	return cmd
}

func runReindex(ctx context.Context, a *app, df dataFlags, file string, reextract bool) error {
	selectors := map[string]extract.Selectors{}
	if reextract {
		srcs, err := loadSourcesFile(file, df.provinces)
		if err != nil {
			return err
		}
		for _, s := range srcs {
			selectors[s.ID] = extract.Selectors(s.Selectors)
		}
	}
	st, err := openStore(df)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	defer st.Close()
	raw, err := rawstore.Open(df.data + "/raw")
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	log := a.logger()
	var total, changed, noRaw, kept int
	var batch []index.Article
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := st.ix.Put(batch...)
		batch = batch[:0]
		return err
	}
	// All pages through the index by id; Put keeps ids, so writing while
	// iterating neither skips nor repeats an article.
	err = st.ix.All(func(old index.Article) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("interrupted after %d articles (stored ones are kept; run it again to finish): %w", total, err)
		}
		u := old.URL
		total++
		art := old
		if reextract {
			page, ct, err := raw.Get(u)
			switch {
			case errors.Is(err, rawstore.ErrNotFound):
				noRaw++
			case err != nil:
				return err
			default:
				res, err := extract.Extract(u, page, ct, extract.Options{Selectors: selectors[old.Source]})
				if err != nil || res.Kind != extract.KindArticle || res.Body == "" {
					kept++
					log.Warn("reindex: page no longer extracts as an article; keeping the stored text", "url", u, "err", err)
					break
				}
				art = res.Article()
				art.URL = old.URL
				art.Source, art.SourceName, art.Province, art.ProvinceNow, art.Agency, art.FetchedAt = old.Source, old.SourceName, old.Province, old.ProvinceNow, old.Agency, old.FetchedAt
				if art.CanonicalURL == "" {
					art.CanonicalURL = old.CanonicalURL
				}
				if index.ContentHash(art.Title, art.Body) != old.ContentHash {
					changed++
				}
			}
		}
		art.ContentHash, art.Refs, art.Topics = "", nil, nil // recomputed by Put
		batch = append(batch, art)
		if len(batch) >= reindexBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	if reextract {
		fmt.Fprintf(a.stdout, "reindex: %d articles stored again; %d re-extracted, %d with changed text, %d without a stored page, %d kept as they were\n",
			total, total-noRaw-kept, changed, noRaw, kept)
	} else {
		fmt.Fprintf(a.stdout, "reindex: %d articles stored again\n", total)
	}
	return nil
}
