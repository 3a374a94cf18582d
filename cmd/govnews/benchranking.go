package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/govnews/govnews/index"
	"github.com/govnews/govnews/search/rankeval"
)

func newBenchRankingCmd(a *app) *cobra.Command {
	var (
		alqacDir  string
		reference bool
		work      string
		resultsTo string
	)
	cmd := &cobra.Command{
		Use:   "ranking [--alqac DIR] [--reference] [--results FILE]",
		Short: "Measure ranking on ALQAC legal questions (written by others), beside bleve's default mapping",
		Long: `Ranking indexes the ALQAC collection (4,013 statute articles; --alqac, by default
../shared/benchdata/alqac when present) and runs its 1,330 questions as typed,
default sort, top 100, printing nDCG@10, MRR@10, recall at 10 and 100 and the
share of questions with no hit, per subset (alqac25-train, alqac22: tuning;
alqac25-private-test: held out). With --reference it runs bleve's default
mapping with TF-IDF and with BM25 on the same files in the same run.
--results writes the rankings as {"query id": [url, …]}, which ALQAC's
score.py also reads.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if alqacDir == "" {
				alqacDir = findShared("alqac")
			}
			if alqacDir == "" {
				return usageError("--alqac: no ALQAC directory given and none found in ../shared/benchdata")
			}
			arts, queries, err := rankeval.LoadALQAC(alqacDir)
			if err != nil {
				return err
			}
			if work == "" {
				dir, err := os.MkdirTemp("", "govnews-ranking-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				work = dir
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
	cmd.Flags().StringVar(&resultsTo, "results", "", "write the rankings as JSON to this file")
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
