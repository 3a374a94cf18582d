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
	var mem memoryLimitFlag
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
			restore, err := mem.apply()
			if err != nil {
				return err
			}
			defer restore()
			return runReindex(cmd.Context(), a, df, file, reextract)
		},
	}
	df.register(cmd.Flags())
	mem.register(cmd.Flags())
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
	var changed, noRaw, kept int
	total, err := st.rewriteAll(ctx, a, "reindex", reindexBatch, func(old index.Article) (index.Article, bool, error) {
		if !reextract {
			return old, true, nil
		}
		u := old.URL
		page, ct, err := raw.Get(u)
		switch {
		case errors.Is(err, rawstore.ErrNotFound):
			noRaw++
			return old, true, nil
		case err != nil:
			return old, false, err
		}
		res, err := extract.Extract(u, page, ct, extract.Options{Selectors: selectors[old.Source]})
		if err != nil || res.Kind != extract.KindArticle || res.Body == "" {
			kept++
			log.Warn("reindex: page no longer extracts as an article; keeping the stored text", "url", u, "err", err)
			return old, true, nil
		}
		// As the crawl logs them (crawler/handle.go), with the URL.
		if res.Truncated {
			log.Warn("reindex: article body cut to the size cap", "url", u, "max_bytes", index.MaxBodyBytes)
		}
		if res.CharsetWarning != "" {
			log.Warn("reindex: charset header overruled", "url", u, "detail", res.CharsetWarning)
		}
		art := res.Article()
		art.URL = old.URL
		art.Source, art.SourceName, art.Province, art.ProvinceNow, art.Agency, art.FetchedAt = old.Source, old.SourceName, old.Province, old.ProvinceNow, old.Agency, old.FetchedAt
		if art.CanonicalURL == "" {
			art.CanonicalURL = old.CanonicalURL
		}
		if index.ContentHash(art.Title, art.Body) != old.ContentHash {
			changed++
		}
		return art, true, nil
	})
	if err != nil {
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
