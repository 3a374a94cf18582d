package rankeval

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/govnews/govnews/index"
)

// Report is one system's figures on one query set.
type Report struct {
	Set      string
	System   string
	Scores   Scores
	BySource map[string]Scores
	Took     time.Duration // all queries
	Results  map[string][]string
}

// Print writes a report as a table row per subset and the whole set.
func (r Report) Print(w io.Writer) {
	row := func(name string, s Scores) {
		fmt.Fprintf(w, "%-22s %-32s %5d  nDCG@10 %.4f  MRR@10 %.4f  MRR %.4f  R@10 %.4f  R@100 %.4f  no hit %d (%.1f%%)\n",
			r.Set, name, s.N, s.NDCG10, s.MRR10, s.MRR, s.R10, s.R100, s.NoHit, 100*float64(s.NoHit)/float64(max(s.N, 1)))
	}
	names := make([]string, 0, len(r.BySource))
	for n := range r.BySource {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) > 1 {
		for _, n := range names {
			row(r.System+" · "+n, r.BySource[n])
		}
	}
	row(r.System+" · all", r.Scores)
	if r.Scores.N > 0 {
		fmt.Fprintf(w, "%-22s %-32s mean query time %.1f ms\n", r.Set, r.System, float64(r.Took.Microseconds())/1000/float64(r.Scores.N))
	}
}

// Evaluate runs the queries on sys and scores them.
func Evaluate(set string, sys System, queries []Judged, k int) (Report, error) {
	res, took, err := Run(sys, queries, k)
	if err != nil {
		return Report{}, err
	}
	return Report{Set: set, System: sys.Name(), Scores: Score(queries, res), BySource: BySource(queries, res), Took: took, Results: res}, nil
}

// Reference evaluates bleve's default mapping, with TF-IDF and with
// BM25, over arts (indexed in work) at depth 100.
func Reference(set string, arts []index.Article, queries []Judged, work string) ([]Report, error) {
	var reports []Report
	for _, bm25 := range []bool{false, true} {
		dir := filepath.Join(work, fmt.Sprintf("%s-bleve-%v", set, bm25))
		os.RemoveAll(dir)
		b, err := BuildBleve(dir, arts, bm25)
		if err != nil {
			return nil, err
		}
		r, err := Evaluate(set, b, queries, 100)
		b.Close()
		os.RemoveAll(dir)
		if err != nil {
			return nil, err
		}
		reports = append(reports, r)
	}
	return reports, nil
}

// PrintQueries writes each query's nDCG@10 and first rank of a relevant
// article, worst first.
func (r Report) PrintQueries(w io.Writer, queries []Judged) {
	type row struct {
		q    Judged
		ndcg float64
	}
	var rows []row
	for _, q := range queries {
		rows = append(rows, row{q, ndcg(10, dedupe(r.Results[q.ID]), q.Relevant)})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].ndcg < rows[j].ndcg })
	for _, x := range rows {
		fmt.Fprintf(w, "  %.3f  %-36s %q\n", x.ndcg, x.q.ID, x.q.Query)
	}
}
