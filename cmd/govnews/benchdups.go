package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
	"github.com/govnews/govnews/index/neardup"
	"github.com/govnews/govnews/index/neardup/dupeval"
)

// newBenchDupsCmd is `govnews bench dups`: the near-duplicate evaluation
// (docs/dedup.md).
func newBenchDupsCmd(a *app) *cobra.Command {
	var (
		originals, lookAlikes, articles, importRuns, rounds int
		viNews, work                                        string
		existing, byShapeOut                                bool
		seed                                                uint64
		mem                                                 memoryLimitFlag
	)
	cmd := &cobra.Command{
		Use:   "dups [--originals N] [--lookalikes N] [--articles N] [--vi-news FILE]",
		Short: "Measure near-duplicate groups: pair precision and recall, import cost, collapsed query latency",
		Long: `Dups builds a deterministic evaluation: --originals articles from vi-news
(../shared/benchdata/vi-news when present, else generated), each with 0–5
copies made the ways portals republish (retitled, byline or source line,
first or last paragraph dropped, NFD, the other tone-mark style,
whitespace and punctuation, a sentence added), --lookalikes templated
pairs that must stay apart (bulletins, two communes, two decisions; half
of them short), and more vi-news articles without copies up to --articles
in all, shuffled. It imports them as govnews import does, with groups and
without (--import-runs times each, alternating), scores the groups (pair
precision and recall over every pair of articles; look-alike pairs
merged) and times the benchmark's query shapes collapsed and not.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if viNews == "" {
				viNews = corpus.FindViNews(".")
			}
			var pool []index.Article
			label := "generated"
			if viNews != "" {
				var err error
				if pool, err = corpus.ReadViNews(viNews, 0); err != nil {
					return err
				}
				label = "vi-news"
			}
			gen := corpus.NewGenerator(uint64(seed))
			for len(pool) < articles {
				pool = append(pool, gen.Next())
			}
			if originals > len(pool) {
				return usageError("--originals %d: the corpus has %d articles", originals, len(pool))
			}
			set := dupeval.Build(pool[:originals], lookAlikes, seed)
			fill := max(0, articles-len(set.Articles))
			set = dupeval.BuildWith(pool[:originals], pool[originals:min(len(pool), originals+fill)], lookAlikes, seed)
			fmt.Fprintf(a.stdout, "evaluation (%s): %d originals, %d copies, %d look-alike pairs, %d articles without copies; %d articles\n",
				label, set.Originals, set.Copies, len(set.LookAlikes), set.Extra, len(set.Articles))

			if work == "" {
				dir, err := os.MkdirTemp("", "govnews-benchdups-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				work = dir
			}
			restoreMem, err := mem.apply()
			if err != nil {
				return err
			}
			rates := map[bool][]float64{}
			sizes := map[bool]int64{}
			cpus := map[bool][]float64{} // CPU ms per article: what a busy machine's wall clock hides
			kept := ""
			if existing {
				importRuns = 0
				kept = filepath.Join(work, "groups-true-0")
			}
			for run := 0; run < importRuns; run++ {
				order := []bool{true, false}
				if run%2 == 1 {
					order = []bool{false, true}
				}
				for _, on := range order {
					dir := filepath.Join(work, fmt.Sprintf("groups-%v-%d", on, run))
					cpu0 := processCPU()
					rate, took, grouping, err := importSet(ctx, dir, set.Articles, on)
					cpu := processCPU() - cpu0
					if err != nil {
						return err
					}
					rates[on] = append(rates[on], rate)
					cpus[on] = append(cpus[on], float64(cpu.Microseconds())/1000/float64(len(set.Articles)))
					if on {
						fmt.Fprintf(a.stdout, "import run %d: assigning groups took %.1f s of %.1f s (%.1f %%)\n", run+1, grouping.Seconds(), took.Seconds(), 100*grouping.Seconds()/took.Seconds())
					}
					sizes[on] = dirSize(dir)
					fmt.Fprintf(a.stderr, "import run %d, groups %v: %.0f articles/s, %.2f CPU ms per article\n", run+1, on, rate, float64(cpu.Microseconds())/1000/float64(len(set.Articles)))
					if on && kept == "" {
						kept = dir
					} else {
						os.RemoveAll(dir)
					}
				}
			}
			restoreMem()
			on, off := median(rates[true]), median(rates[false])
			if !existing {
				fmt.Fprintf(a.stdout, "import: %.0f articles/s with groups, %.0f without (median of %d runs each): %+.1f %%\n", on, off, importRuns, 100*(on-off)/off)
				con, coff := median(cpus[true]), median(cpus[false])
				fmt.Fprintf(a.stdout, "import CPU: %.2f ms per article with groups, %.2f without (median): %+.1f %%\n", con, coff, 100*(con-coff)/coff)
				fmt.Fprintf(a.stdout, "index size: %.1f MiB with groups, %.1f MiB without (before merges settle)\n", float64(sizes[true])/(1<<20), float64(sizes[false])/(1<<20))
			}

			st, err := openStore(dataFlags{data: kept})
			if err != nil {
				return err
			}
			defer st.Close()
			groups := map[string]string{}
			if err := st.ix.All(func(art index.Article) error { groups[art.URL] = art.Group; return nil }); err != nil {
				return err
			}
			rep := set.Score(groups)
			fmt.Fprintf(a.stdout, "groups: %s\n", rep)
			fmt.Fprintf(a.stdout, "parameters: %d-word shingles, %d bands of %d, short below %d words, at most %d candidates compared\n", neardup.Shingle, neardup.Bands, neardup.Rows, neardup.ShortWords, 4)
			for _, p := range rep.MergedExamples {
				fmt.Fprintf(a.stdout, "  merged look-alikes: %s %s\n", p[0], p[1])
			}

			if _, err := st.ix.WaitMerges(ctx, 3*time.Second); err != nil {
				return err
			}
			lat := map[bool][]time.Duration{}
			byShape := map[string]map[bool][]time.Duration{}
			for round := 0; round < rounds; round++ {
				for _, shape := range benchShapes {
					if byShape[shape.name] == nil {
						byShape[shape.name] = map[bool][]time.Duration{}
					}
					for _, r := range shape.reqs {
						r.Facets, r.Snippets = true, true // as the API asks
						for _, collapse := range []bool{true, false} {
							r.Collapse = collapse
							started := time.Now()
							if _, err := st.searcher.Search(ctx, r); err != nil {
								return fmt.Errorf("query %q: %w", r.Query, err)
							}
							if round > 0 { // the first round warms caches
								d := time.Since(started)
								lat[collapse] = append(lat[collapse], d)
								byShape[shape.name][collapse] = append(byShape[shape.name][collapse], d)
							}
						}
					}
				}
			}
			if byShapeOut {
				for _, shape := range benchShapes {
					l := byShape[shape.name]
					on, off := slices.Sorted(slices.Values(l[true])), slices.Sorted(slices.Values(l[false]))
					fmt.Fprintf(a.stdout, "  %-20s collapsed p50 %s p99 %s · not %s / %s\n", shape.name, ms(pct(on, 50)), ms(pct(on, 99)), ms(pct(off, 50)), ms(pct(off, 99)))
				}
			}
			n, _ := st.ix.Count()
			for _, collapse := range []bool{true, false} {
				l := lat[collapse]
				slices.Sort(l)
				fmt.Fprintf(a.stdout, "queries at %d articles, collapse=%v: %d timed, p50 %s, p99 %s\n", n, collapse, len(l), ms(pct(l, 50)), ms(pct(l, 99)))
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&originals, "originals", 2000, "originals that get 0–5 copies")
	cmd.Flags().IntVar(&lookAlikes, "lookalikes", 600, "templated look-alike pairs")
	cmd.Flags().IntVar(&articles, "articles", 20000, "articles in all: vi-news articles without copies fill up to it")
	cmd.Flags().IntVar(&importRuns, "import-runs", 2, "imports with and without groups (alternating)")
	cmd.Flags().IntVar(&rounds, "rounds", 4, "rounds of the query shapes (the first warms up)")
	cmd.Flags().StringVar(&viNews, "vi-news", "", "vi-news JSONL (default: found under ../shared)")
	cmd.Flags().StringVar(&work, "work", "", "directory for the indexes (default: a temporary one, removed)")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed of the copies, look-alikes and order")
	cmd.Flags().BoolVar(&existing, "existing", false, "reuse the grouped index an earlier run left in --work (no imports)")
	cmd.Flags().BoolVar(&byShapeOut, "by-shape", false, "print latency per query shape")
	mem.register(cmd.Flags())
	return cmd
}

// importSet stores articles into a new index in dir as govnews import
// does, with or without groups, and returns articles per second.
func importSet(ctx context.Context, dir string, arts []index.Article, groups bool) (float64, time.Duration, time.Duration, error) {
	st, err := openStore(dataFlags{data: dir})
	if err != nil {
		return 0, 0, 0, err
	}
	defer st.Close()
	st.ix.SetNearDuplicates(groups)
	started := time.Now()
	w := st.ix.NewWriter(importBatch)
	for _, art := range arts {
		if err := ctx.Err(); err != nil {
			_ = w.Close()
			return 0, 0, 0, err
		}
		if err := w.Add(art); err != nil {
			return 0, 0, 0, err
		}
	}
	if err := w.Close(); err != nil {
		return 0, 0, 0, err
	}
	el := time.Since(started)
	return float64(len(arts)) / el.Seconds(), el, st.ix.GroupingTime(), nil
}

// processCPU is the CPU time (user and system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
