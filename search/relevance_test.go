package search

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/govnews/govnews/index"
)

// The judged relevance set: articles and queries written for govnews, with
// graded judgments (2 highly relevant, 1 relevant).
const (
	relevanceArticles = "testdata/relevance/articles.jsonl"
	relevanceQueries  = "testdata/relevance/queries.yaml"
	relevanceBaseline = "testdata/relevance/baseline_ndcg10.txt"
)

type judgedQuery struct {
	ID       string         `yaml:"id"`
	Query    string         `yaml:"query"`
	Note     string         `yaml:"note"`
	Relevant map[string]int `yaml:"relevant"`
}

// ndcgAt computes nDCG@k of ranked URLs against graded judgments.
func ndcgAt(k int, ranked []string, judged map[string]int) float64 {
	dcg := 0.0
	for i, u := range ranked {
		if i >= k {
			break
		}
		if g := judged[u]; g > 0 {
			dcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
		}
	}
	grades := make([]int, 0, len(judged))
	for _, g := range judged {
		grades = append(grades, g)
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

func TestNDCGFormula(t *testing.T) {
	j := map[string]int{"a": 2, "b": 1}
	if got := ndcgAt(10, []string{"a", "b"}, j); math.Abs(got-1) > 1e-9 {
		t.Errorf("perfect ranking: %v", got)
	}
	if got := ndcgAt(10, []string{"x", "y"}, j); got != 0 {
		t.Errorf("nothing relevant: %v", got)
	}
	if worse := ndcgAt(10, []string{"b", "a"}, j); worse >= 1 || worse <= 0.5 {
		t.Errorf("swapped ranking: %v", worse)
	}
}

// TestRelevance runs the judged queries and fails when mean nDCG@10 drops
// below the recorded baseline, or when any query has nothing relevant in
// its top 10. Run with -v to see every query's score.
func TestRelevance(t *testing.T) {
	s := loadRelevanceIndex(t)
	var qs struct {
		Queries []judgedQuery `yaml:"queries"`
	}
	data, err := os.ReadFile(relevanceQueries)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &qs); err != nil {
		t.Fatalf("%s: %v", relevanceQueries, err)
	}
	sum := 0.0
	for _, q := range qs.Queries {
		res, err := s.Search(context.Background(), Request{Query: q.Query, Limit: 10})
		if err != nil {
			t.Errorf("%s %q: %v", q.ID, q.Query, err)
			continue
		}
		var ranked []string
		for _, h := range res.Hits {
			ranked = append(ranked, h.URL)
		}
		score := ndcgAt(10, ranked, q.Relevant)
		sum += score
		t.Logf("%-36s nDCG@10=%.3f  %q", q.ID, score, q.Query)
		if score == 0 {
			t.Errorf("%s %q: nothing relevant in the top 10 (got %v)", q.ID, q.Query, ranked)
		}
	}
	mean := sum / float64(len(qs.Queries))
	baseline := readBaseline(t)
	t.Logf("mean nDCG@10 = %.4f over %d queries (recorded baseline %.4f)", mean, len(qs.Queries), baseline)
	if mean+1e-9 < baseline {
		t.Errorf("mean nDCG@10 %.4f dropped below the recorded %.4f", mean, baseline)
	}
	if os.Getenv("GOVNEWS_RECORD_NDCG") != "" {
		os.WriteFile(relevanceBaseline, []byte(strconv.FormatFloat(math.Floor(mean*10000)/10000, 'f', 4, 64)+"\n"), 0o644)
	}
}

func readBaseline(t *testing.T) float64 {
	data, err := os.ReadFile(relevanceBaseline)
	if err != nil {
		t.Fatalf("%s: %v (record it with GOVNEWS_RECORD_NDCG=1 go test -run TestRelevance ./search)", relevanceBaseline, err)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(data)), 64)
	if err != nil {
		t.Fatalf("%s: %v", relevanceBaseline, err)
	}
	return v
}

func loadRelevanceIndex(t testing.TB) *Searcher {
	t.Helper()
	return newTestSearcherShards(t, relevanceArticlesFixture(t), index.NewIndexShards)
}

func relevanceArticlesFixture(t testing.TB) []index.Article {
	t.Helper()
	f, err := os.Open(relevanceArticles)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []index.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for line := 1; sc.Scan(); line++ {
		var a index.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s:%d: %v", relevanceArticles, line, err)
		}
		arts = append(arts, a)
	}
	return arts
}
