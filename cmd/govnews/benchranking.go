package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/index/corpus"
	"github.com/govnews/govnews/search/rankeval"
)

func newBenchRankingCmd(a *app) *cobra.Command {
	var (
		alqacDir  string
		reference bool
		work      string
		resultsTo string
		viNews    string
		fixture   string
		distract  int
		knownN    int
		byQuery   bool
		poolTo    string
		pooled    string
	)
	cmd := &cobra.Command{
		Use:   "ranking [--alqac DIR] [--reference] [--results FILE]",
		Short: "Measure ranking on ALQAC legal questions (written by others), beside bleve's default mapping",
		Long: `Ranking indexes the ALQAC collection (4,013 statute articles; --alqac, by default
../shared/benchdata/alqac when present) and runs its 1,330 questions as typed,
default sort, top 100, printing nDCG@10, MRR@10, recall at 10 and 100 and the
share of questions with no hit, per subset (alqac25-train, alqac22: tuning;
alqac25-private-test: held out), then runs them again typed without
diacritics ("dieu kien ket hon"), as journalists type. With --reference it runs bleve's default
mapping with TF-IDF and with BM25 on the same files in the same run.
--results writes the rankings as {"query id": [url, …]}, which ALQAC's
score.py also reads.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if alqacDir == "" {
				alqacDir = findShared("alqac")
			}
			if viNews == "" {
				viNews = corpus.FindViNews(".")
			}
			if work == "" {
				dir, err := os.MkdirTemp("", "govnews-ranking-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				work = dir
			}
			if err := a.benchFixture(fixtureRun{dir: fixture, viNews: viNews, n: distract, work: work, byQuery: byQuery, poolTo: poolTo, pooled: pooled}); err != nil {
				return err
			}
			if err := a.benchKnownItems(viNews, knownN, work); err != nil {
				return err
			}
			if alqacDir == "" {
				fmt.Fprintln(a.stdout, "ALQAC: not found (--alqac); skipped")
				return nil
			}
			arts, queries, err := rankeval.LoadALQAC(alqacDir)
			if err != nil {
				return err
			}
			st, err := buildBenchStore(filepath.Join(work, "alqac"), arts)
			if err != nil {
				return err
			}
			defer st.Close()
			fmt.Fprintf(a.stdout, "ALQAC: %d articles, %d questions\n", len(arts), len(queries))
			r, err := rankeval.Evaluate("alqac", rankeval.Govnews{S: st.searcher}, queries, 100)
			if err != nil {
				return err
			}
			r.Print(a.stdout)
			// Journalists type without diacritics: the same questions,
			// folded, judged alike.
			rf, err := rankeval.Evaluate("alqac, no diacritics", rankeval.Govnews{S: st.searcher}, rankeval.WithoutDiacritics(queries), 100)
			if err != nil {
				return err
			}
			rf.Print(a.stdout)
			if resultsTo != "" {
				data, _ := json.Marshal(r.Results)
				if err := os.WriteFile(resultsTo, data, 0o644); err != nil {
					return err
				}
			}
			if reference {
				refs, err := rankeval.Reference("alqac", arts, queries, work)
				if err != nil {
					return err
				}
				for _, r := range refs {
					r.Print(a.stdout)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&alqacDir, "alqac", "", "the ALQAC directory (corpus.jsonl, queries.json)")
	cmd.Flags().BoolVar(&reference, "reference", false, "also run bleve's default mapping (TF-IDF and BM25)")
	cmd.Flags().StringVar(&work, "work", "", "directory for the indexes (default: a temporary one, removed after)")
	cmd.Flags().StringVar(&resultsTo, "results", "", "write the ALQAC rankings as JSON to this file")
	cmd.Flags().StringVar(&viNews, "vi-news", "", "vi-news JSONL for distractors and known-item queries (default: ../shared when present, else generated articles)")
	cmd.Flags().StringVar(&fixture, "fixture", "search/testdata/relevance", "the judged fixture directory (articles.jsonl, queries.yaml); empty to skip")
	cmd.Flags().IntVar(&distract, "distractors", 5000, "articles added around the judged fixture")
	cmd.Flags().BoolVar(&byQuery, "by-query", false, "print each fixture query's nDCG@10, worst first")
	cmd.Flags().StringVar(&poolTo, "pool", "", "write the distractors that govnews or bleve's default mapping rank in a fixture query's top 10 as JSON Lines, for judging")
	cmd.Flags().StringVar(&pooled, "pooled", "search/testdata/relevance/pooled.json", "judgments of pooled distractors ({query id: {key: grade}}, the key a hash of the URL, as --pool writes it), scored as a second fixture line; empty or missing to skip")
	cmd.Flags().IntVar(&knownN, "known-items", 1000, "known-item queries to generate (each also without diacritics); 0 to skip")
	return cmd
}

// buildBenchStore stores arts in a new index at dir, wired as every
// command's store (topics, abbreviations, provinces).
func buildBenchStore(dir string, arts []index.Article) (*store, error) {
	os.RemoveAll(dir)
	st, err := openStore(dataFlags{data: dir})
	if err != nil {
		return nil, err
	}
	w := st.ix.NewWriter(importBatch)
	for _, art := range arts {
		if err := w.Add(art); err != nil {
			w.Close()
			st.Close()
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// findShared finds ../shared/benchdata/NAME from the working directory or
// its parents.
func findShared(name string) string {
	dir, _ := os.Getwd()
	for range 4 {
		p := filepath.Join(dir, "..", "shared", "benchdata", name)
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		dir = filepath.Dir(dir)
	}
	return ""
}

// newsArticles are n articles of vi-news (path), or generated ones when
// there is no vi-news file.
func newsArticles(path string, n int) ([]index.Article, string, error) {
	if path != "" {
		arts, err := corpus.ReadViNews(path, n)
		return arts, "vi-news", err
	}
	g := corpus.NewGenerator(3)
	arts := make([]index.Article, n)
	for i := range arts {
		arts[i] = g.Next()
	}
	return arts, "generated", nil
}

// fixtureRun is what benchFixture needs.
type fixtureRun struct {
	dir, viNews, work string
	n                 int
	byQuery           bool
	poolTo, pooled    string
}

// benchFixture scores the judged fixture among distractors; with pooled
// judgments of the distractors, also with them.
func (a *app) benchFixture(fr fixtureRun) error {
	if fr.dir == "" {
		return nil
	}
	arts, queries, err := rankeval.LoadFixture(fr.dir)
	if err != nil {
		return err
	}
	news, label, err := newsArticles(fr.viNews, fr.n)
	if err != nil {
		return err
	}
	all := append(arts, news...)
	st, err := buildBenchStore(filepath.Join(fr.work, "fixture"), all)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(a.stdout, "fixture: %d judged articles among %d %s distractors, %d queries\n", len(arts), len(news), label, len(queries))
	r, err := rankeval.Evaluate("fixture", rankeval.Govnews{S: st.searcher}, queries, 100)
	if err != nil {
		return err
	}
	r.Print(a.stdout)
	if fr.byQuery {
		r.PrintQueries(a.stdout, queries)
	}
	if fr.pooled != "" && label == "vi-news" {
		judged, err := rankeval.LoadPooled(fr.pooled)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return err
		default:
			pq := rankeval.WithPooled(queries, judged, news)
			pr := rankeval.Report{Set: "fixture+pooled", System: "govnews", Scores: rankeval.Score(pq, r.Results), BySource: rankeval.BySource(pq, r.Results), Results: r.Results}
			pr.Print(a.stdout)
			if fr.byQuery {
				pr.PrintQueries(a.stdout, pq)
			}
			// The fixture's gap without the misses that are relevant
			// distractors ranked above its articles.
			left := rankeval.WithoutRelevantDistractors(r.Results, judged, news)
			lr := rankeval.Report{Set: "fixture-reldist", System: "govnews", Scores: rankeval.Score(queries, left), Results: left}
			lr.Print(a.stdout)
		}
	}
	if fr.poolTo != "" {
		ref, err := rankeval.BuildBleve(filepath.Join(fr.work, "fixture-bleve"), all, false)
		if err != nil {
			return err
		}
		defer ref.Close()
		rr, err := rankeval.Evaluate("fixture", ref, queries, 10)
		if err != nil {
			return err
		}
		n, err := rankeval.WritePool(fr.poolTo, queries, arts, news, 10, r.Results, rr.Results)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "pool: %d distractors to judge written to %s\n", n, fr.poolTo)
	}
	return nil
}

// benchKnownItems generates known-item queries from news articles and
// reports MRR, with and without diacritics.
func (a *app) benchKnownItems(viNews string, n int, work string) error {
	if n <= 0 {
		return nil
	}
	news, label, err := newsArticles(viNews, 0)
	if err != nil {
		return err
	}
	if len(news) == 0 {
		news, label, err = newsArticles("", 20000)
		if err != nil {
			return err
		}
	}
	st, err := buildBenchStore(filepath.Join(work, "known"), news)
	if err != nil {
		return err
	}
	defer st.Close()
	queries, err := rankeval.KnownItems(news, st.searcher, n, 1)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "known items: %d queries from %d %s articles\n", len(queries), len(news), label)
	r, err := rankeval.Evaluate("known-item", rankeval.Govnews{S: st.searcher}, queries, 100)
	if err != nil {
		return err
	}
	r.Print(a.stdout)
	return nil
}
