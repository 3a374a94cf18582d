package search

import (
	"strings"
	"testing"
)

// A typo in a config file is an error naming the file and the line, never
// an empty list: a retag with "topic:" for "topics:" once wiped every
// article's topics.
func TestConfigFileTypos(t *testing.T) {
	tests := []struct {
		name, data string
		parse      func(data string) error
		want       []string
	}{
		{"topics key", "topic:\n  - id: x\n    name: X\n    queries: [x]\n", parseTopics, []string{"topics.yaml", "line 1", "topic"}},
		{"topic field", "topics:\n  - id: x\n    nam: X\n    queries: [x]\n", parseTopics, []string{"topics.yaml", "line 3", "nam"}},
		{"topics empty file", "", parseTopics, []string{"topics.yaml", "empty"}},
		{"topics list missing", "# nothing\n", parseTopics, []string{"topics.yaml", "empty"}},
		{"abbreviations key", "abbreviation:\n  UBND: [ủy ban nhân dân]\n", parseAbbrevs, []string{"abbreviations.yaml", "line 1", "abbreviation"}},
		{"abbreviations empty file", "", parseAbbrevs, []string{"abbreviations.yaml", "empty"}},
		{"sources given as abbreviations", "sources:\n  - id: x\n", parseAbbrevs, []string{"abbreviations.yaml", "line 1", "sources"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.parse(tc.data)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
		})
	}
}

func parseTopics(data string) error {
	_, err := ParseTopics([]byte(data), "topics.yaml", nil)
	return err
}

func parseAbbrevs(data string) error {
	_, err := ParseAbbreviations([]byte(data), "abbreviations.yaml")
	return err
}
