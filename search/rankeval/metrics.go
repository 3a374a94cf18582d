// Package rankeval measures govnews' ranking on query sets written by
// others (ALQAC), on known-item queries generated from a corpus, and on
// the project's judged fixture among distractors, beside bleve's default
// mapping on the same articles. It reads the shared benchmark files when
// they are present and otherwise runs on articles the project generates.
package rankeval

import (
	"math"
	"sort"
)

// Judged is one query with graded judgments (url → grade, 1 or more).
type Judged struct {
	ID       string
	Query    string
	Source   string // a subset name ("alqac25-train", "known-item/span" …)
	Relevant map[string]int
}

// Scores are the means of a query set's metrics.
type Scores struct {
	N      int
	NDCG10 float64
	MRR10  float64
	MRR    float64 // over the whole ranking returned (known-item search)
	R10    float64
	R100   float64
	NoHit  int // queries that returned nothing
}

// Score scores ranked URLs (by query ID) against the judgments: nDCG@10
// with gain 2^grade−1 and a log2 discount (binary judgments give the
// same figure as ALQAC's score.py), MRR, recall at 10 and 100. A URL
// repeated in a ranking counts once, at its first position.
func Score(queries []Judged, results map[string][]string) Scores {
	var s Scores
	for _, q := range queries {
		ranked := dedupe(results[q.ID])
		s.N++
		if len(ranked) == 0 {
			s.NoHit++
			continue
		}
		s.NDCG10 += ndcg(10, ranked, q.Relevant)
		for i, u := range ranked {
			if q.Relevant[u] > 0 {
				if i < 10 {
					s.MRR10 += 1 / float64(i+1)
				}
				s.MRR += 1 / float64(i+1)
				break
			}
		}
		s.R10 += recall(ranked, q.Relevant, 10)
		s.R100 += recall(ranked, q.Relevant, 100)
	}
	if s.N > 0 {
		n := float64(s.N)
		s.NDCG10, s.MRR10, s.MRR, s.R10, s.R100 = s.NDCG10/n, s.MRR10/n, s.MRR/n, s.R10/n, s.R100/n
	}
	return s
}

// BySource scores each subset of queries.
func BySource(queries []Judged, results map[string][]string) map[string]Scores {
	groups := map[string][]Judged{}
	for _, q := range queries {
		groups[q.Source] = append(groups[q.Source], q)
	}
	out := map[string]Scores{}
	for name, qs := range groups {
		out[name] = Score(qs, results)
	}
	return out
}

func dedupe(urls []string) []string {
	seen := map[string]bool{}
	out := urls[:0:0]
	for _, u := range urls {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

func ndcg(k int, ranked []string, rel map[string]int) float64 {
	dcg := 0.0
	for i, u := range ranked {
		if i >= k {
			break
		}
		if g := rel[u]; g > 0 {
			dcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
		}
	}
	grades := make([]int, 0, len(rel))
	for _, g := range rel {
		if g > 0 {
			grades = append(grades, g)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	ideal := 0.0
	for i, g := range grades {
		if i >= k {
			break
		}
		ideal += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

func recall(ranked []string, rel map[string]int, k int) float64 {
	want, got := 0, 0
	for _, g := range rel {
		if g > 0 {
			want++
		}
	}
	for i, u := range ranked {
		if i >= k {
			break
		}
		if rel[u] > 0 {
			got++
		}
	}
	if want == 0 {
		return 0
	}
	return float64(got) / float64(want)
}
