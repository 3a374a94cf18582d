package rankeval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/govnews/govnews/index"
)

// LoadALQAC reads the ALQAC collection in dir (corpus.jsonl and
// queries.json, as ../shared/benchdata/alqac lays them out).
func LoadALQAC(dir string) ([]index.Article, []Judged, error) {
	path := filepath.Join(dir, "corpus.jsonl")
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("rankeval: %w", err)
	}
	defer f.Close()
	var arts []index.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		var rec struct{ URL, Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, nil, fmt.Errorf("rankeval: %s:%d: %w", path, line, err)
		}
		arts = append(arts, index.Article{URL: rec.URL, Title: rec.Title, Body: rec.Body})
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("rankeval: %s: %w", path, err)
	}
	qpath := filepath.Join(dir, "queries.json")
	data, err := os.ReadFile(qpath)
	if err != nil {
		return nil, nil, fmt.Errorf("rankeval: %w", err)
	}
	var raw []struct {
		Q, ID, Source string
		Relevant      []string
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, nil, fmt.Errorf("rankeval: %s: %w", qpath, err)
	}
	qs := make([]Judged, len(raw))
	for i, r := range raw {
		rel := map[string]int{}
		for _, u := range r.Relevant {
			rel[u] = 1
		}
		qs[i] = Judged{ID: r.ID, Query: r.Q, Source: r.Source, Relevant: rel}
	}
	return arts, qs, nil
}

// WithoutDiacritics returns the queries as a reader typing without
// diacritics would write them ("dieu kien ket hon"), judged alike.
func WithoutDiacritics(queries []Judged) []Judged {
	out := make([]Judged, len(queries))
	for i, q := range queries {
		q.Query = foldQuery(q.Query)
		out[i] = q
	}
	return out
}
