package rankeval

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/govnews/govnews/index"
)

// Pooled judgments: the fixture judges only its own 48 articles, so a
// distractor that is just as relevant counts as a miss. As TREC does, the
// distractors that the systems rank in a query's top k are pooled, judged
// by someone who does not see the rankings, and scored beside the
// fixture's own judgments (a pooled grade 0 stays a miss).

// PoolEntry is one distractor to judge for one query.
type PoolEntry struct {
	QueryID string `json:"query_id"`
	Query   string `json:"query"`
	URL     string `json:"url"`
	Key     string `json:"key"` // PooledKey(URL): what the judgments file names it by
	Title   string `json:"title"`
	Text    string `json:"text"` // the article's start, enough to judge
}

// WritePool writes, for each query, the distractors (articles not in the
// fixture) that any of the rankings puts in its top k, in query order and
// then by URL; it returns how many it wrote.
func WritePool(path string, queries []Judged, fixture, distractors []index.Article, k int, rankings ...map[string][]string) (int, error) {
	own := map[string]bool{}
	for _, a := range fixture {
		own[a.URL] = true
	}
	byURL := map[string]index.Article{}
	for _, a := range distractors {
		byURL[a.URL] = a
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, fmt.Errorf("rankeval: %w", err)
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	n := 0
	for _, q := range queries {
		pool := map[string]bool{}
		for _, r := range rankings {
			for _, u := range dedupe(r[q.ID])[:min(k, len(dedupe(r[q.ID])))] {
				if !own[u] {
					pool[u] = true
				}
			}
		}
		for _, u := range slices.Sorted(maps.Keys(pool)) {
			a := byURL[u]
			text := []rune(a.Body)
			if len(text) > 1500 {
				text = text[:1500]
			}
			if err := enc.Encode(PoolEntry{QueryID: q.ID, Query: q.Query, URL: u, Key: PooledKey(u), Title: a.Title, Text: string(text)}); err != nil {
				f.Close()
				return n, fmt.Errorf("rankeval: %s: %w", path, err)
			}
			n++
		}
	}
	if err := f.Close(); err != nil {
		return n, fmt.Errorf("rankeval: %s: %w", path, err)
	}
	return n, nil
}

// PooledKey is how pooled judgments name an article: a hash of its URL,
// so that the project keeps grades, not the names of another corpus's
// files (the distractors stay in ../shared).
func PooledKey(url string) string {
	h := sha256.Sum256([]byte(url))
	return hex.EncodeToString(h[:8])
}

// LoadPooled reads pooled judgments: {"query id": {PooledKey(url): grade}}.
func LoadPooled(path string) (map[string]map[string]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rankeval: %w", err)
	}
	var out map[string]map[string]int
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("rankeval: %s: %w", path, err)
	}
	return out, nil
}

// WithPooled returns the queries with the pooled grades of distractors
// added to their judgments (the fixture's own grade wins where both judge
// an article).
func WithPooled(queries []Judged, pooled map[string]map[string]int, distractors []index.Article) []Judged {
	urls := make(map[string]string, len(distractors))
	for _, a := range distractors {
		urls[PooledKey(a.URL)] = a.URL
	}
	out := make([]Judged, len(queries))
	for i, q := range queries {
		rel := maps.Clone(q.Relevant)
		for k, g := range pooled[q.ID] {
			if u, ok := urls[k]; ok && g > 0 {
				if _, judged := rel[u]; !judged {
					rel[u] = g
				}
			}
		}
		q.Relevant = rel
		q.Source = "fixture+pooled"
		out[i] = q
	}
	return out
}

// WithoutRelevantDistractors returns the rankings with the distractors the
// pooled judgments call relevant taken out: scored against the fixture's
// own judgments, what is left of the gap is the ranking's own, not a
// relevant distractor counted as a miss.
func WithoutRelevantDistractors(results map[string][]string, pooled map[string]map[string]int, distractors []index.Article) map[string][]string {
	isDistractor := make(map[string]bool, len(distractors))
	for _, a := range distractors {
		isDistractor[a.URL] = true
	}
	out := make(map[string][]string, len(results))
	for id, ranked := range results {
		for _, u := range ranked {
			if isDistractor[u] && pooled[id][PooledKey(u)] > 0 {
				continue
			}
			out[id] = append(out[id], u)
		}
	}
	return out
}
