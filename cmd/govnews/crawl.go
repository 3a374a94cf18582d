package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/govnews/govnews/crawler"
	"github.com/govnews/govnews/crawler/sources"
)

func newCrawlCmd(a *app) *cobra.Command {
	var df dataFlags
	var file string
	var only []string
	var maxPages, parallel, batch int
	cmd := &cobra.Command{
		Use:   "crawl [--config FILE] [--data DIR] [--source ID]... [--max-pages N]",
		Short: "Crawl each source once and store its new and changed articles",
		Long: `Crawl every source of the sources file (default: the shipped
configs/sources.yaml), or only those named with --source, once, and exit.

The crawl is polite (robots.txt and its Crawl-delay, one request at a time
per host, at least the source's delay between requests, an identifying
User-Agent) and incremental: listing pages and feeds are fetched with
conditional GET and only articles not yet stored are fetched. Its state is
in DATA/crawl.db: an interrupted crawl (Ctrl-C, kill -9, a crash) resumes
where it stopped on the next run. The fetched page of every stored article
is kept, compressed, in DATA/raw.

Prints a summary per source. Exit status 3 when some source failed entirely
(e.g. its host is unreachable or its certificate is invalid), 1 when all did,
130 when stopped by Ctrl-C or SIGTERM (the next run resumes).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if maxPages < 0 {
				return usageError("crawl: --max-pages %d: must be 0 (no limit) or more", maxPages)
			}
			if batch < 1 {
				return usageError("crawl: --batch %d: must be 1 or more", batch)
			}
			if parallel < 1 {
				return usageError("crawl: --parallel %d: must be 1 or more", parallel)
			}
			srcs, err := loadSourcesFile(file, df.provinces)
			if err != nil {
				return err
			}
			srcs, err = pickSources(srcs, only)
			if err != nil {
				return err
			}
			return runCrawl(cmd.Context(), a, df, srcs, crawler.Config{MaxPages: maxPages, BatchSize: batch}, parallel)
		},
	}
	df.register(cmd.Flags())
	cmd.Flags().StringVar(&file, "config", "", "sources file (default: the shipped configs/sources.yaml)")
	cmd.Flags().StringArrayVar(&only, "source", nil, "crawl only this source id (repeatable)")
	cmd.Flags().IntVar(&maxPages, "max-pages", 0, "fetch at most N pages per source in this run (0: the source's own limit)")
	cmd.Flags().IntVar(&batch, "batch", 50, "articles per index write (a crash loses at most one batch of work, never stored articles)")
	cmd.Flags().IntVar(&parallel, "parallel", 4, "sources crawled at the same time (each host still gets one request at a time)")
	return cmd
}

// pickSources keeps the sources named by ids, in the file's order.
func pickSources(srcs []sources.Source, ids []string) ([]sources.Source, error) {
	if len(ids) == 0 {
		return srcs, nil
	}
	var out []sources.Source
	for _, id := range ids {
		i := slices.IndexFunc(srcs, func(s sources.Source) bool { return s.ID == id })
		if i < 0 {
			return nil, usageError("crawl: --source %q: no such source in the sources file (see govnews sources)", id)
		}
		out = append(out, srcs[i])
	}
	return out, nil
}

func runCrawl(ctx context.Context, a *app, df dataFlags, srcs []sources.Source, cfg crawler.Config, parallel int) error {
	st, err := openStore(df)
	if err != nil {
		return fmt.Errorf("crawl: %w", err)
	}
	defer st.Close()

	var bar *progressbar.ProgressBar
	var mu sync.Mutex // guards the counts and the bar: sources report from several goroutines
	pages, stored, errored := 0, 0, 0
	if a.stderrIsTerminal() {
		bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(a.stderr), progressbar.OptionSpinnerType(14),
			progressbar.OptionSetDescription("crawling"), progressbar.OptionClearOnFinish())
	}
	progress := func(e crawler.Event) {
		mu.Lock()
		defer mu.Unlock()
		pages++
		switch {
		case e.Result == "new" || e.Result == "updated":
			stored++
		case e.Result == "error":
			errored++
		}
		if bar != nil {
			bar.Describe(fmt.Sprintf("crawling: %d pages, %d stored; %s: %d queued", pages, stored, e.Source, e.Queued))
			bar.Add(1)
		}
	}
	stopProgress := a.logProgress("crawl: progress", func() []any {
		mu.Lock()
		defer mu.Unlock()
		// Pages handled (a page tried four times is one; the summary's
		// REQUESTS counts every request).
		return []any{"sources", len(srcs), "pages", pages, "stored", stored, "errors", errored}
	})
	defer stopProgress()
	cfg.Index, cfg.DataDir, cfg.Logger, cfg.Progress = st.ix, df.data, a.logger(), progress
	cr, err := crawler.New(cfg)
	if err != nil {
		return fmt.Errorf("crawl: %w", err)
	}
	defer cr.Close()

	sums := make([]crawler.Summary, len(srcs))
	errs := make([]error, len(srcs))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(parallel, len(srcs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				sums[i], errs[i] = cr.Crawl(ctx, srcs[i])
			}
		}()
	}
	for i := range srcs {
		if ctx.Err() != nil {
			sums[i] = crawler.Summary{Source: srcs[i].ID, Err: "not started: interrupted"}
			continue
		}
		work <- i
	}
	close(work)
	wg.Wait()
	stopProgress()
	if bar != nil {
		bar.Finish()
	}

	tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "SOURCE\tREQUESTS\tNEW\tUPDATED\tUNCHANGED\tERRORS\tTIME\t")
	failed, cut := 0, 0
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t\n", s.Source, s.Requests, s.New, s.Updated, s.Unchanged, s.Errors, s.Finished.Sub(s.Started).Round(100*time.Millisecond))
	}
	tw.Flush()
	for i, s := range sums {
		if s.Failed {
			failed++
			fmt.Fprintf(a.stderr, "crawl: source %q failed: %s\n", s.Source, s.Err)
		} else if s.Err != "" {
			fmt.Fprintf(a.stderr, "crawl: source %q: %s\n", s.Source, s.Err)
		}
		if s.HostPaused && !s.Failed {
			cut++
		}
		if errs[i] != nil {
			return fmt.Errorf("crawl: source %q: %w", srcs[i].ID, errs[i])
		}
	}
	switch {
	case ctx.Err() != nil:
		return errors.New("crawl: interrupted; the next run resumes where this one stopped")
	case failed > 0 && failed == len(srcs):
		return fmt.Errorf("crawl: every source failed")
	case failed > 0:
		return partial("crawl: %d of %d sources failed", failed, len(srcs))
	case cut > 0:
		// A host that failed page after page cut its source's run short:
		// not a success a script should take as "all fetched".
		return partial("crawl: %d of %d sources stopped early: their host kept failing (the rest waits for the next run)", cut, len(srcs))
	}
	return nil
}
