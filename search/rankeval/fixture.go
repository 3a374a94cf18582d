package rankeval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"

	"github.com/govnews/govnews/index"
)

// LoadFixture reads the project's judged relevance set
// (search/testdata/relevance: articles.jsonl and queries.yaml).
func LoadFixture(dir string) ([]index.Article, []Judged, error) {
	path := filepath.Join(dir, "articles.jsonl")
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("rankeval: %w", err)
	}
	defer f.Close()
	var arts []index.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		var a index.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, nil, fmt.Errorf("rankeval: %s:%d: %w", path, line, err)
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("rankeval: %s: %w", path, err)
	}
	qpath := filepath.Join(dir, "queries.yaml")
	data, err := os.ReadFile(qpath)
	if err != nil {
		return nil, nil, fmt.Errorf("rankeval: %w", err)
	}
	var file struct {
		Queries []struct {
			ID       string         `yaml:"id"`
			Query    string         `yaml:"query"`
			Relevant map[string]int `yaml:"relevant"`
		} `yaml:"queries"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return nil, nil, fmt.Errorf("rankeval: %s: %w", qpath, err)
	}
	qs := make([]Judged, len(file.Queries))
	for i, r := range file.Queries {
		qs[i] = Judged{ID: r.ID, Query: r.Query, Source: "fixture", Relevant: r.Relevant}
	}
	return arts, qs, nil
}
