package search

import (
	"fmt"
	"regexp"

	"github.com/govnews/govnews/configs"
	"github.com/govnews/govnews/index"
)

// Topic is a named search from configs/topics.yaml. Articles matching any
// of its queries are tagged with its ID when they are stored.
type Topic struct {
	ID          string   `yaml:"id" json:"id"`
	Name        string   `yaml:"name" json:"name"`
	Description string   `yaml:"description" json:"description,omitempty"`
	Queries     []string `yaml:"queries" json:"queries"`
	parsed      []*Query
}

// Topics is the topic list; it implements index.Tagger.
type Topics struct {
	list []Topic
}

var topicID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ParseTopics reads configs/topics.yaml. Each query is parsed with the
// search syntax; errors name the file, the topic and the query.
func ParseTopics(data []byte, file string, ab *Abbreviations) (*Topics, error) {
	var f struct {
		Topics []Topic `yaml:"topics"`
	}
	if err := configs.Decode(data, &f); err != nil {
		return nil, fmt.Errorf("search: %s: %w", file, err)
	}
	if f.Topics == nil {
		return nil, fmt.Errorf("search: %s: no topics (expected a top-level \"topics:\" list)", file)
	}
	seen := map[string]bool{}
	for i := range f.Topics {
		t := &f.Topics[i]
		switch {
		case !topicID.MatchString(t.ID):
			return nil, fmt.Errorf("search: %s: topics[%d]: id %q must be lowercase letters, digits and dashes", file, i, t.ID)
		case seen[t.ID]:
			return nil, fmt.Errorf("search: %s: topics[%d]: id %q is used twice", file, i, t.ID)
		case t.Name == "":
			return nil, fmt.Errorf("search: %s: topic %q: name is empty", file, t.ID)
		case len(t.Queries) == 0:
			return nil, fmt.Errorf("search: %s: topic %q: no queries", file, t.ID)
		}
		seen[t.ID] = true
		for k, qs := range t.Queries {
			q, err := Parse(qs, ab)
			if err != nil {
				return nil, fmt.Errorf("search: %s: topic %q: queries[%d] %q: %v", file, t.ID, k, qs, err)
			}
			if q.Empty() {
				return nil, fmt.Errorf("search: %s: topic %q: queries[%d] is empty", file, t.ID, k)
			}
			t.parsed = append(t.parsed, q)
		}
	}
	return &Topics{list: f.Topics}, nil
}

// List returns the topics in file order.
func (ts *Topics) List() []Topic {
	if ts == nil {
		return nil
	}
	return append([]Topic(nil), ts.list...)
}

// Topics implements index.Tagger: the ids of the topics a matches.
func (ts *Topics) Topics(a *index.Article) []string {
	if ts == nil {
		return nil
	}
	var ids []string
	words := articleText(a)
	for _, t := range ts.list {
		for _, q := range t.parsed {
			if q.matchesText(words, a) {
				ids = append(ids, t.ID)
				break
			}
		}
	}
	return ids
}
